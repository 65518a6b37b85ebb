/**
 * Canary health and the release-pipeline scaffold in one call for the composition root: the
 * `.release-pilot.yml` reader, the health service (manual and automatic checks), the Canary
 * Health panel, and the three commands. Collaborators come in as options so integration tests
 * can build the same objects with a fake source and scripted prompts.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import type { FetchLike } from '../../core/canary';
import type { CommandId } from '../ids';
import { Commands, Settings } from '../ids';
import type { ScaffoldOutcome } from '../scaffold/createReleasePipeline';
import { createReleasePipeline } from '../scaffold/createReleasePipeline';
import type { Prompts } from '../scaffold/prompts';
import { vscodePrompts } from '../scaffold/vscodePrompts';
import { CanaryHealthPanel } from './canaryHealthPanel';
import type { CanaryHealthEntry, CanaryHost, CanaryTarget, SourceFactory } from './canaryHealthService';
import { CanaryHealthService } from './canaryHealthService';
import { PrometheusCredentials, setPrometheusCredentials } from './prometheusCredentials';
import { ReleasePilotConfigFiles } from './releasePilotConfigFiles';

/** The lanes as this module needs them (LanesController fits). */
export interface CanaryLanesHost extends CanaryHost {
  allConnections(): readonly { readonly repoKey: string }[];
}

export interface CanaryFeatureOptions {
  readonly host: CanaryLanesHost;
  readonly logger: Logger;
  readonly secrets: vscode.SecretStorage;
  /** Learns Prometheus secrets so logs never show them (SecretRedactor). */
  readonly redactor?: { register(secret: string): void };
  /** Registers a command behind the shared error boundary (CommandRunner.register). Omitted: nothing is registered (tests). */
  readonly register?: (id: CommandId, handler: (...args: unknown[]) => unknown) => vscode.Disposable;
  readonly prompts?: Prompts;
  readonly fetch?: FetchLike;
  readonly now?: () => number;
  /** Replaces the configured source (tests). */
  readonly sourceFactory?: SourceFactory;
}

export interface CanaryFeatures extends vscode.Disposable {
  readonly service: CanaryHealthService;
  readonly panel: CanaryHealthPanel;
  readonly configFiles: ReleasePilotConfigFiles;
  /** Runs a check and shows it in the panel (what the command does once it knows the target). */
  checkAndShow(target: CanaryTarget): Promise<CanaryHealthEntry>;
  createReleasePipeline(folder?: vscode.Uri, prompts?: Prompts): Promise<ScaffoldOutcome>;
}

/** A target passed by a script or another command: `{ repoKey?, pipelineId?, jobId?, ref?, environment? }`. */
function asTarget(arg: unknown): Partial<CanaryTarget> | undefined {
  if (typeof arg !== 'object' || arg === null || arg instanceof vscode.Uri) return undefined;
  const a = arg as Record<string, unknown>;
  const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) ? v : undefined);
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
  const out = { repoKey: str(a['repoKey']), pipelineId: num(a['pipelineId']), jobId: num(a['jobId']), ref: str(a['ref']), environment: str(a['environment']) };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}

/** The repository to check: the one of the active editor, the only one, or the one picked. */
async function chooseRepo(host: CanaryLanesHost, prompts: Prompts): Promise<string | undefined> {
  const connected = host.allConnections().map((c) => c.repoKey);
  const candidates = connected.length > 0 ? connected : (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
  const active = vscode.window.activeTextEditor?.document.uri.fsPath;
  const holding = active ? candidates.filter((k) => active === k || active.startsWith(k + path.sep)).sort((a, b) => b.length - a.length)[0] : undefined;
  if (holding) return holding;
  if (candidates.length <= 1) return candidates[0];
  return prompts.pick({ key: 'repository', title: 'Check canary health of which repository?', items: candidates.map((k) => ({ id: k, label: path.basename(k), description: k })) });
}

export function registerCanaryAndScaffold(options: CanaryFeatureOptions): CanaryFeatures {
  const prompts = options.prompts ?? vscodePrompts;
  const configFiles = new ReleasePilotConfigFiles();
  const credentials = new PrometheusCredentials(options.secrets, options.redactor);
  const service = new CanaryHealthService({
    host: options.host,
    logger: options.logger,
    configFiles,
    credentials,
    fetch: options.fetch ?? ((url, init) => fetch(url, init)),
    now: options.now ?? Date.now,
    ...(options.sourceFactory ? { sourceFactory: options.sourceFactory } : {}),
  });
  const panel = new CanaryHealthPanel(service);
  const disposables: vscode.Disposable[] = [panel, service, configFiles];

  const checkAndShow = async (target: CanaryTarget): Promise<CanaryHealthEntry> => {
    panel.open(target);
    const entry = await service.check(target);
    panel.show(entry);
    return entry;
  };
  const scaffold = (folder?: unknown, withPrompts: Prompts = prompts): Promise<ScaffoldOutcome> => createReleasePipeline({ prompts: withPrompts, logger: options.logger }, folder);

  if (options.register) {
    const register = options.register;
    disposables.push(
      register(Commands.createReleasePipeline, (folder) => scaffold(folder)),
      register(Commands.checkCanaryHealth, async (arg) => {
        const given = asTarget(arg) ?? {};
        const repoKey = given.repoKey ?? (await chooseRepo(options.host, prompts));
        if (!repoKey) {
          void prompts.warn('Open the folder of a GitLab project to check its canary.');
          return undefined;
        }
        return checkAndShow({ ...given, repoKey });
      }),
      register(Commands.setPrometheusCredentials, async () => {
        const repoKey = await chooseRepo(options.host, prompts);
        const fileUrl = repoKey ? (await configFiles.load(repoKey)).canary.prometheus?.url : undefined;
        const settingUrl = vscode.workspace.getConfiguration(undefined, repoKey ? vscode.Uri.file(repoKey) : undefined).get<string>(Settings.canaryPrometheusUrl)?.trim();
        return setPrometheusCredentials(credentials, prompts, settingUrl || fileUrl);
      }),
    );
  }

  return {
    service,
    panel,
    configFiles,
    checkAndShow,
    createReleasePipeline: (folder, withPrompts) => scaffold(folder, withPrompts),
    dispose: () => {
      for (const d of disposables.reverse()) d.dispose();
    },
  };
}

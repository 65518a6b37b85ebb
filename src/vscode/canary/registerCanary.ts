/**
 * Canary health: the `.release-pilot.yml` reader, the health service (manual and automatic
 * checks), the Canary Health panel, the verdict under canary gates in the lanes, the Prometheus
 * credentials, and their commands.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Asker } from '../../core/asker';
import type { CanaryTarget } from '../../core/canary/canaryHealthEntry';
import { canaryNote } from '../../core/canary/canaryNote';
import { PrometheusHostConsent } from '../../core/canary/prometheusHostConsent';
import type { FeatureContext } from '../featureContext';
import type { GitLabConnections } from '../gitlab/gitLabConnections';
import { Commands } from '../ids';
import type { LanesFeature } from '../lanes/registerLanes';
import { CanaryHealthPanel } from './canaryHealthPanel';
import { CanaryHealthService, configuredSource } from './canaryHealthService';
import { PrometheusCredentials, setPrometheusCredentials } from './prometheusCredentials';
import { ReleasePilotConfigFiles } from './releasePilotConfigFiles';

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
async function chooseRepo(gitlab: GitLabConnections, ask: Asker): Promise<string | undefined> {
  const connected = gitlab.allConnections().map((c) => c.repoKey);
  const candidates = connected.length > 0 ? connected : (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
  const active = vscode.window.activeTextEditor?.document.uri.fsPath;
  const holding = active ? candidates.filter((k) => active === k || active.startsWith(k + path.sep)).sort((a, b) => b.length - a.length)[0] : undefined;
  if (holding) return holding;
  if (candidates.length <= 1) return candidates[0];
  return ask.pick(candidates.map((k) => ({ value: k, label: path.basename(k), description: k })), { title: 'Check canary health of which repository?' });
}

export function registerCanary(context: FeatureContext, deps: { readonly gitlab: GitLabConnections; readonly lanes: LanesFeature }): CanaryHealthService {
  const { store, commands, logger, settings, ask, redactor } = context;
  const { gitlab, lanes } = deps;
  const configFiles = store.add(new ReleasePilotConfigFiles());
  const credentials = new PrometheusCredentials(context.extension.secrets, redactor);
  const service = store.add(new CanaryHealthService({
    host: {
      connection: (repoKey) => gitlab.connection(repoKey),
      snapshot: (repoKey) => lanes.controller.snapshot(repoKey),
      onDidRefresh: (listener) => lanes.controller.onDidRefresh(listener),
    },
    logger, configFiles, credentials, settings,
    fetch: (url, init) => fetch(url, init),
    now: Date.now,
    createSource: configuredSource,
    consent: new PrometheusHostConsent(context.extension.globalState, ask),
  }));
  const panel = store.add(new CanaryHealthPanel(service));
  // The latest verdict under each canary gate in the lanes.
  lanes.controller.setCanaryNotes((repoKey, pipelineId) => canaryNote(service.latestFor(repoKey, pipelineId)));
  store.add(service.onDidChange(() => lanes.controller.rerender()));

  store.add(commands.register(Commands.checkCanaryHealth, async (arg) => {
    const given = asTarget(arg) ?? {};
    const repoKey = given.repoKey ?? (await chooseRepo(gitlab, ask));
    if (!repoKey) {
      void ask.inform('warning', 'Open the folder of a GitLab project to check its canary.');
      return undefined;
    }
    const target = { ...given, repoKey };
    panel.open(target);
    const entry = await service.check(target);
    panel.show(entry);
    return entry;
  }));
  store.add(commands.register(Commands.setPrometheusCredentials, async () => {
    const repoKey = await chooseRepo(gitlab, ask);
    const fileUrl = repoKey ? (await configFiles.load(repoKey)).canary.prometheus?.url : undefined;
    const settingUrl = settings.optionalText('canaryPrometheusUrl', repoKey ? vscode.Uri.file(repoKey) : undefined);
    return setPrometheusCredentials(credentials, ask, settingUrl ?? fileUrl);
  }));
  return service;
}

/**
 * The Environments view: what is deployed where, Compare Environments... (the commits between two
 * deployments, from the clone or GitLab, each opening its diff) and Roll Back... (core/release/actions/rollBack.ts).
 */
import * as vscode from 'vscode';
import type { CommitBasic } from '../../core/gitlab/models';
import type { CommitRange } from '../../core/environments/compareEnvironments';
import { commitDiffText, commitsBetween } from '../../core/environments/compareEnvironments';
import { defaultComparison, groupOf } from '../../core/environments/environmentGroups';
import type { EnvironmentRow } from '../../core/environments/readEnvironments';
import type { ReleaseDeps } from '../../core/release/actions/releaseDeps';
import { rollBack } from '../../core/release/actions/rollBack';
import type { FeatureContext } from '../featureContext';
import type { GitLabConnections } from '../gitlab/gitLabConnections';
import { Commands, Views } from '../ids';
import { loadGitApi } from '../lanes/gitApi';
import type { LanesFeature } from '../lanes/registerLanes';
import { CommitDiffDocuments } from './commitDiffDocuments';
import { EnvironmentsController } from './environmentsController';
import { EnvironmentsTreeProvider } from './environmentsTreeProvider';
import { findRepository, localHistory, openLocalCommitDiff } from './localGit';

export interface EnvironmentsFeature {
  readonly tree: EnvironmentsTreeProvider;
  readonly controller: EnvironmentsController;
}

export function registerEnvironments(context: FeatureContext, deps: { readonly gitlab: GitLabConnections; readonly lanes: LanesFeature; readonly release: ReleaseDeps }): EnvironmentsFeature {
  const { store, commands, logger, ask } = context;
  const tree = store.add(new EnvironmentsTreeProvider());
  const view = store.add(vscode.window.createTreeView(Views.environments, { treeDataProvider: tree, showCollapseAll: true }));
  const controller = store.add(new EnvironmentsController(deps.gitlab, deps.lanes.controller.onDidRefresh, tree, view, logger));
  const diffs = store.add(new CommitDiffDocuments());
  const git = loadGitApi().catch(() => undefined);

  const nodeTarget = (arg: unknown): { repoKey?: string; environment?: string } => (typeof arg === 'string' ? tree.node(arg)?.target ?? {} : {});
  const pickRepo = async (repoKey: string | undefined): Promise<string | undefined> => {
    if (repoKey) return repoKey;
    const all = deps.gitlab.allConnections();
    if (all.length === 0) throw new Error('No repository is connected to GitLab yet: sign in, or wait for the lanes to load.');
    if (all.length === 1) return all[0]!.repoKey;
    return ask.pick(all.map((c) => ({ label: c.projectPath, description: c.repoKey, value: c.repoKey })), { title: 'Which project?' });
  };
  const rowsOf = async (repoKey: string): Promise<readonly EnvironmentRow[]> => controller.rows(repoKey) ?? (await controller.reload(), controller.rows(repoKey) ?? []);

  store.add(commands.register(Commands.refreshEnvironments, () => controller.reload()));

  store.add(commands.register(Commands.rollBackEnvironment, async (arg) => {
    const target = nodeTarget(arg);
    const repoKey = await pickRepo(target.repoKey);
    if (!repoKey) return undefined;
    const local = localHistory(findRepository(await git, repoKey));
    const started = await rollBack(deps.release, { repoKey, ...(target.environment ? { environment: target.environment } : {}), ...(local ? { local } : {}) });
    if (started) controller.watchRollback(repoKey, started.environment);
    return started;
  }));

  store.add(commands.register(Commands.compareEnvironments, async (arg) => {
    const target = nodeTarget(arg);
    const repoKey = await pickRepo(target.repoKey);
    if (!repoKey) return undefined;
    const connection = deps.gitlab.connection(repoKey);
    if (!connection) throw new Error('This repository is not connected to GitLab yet.');
    const deployed = (await rowsOf(repoKey)).filter((r) => r.deployed);
    if (deployed.length < 2) {
      void ask.inform('info', 'Fewer than two environments have a successful deployment: there is nothing to compare.');
      return undefined;
    }
    const pair = await choosePair(deployed, target.environment);
    if (!pair) return undefined;
    const repository = findRepository(await git, repoKey);
    const range = await commitsBetween(connection.api, connection.projectPath, pair.from.deployed!.sha, pair.to.deployed!.sha, localHistory(repository));
    const commit = await pickCommit(pair.from, pair.to, range);
    if (!commit) return range;
    if (range.source === 'local' && (await openLocalCommitDiff(await git, repository, commit))) return range;
    await diffs.open(connection.projectPath, commit.id, await commitDiffText(connection.api, connection.projectPath, commit));
    return range;
  }));

  /** From a node: that environment against one the person picks (production or canary first); else canary against production. */
  async function choosePair(rows: readonly EnvironmentRow[], from: string | undefined): Promise<{ from: EnvironmentRow; to: EnvironmentRow } | undefined> {
    const chosen = from ? rows.find((r) => r.environment.name === from) : undefined;
    if (!chosen) {
      const fallback = defaultComparison(rows);
      if (fallback) return fallback;
    }
    const base = chosen ?? (await ask.pick(rows.map((r) => ({ label: r.environment.name, value: r })), { title: 'Compare which environment (the older side)?' }));
    if (!base) return undefined;
    const others = rows.filter((r) => r !== base).sort((a, b) => rank(a, base) - rank(b, base));
    const other = await ask.pick(others.map((r) => ({ label: r.environment.name, description: `${r.deployed!.ref} @ ${r.deployed!.sha.slice(0, 8)}`, value: r })), { title: `Compare ${base.environment.name} with which environment?` });
    return other ? { from: base, to: other } : undefined;
  }

  async function pickCommit(from: EnvironmentRow, to: EnvironmentRow, range: CommitRange): Promise<CommitBasic | undefined> {
    const title = `${to.environment.name} has ${range.commits.length} commit${range.commits.length === 1 ? '' : 's'} that ${from.environment.name} has not${promotionWords(from, to)} (${range.source === 'local' ? 'from your clone' : 'from GitLab'}${range.truncated ? ', incomplete' : ''})`;
    if (range.commits.length === 0) {
      void ask.inform('info', `${to.environment.name} (${to.deployed!.sha.slice(0, 8)}) holds nothing that ${from.environment.name} (${from.deployed!.sha.slice(0, 8)}) does not.`);
      return undefined;
    }
    return ask.pick(range.commits.map((c) => ({ label: `${c.short_id} ${c.title}`, ...(c.author_name ? { description: c.author_name } : {}), value: c })), { title, placeholder: 'Pick a commit to open its diff' });
  }

  return { tree, controller };
}

function promotionWords(from: EnvironmentRow, to: EnvironmentRow): string {
  return groupOf(from.environment) === 'production' && groupOf(to.environment) === 'canary' ? ': what a promotion would ship' : '';
}

/** Production and the canary are the usual partners. */
function rank(row: EnvironmentRow, base: EnvironmentRow): number {
  const order = groupOf(base.environment) === 'production' ? ['canary', 'production', 'dev', 'review', 'other'] : ['production', 'canary', 'dev', 'review', 'other'];
  return order.indexOf(groupOf(row.environment));
}

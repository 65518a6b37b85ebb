import * as assert from 'node:assert/strict';
import type { EnvironmentNode } from '../../../../src/core/environments/environmentTree';
import { buildEnvironmentTree } from '../../../../src/core/environments/environmentTree';
import type { EnvironmentRow } from '../../../../src/core/environments/readEnvironments';
import type { Deployment } from '../../../../src/core/gitlab/models';
import { deployment, environment, job } from '../../../support/gitlabPayloads';

const NOW = Date.parse('2026-03-01T12:00:00Z');

function deployed(id: number, env: { id: number; name: string }, status: Deployment['status'], sha: string, title: string, at: string): Deployment {
  const deployable = job(id * 10, 'deploy', 'deploy', 'success', { commit: { id: sha, short_id: sha.slice(0, 8), title } });
  return deployment(id, deployable, env.name, { status, sha, ref: 'master', created_at: at, finished_at: at, environment: { id: env.id, name: env.name }, user: { id: 1, username: 'dana', name: 'Dana' } });
}

describe('environments tree', () => {
  const production = environment(3, 'production', 'production');
  const canary = environment(2, 'production/canary');
  const review = environment(4, 'review/feature-x');
  const rows: EnvironmentRow[] = [
    { environment: review },
    { environment: production, deployed: deployed(30, production, 'success', 'aaaaaaaa11', 'Ship v1', '2026-03-01T10:00:00Z'), latest: deployed(31, production, 'blocked', 'bbbbbbbb22', 'Ship v2', '2026-03-01T11:50:00Z'), pendingApprovals: 1 },
    { environment: canary, deployed: deployed(20, canary, 'success', 'bbbbbbbb22', 'Ship v2', '2026-03-01T11:00:00Z') },
  ];
  const nodes = buildEnvironmentTree([{ repoKey: '/r', label: 'r', projectPath: 'g/r', state: { kind: 'ready', rows } }], NOW);
  const find = (list: readonly EnvironmentNode[], label: string): EnvironmentNode | undefined => list.find((n) => n.label === label);

  it('groups one repository\'s environments at the top, in the release order', () => {
    assert.deepEqual(nodes.map((n) => n.label), ['production/canary', 'production', 'review apps']);
  });

  it('says what runs on each environment, who deployed it and when, and what waits for approval', () => {
    const prod = find(find(nodes, 'production')!.children, 'production')!;
    assert.equal(prod.description, 'master @ aaaaaaaa Ship v1 · @dana · 2 h ago');
    assert.equal(prod.icon?.id, 'shield', 'a deployment waiting for approval marks the environment');
    assert.equal(prod.contextValue, 'environment group-production deployed');
    assert.deepEqual(prod.target, { repoKey: '/r', environment: 'production' });
    assert.deepEqual(prod.children.map((c) => [c.label, c.description]), [['next: waiting for approval (1 approval missing)', 'master @ bbbbbbbb Ship v2 · @dana · 10 min ago']]);
    const never = find(find(nodes, 'review apps')!.children, 'review/feature-x')!;
    assert.equal(never.description, 'nothing deployed yet');
    assert.equal(never.contextValue, 'environment group-review', 'nothing to roll back or compare');
  });

  it('puts repositories on top when several are open, with their loading and error states', () => {
    const several = buildEnvironmentTree([
      { repoKey: '/a', label: 'a', projectPath: 'g/a', state: { kind: 'loading' } },
      { repoKey: '/b', label: 'b', projectPath: 'g/b', state: { kind: 'error', message: 'GitLab answered 500' } },
    ], NOW);
    assert.deepEqual(several.map((n) => [n.label, n.children.map((c) => c.label)]), [['a', ['Loading environments...']], ['b', ['Environments could not be read']]]);
  });
});

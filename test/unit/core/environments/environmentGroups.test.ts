import * as assert from 'node:assert/strict';
import { defaultComparison, groupEnvironments, groupOf } from '../../../../src/core/environments/environmentGroups';

const env = (name: string, tier?: string) => ({ environment: { name, ...(tier ? { tier } : {}) } });

describe('environment groups', () => {
  it('puts each environment in its group, first rule first', () => {
    const cases: [string, string | undefined, string][] = [
      ['dev', undefined, 'dev'],
      ['staging', 'staging', 'dev'],
      ['integration', 'development', 'dev'],
      ['production/canary', 'production', 'canary'],
      ['canary', undefined, 'canary'],
      ['production', 'production', 'production'],
      ['eu/prod', undefined, 'production'],
      ['live', 'production', 'production'],
      ['review/feature-x', 'development', 'review'],
      ['review/canary-tweaks', undefined, 'review'],
      ['docs', 'other', 'other'],
    ];
    for (const [name, tier, group] of cases) assert.equal(groupOf({ name, ...(tier ? { tier } : {}) }), group, name);
  });

  it('lists the groups in the order dev, production/canary, production, review apps, others; empty groups are left out', () => {
    const groups = groupEnvironments([env('review/b'), env('production', 'production'), env('docs'), env('review/a'), env('dev')]);
    assert.deepEqual(groups.map((g) => [g.title, g.rows.map((r) => r.environment.name)]), [
      ['dev', ['dev']],
      ['production', ['production']],
      ['review apps', ['review/a', 'review/b']],
      ['others', ['docs']],
    ]);
  });

  it('compares the canary with production by default, and nothing when one is missing', () => {
    const rows = [env('dev'), env('production/canary', 'production'), env('production', 'production')];
    assert.deepEqual(defaultComparison(rows), { from: rows[2], to: rows[1] });
    assert.equal(defaultComparison([env('dev'), env('production')]), undefined);
  });
});

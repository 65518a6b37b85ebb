import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { generateCase, runCase } from '../../../support/ciFuzz';
import { HAS_SPECIAL_FILES, removeScratch, scratchDir } from '../../../support/hostileRepos';

/**
 * A slice of `npm run fuzz` (scripts/fuzz.mjs runs 100 000 cases): structure-aware repositories
 * (include graphs, reference fan-out, alias nests, matrices, special files, links) and byte
 * mutations, each checked for the invariants in runCase. A failure names its seed.
 */
describe('ci analysis fuzzing (a unit-level slice of npm run fuzz)', function () {
  // A hang guard, not a speed check: a slice takes about 2 s on an idle machine and several
  // times that when the machine is shared, which the unit level's default 10 s did not allow for.
  this.timeout(120_000);
  after(removeScratch);

  for (let slice = 0; slice < 4; slice++) {
    const first = slice * 500 + 1;
    it(`keeps every invariant over generated repositories ${first}-${first + 499} in memory`, () => {
      const problems: string[] = [];
      for (let seed = first; seed < first + 500; seed++) {
        const c = generateCase(seed, 0.01);
        const outcome = runCase(c);
        if (outcome.problem) problems.push(`seed ${seed} (${c.shape}): ${outcome.problem}`);
      }
      assert.deepEqual(problems, []);
    });
  }

  it('keeps every invariant over 60 generated repositories on disk, FIFOs and device links included', function () {
    if (!HAS_SPECIAL_FILES) this.skip();
    const dir = scratchDir('fuzz');
    const problems: string[] = [];
    for (let seed = 100_001; seed <= 100_060; seed++) {
      const c = generateCase(seed, 0.01);
      const outcome = runCase(c, path.join(dir, String(seed)));
      if (outcome.problem) problems.push(`seed ${seed} (${c.shape}): ${outcome.problem}`);
    }
    assert.deepEqual(problems, []);
  });
});

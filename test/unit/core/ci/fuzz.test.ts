import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { generateCase, runCase } from '../../../support/ciFuzz';
import { HAS_SPECIAL_FILES, removeScratch, scratchDir } from '../../../support/hostileRepos';

/**
 * A slice of `npm run fuzz` (scripts/fuzz.mjs runs 100 000 cases): structure-aware repositories
 * (include graphs, reference fan-out, alias nests, matrices, special files, links) and byte
 * mutations, each checked for the invariants in runCase. A failure names its seed.
 */
describe('ci analysis fuzzing (a unit-level slice of npm run fuzz)', () => {
  after(removeScratch);

  // Four slices of 500, so each stays well inside the unit level's per-test timeout on a busy machine.
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

import * as assert from 'node:assert/strict';
import { alreadyIncluded } from '../../../../src/core/scaffold/alreadyIncluded';

const PATH = '.gitlab/ci/release-pilot.yml';

describe('already included', () => {
  it('finds the file as a local include, a plain string, or a single include, with or without a leading slash', () => {
    assert.equal(alreadyIncluded(`include:\n  - local: '${PATH}'\n`, PATH), true);
    assert.equal(alreadyIncluded(`include:\n  - /${PATH}\n`, PATH), true);
    assert.equal(alreadyIncluded(`include: ${PATH}\n`, PATH), true);
    assert.equal(alreadyIncluded(`include:\n  local: ./${PATH}\n`, PATH), true);
  });

  it('does not mistake other includes, comments or broken files for it', () => {
    assert.equal(alreadyIncluded('include:\n  - local: .gitlab/ci/build.yml\n', PATH), false);
    assert.equal(alreadyIncluded(`# include: ${PATH}\nbuild:\n  script: [make]\n`, PATH), false);
    assert.equal(alreadyIncluded('include: [\n', PATH), false);
    assert.equal(alreadyIncluded('', PATH), false);
  });
});

import * as assert from 'node:assert/strict';
import { addIncludeToCiFile } from '../../../../src/core/scaffold';

const PATH = '.gitlab/ci/release-pilot.yml';

describe('addIncludeToCiFile', () => {
  it('adds an include block on top when there is none', () => {
    assert.equal(addIncludeToCiFile('build:\n  script: [make]\n', PATH), `include:\n  - local: '${PATH}'\n\nbuild:\n  script: [make]\n`);
  });

  it('appends to a block list with its indentation', () => {
    const text = 'include:\n    - local: a.yml\n    - template: B.gitlab-ci.yml\n# jobs\nbuild:\n  script: [make]\n';
    assert.equal(addIncludeToCiFile(text, PATH), text.replace('B.gitlab-ci.yml\n', `B.gitlab-ci.yml\n    - local: '${PATH}'\n`));
  });

  it('appends to a list at the end of the file without a final newline', () => {
    assert.equal(addIncludeToCiFile('include:\n- a.yml', PATH), `include:\n- a.yml\n- local: '${PATH}'\n`);
  });

  it('turns a single include into a list', () => {
    assert.equal(addIncludeToCiFile('include: a.yml # ours\nbuild:\n  script: [make]\n', PATH), `include:\n  - a.yml\n  - local: '${PATH}' # ours\nbuild:\n  script: [make]\n`);
  });

  const untouched: [string, string][] = [['a flow list', 'include: [a.yml]\n'], ['a map', 'include:\n  local: a.yml\n'], ['broken YAML', 'include: [\n'], ['a list document', '- a\n']];
  for (const [name, text] of untouched) {
    it(`leaves ${name} to the person`, () => assert.equal(addIncludeToCiFile(text, PATH), undefined));
  }

  it('accepts an empty file', () => {
    assert.equal(addIncludeToCiFile('', PATH), `include:\n  - local: '${PATH}'\n\n`);
  });
});

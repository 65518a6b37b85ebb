import * as assert from 'node:assert/strict';
import { checkProjectPath } from '../../../../src/core/gitlab/projectPath';

/** GitLab's path grammar (lib/gitlab/path_regex.rb, namespace.rb): accepted paths, and refused ones with the reason. */
const ACCEPTED = ['group/project', 'group/sub/project', 'g_1/.dotted-project', 'my.group_/p', 'a/b', `${Array.from({ length: 20 }, (_, i) => `g${i}`).join('/')}/p`];
const REFUSED: readonly (readonly [string, RegExp])[] = [
  ['project', /names no group/],
  ['/group/project', /starts or ends with a slash/],
  ['group/project/', /starts or ends with a slash/],
  [' group/project', /spaces around it/],
  ['group//project', /empty part/],
  ['../project', /"\.\." is not a name/],
  ['group/..', /"\.\." is not a name/],
  ['group/./project', /"\." is not a name/],
  ['group%2F..%2Fadmin/project', /holds a character/],
  ['group/pro ject', /holds a character/],
  ['group\\sub/project', /holds a character/],
  ['-group/project', /holds a character/],
  ['group/project.git', /ends in \.git or \.atom/],
  ['group.atom/project', /ends in \.git or \.atom/],
  ['group./project', /the group "group\." ends with "\."/],
  [`${Array.from({ length: 21 }, (_, i) => `g${i}`).join('/')}/p`, /at most 20 deep/],
];

describe('checkProjectPath', () => {
  for (const path of ACCEPTED) {
    it(`accepts ${path.length > 40 ? `${path.slice(0, 40)}...` : path}`, () => assert.deepEqual(checkProjectPath(path), { path }));
  }
  for (const [path, why] of REFUSED) {
    it(`refuses ${JSON.stringify(path.length > 40 ? `${path.slice(0, 40)}...` : path)}`, () => {
      const checked = checkProjectPath(path);
      assert.ok('problem' in checked, 'refused');
      assert.match(checked.problem, why);
    });
  }
});

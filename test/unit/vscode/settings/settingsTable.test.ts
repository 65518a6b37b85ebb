import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SETTINGS } from '../../../../src/vscode/settings/settingsTable';
import { REPO_ROOT } from '../../../support/paths';

interface Property {
  readonly default?: unknown;
  readonly scope?: string;
}

const properties = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, Property> } } })
  .contributes.configuration.properties;

describe('the settings module against package.json', () => {
  it('reads every contributed setting, and nothing else', () => {
    assert.deepEqual(Object.values(SETTINGS).map((s) => s.id).sort(), Object.keys(properties).sort());
  });

  for (const [key, spec] of Object.entries(SETTINGS)) {
    it(`${key}: the same default and scope as contributes.configuration`, () => {
      const declared = properties[spec.id];
      assert.ok(declared, `${spec.id} is contributed`);
      assert.deepEqual(spec.default, declared.default, `default of ${spec.id}`);
      // VS Code's default scope is `window`.
      assert.equal(spec.scope, declared.scope ?? 'window', `scope of ${spec.id}`);
    });
  }
});

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../../support/paths';

const SCRIPT = path.join(REPO_ROOT, 'scripts', 'check-import-cycles.mjs');

/** Runs the static level's cycle check over a tree of modules written to a temporary directory. */
function check(files: Record<string, string>): { code: number | null; output: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-cycles-'));
  try {
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
    const run = spawnSync(process.execPath, [SCRIPT, dir], { encoding: 'utf8' });
    return { code: run.status, output: run.stdout + run.stderr };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('import cycle check (static level)', () => {
  it('passes a tree whose imports only go one way, folder indexes included', () => {
    const run = check({
      'a.ts': "import { b } from './lib';\nexport const a = b;\n",
      'lib/index.ts': "export { b } from './b';\n",
      'lib/b.ts': "import { c } from '../c';\nexport const b = c;\n",
      'c.ts': "import * as path from 'node:path';\nexport const c = path.sep;\n",
    });
    assert.equal(run.code, 0, run.output);
  });

  it('fails on a circle made of a type import and a re-export through a folder index', () => {
    const run = check({
      'a.ts': "import type { B } from './lib';\nexport interface A { b?: B }\n",
      'lib/index.ts': "export type { B } from './b';\n",
      'lib/b.ts': "import type { A } from '../a';\nexport interface B { a?: A }\n",
      'c.ts': "import type { A } from './a';\nexport type C = A;\n",
    });
    assert.equal(run.code, 1);
    assert.match(run.output, /import cycle among 3 module\(s\)/);
    for (const name of ['a.ts', path.join('lib', 'index.ts'), path.join('lib', 'b.ts')]) assert.ok(run.output.includes(name), `${name} named in:\n${run.output}`);
    assert.ok(!run.output.includes('c.ts'), 'a module outside the circle is not blamed');
  });
});

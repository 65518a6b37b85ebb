import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository root, found from wherever the compiled test runs (out/test/...). */
export const REPO_ROOT: string = findRoot(__dirname);

/** Absolute path of a file under test/fixtures/. */
export function fixturePath(...segments: string[]): string {
  return path.join(REPO_ROOT, 'test', 'fixtures', ...segments);
}

export function readFixture(...segments: string[]): string {
  return fs.readFileSync(fixturePath(...segments), 'utf8');
}

function findRoot(start: string): string {
  let dir = start;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name === 'release-pilot') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`release-pilot package.json not found above ${start}`);
    dir = parent;
  }
}

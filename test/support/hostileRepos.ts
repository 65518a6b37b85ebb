import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './paths';

/** A repository on disk built to attack the analysis, and the one finding it must end in. */
export interface HostileRepo {
  readonly name: string;
  /** Project root (a real directory under test-output/). */
  readonly root: string;
  /** The entry file, `<root>/.gitlab-ci.yml`. */
  readonly entry: string;
  /** The finding code the analysis must report for it. */
  readonly code: string;
}

let made = 0;

/** A fresh empty directory under test-output/ (tests write nowhere else); removed by {@link removeScratch}. */
export function scratchDir(label: string): string {
  const dir = path.join(REPO_ROOT, 'test-output', 'hostile', `${process.pid}-${++made}-${label}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

export function removeScratch(): void {
  fs.rmSync(path.join(REPO_ROOT, 'test-output', 'hostile'), { recursive: true, force: true });
}

function write(root: string, files: Readonly<Record<string, string>>): void {
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
}

/** A case by name and expected finding; its files are only made on disk by `make()`, when it runs. */
export interface HostileCase {
  readonly name: string;
  readonly code: string;
  make(): HostileRepo;
}

function repo(name: string, code: string, files: Readonly<Record<string, string>>, extra?: (root: string) => void): HostileCase {
  return {
    name,
    code,
    make: () => {
      const root = scratchDir(name);
      write(root, files);
      extra?.(root);
      return { name, root, entry: path.join(root, '.gitlab-ci.yml'), code };
    },
  };
}

/** `.a0: [x]` and `.aK: [!reference [.aK-1], !reference [.aK-1]]`: the list doubles at each level. */
export function doublingReferences(levels: number, jobs: number): string {
  const lines = ['.a0: [x]'];
  for (let i = 1; i <= levels; i++) lines.push(`.a${i}: [!reference [.a${i - 1}], !reference [.a${i - 1}]]`);
  for (let j = 1; j <= jobs; j++) lines.push(`job${j}: {script: !reference [.a${levels}]}`);
  return `${lines.join('\n')}\n`;
}

/** Nine anchors, each a list of nine aliases of the one before: 9^9 values when expanded. */
export function aliasBomb(): string {
  const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  const names = 'abcdefghi';
  for (let i = 1; i < names.length; i++) {
    const prev = names.charAt(i - 1);
    lines.push(`${names.charAt(i)}: &${names.charAt(i)} [${Array.from({ length: 9 }, () => `*${prev}`).join(',')}]`);
  }
  return `${lines.join('\n')}\n`;
}

/** Whether this platform has FIFOs and /dev/zero (not Windows). */
export const HAS_SPECIAL_FILES = process.platform !== 'win32' && fs.existsSync('/dev/zero');

/** The cases of issue 11, each as real files (FIFOs, links to devices, escapes) in its own root. */
export function hostileRepos(): HostileCase[] {
  const cases: HostileCase[] = [];
  const star: Record<string, string> = { '.gitlab-ci.yml': "include: 'f*.yml'\nentry-job: {script: x}\n" };
  for (let i = 1; i <= 10; i++) star[`f${i}.yml`] = `include: 'f*.yml'\njob${i}: {script: x}\n`;
  cases.push(repo('ten-files-include-star', 'include-cycle', star));
  const lattice: Record<string, string> = { '.gitlab-ci.yml': "include: ['l1a.yml', 'l1b.yml']\nentry-job: {script: x}\n" };
  for (let i = 1; i <= 30; i++) {
    const next = i < 30 ? `include: ['l${i + 1}a.yml', 'l${i + 1}b.yml']\n` : '';
    lattice[`l${i}a.yml`] = `${next}a${i}: {script: x}\n`;
    lattice[`l${i}b.yml`] = `${next}b${i}: {script: x}\n`;
  }
  cases.push(repo('diamond-lattice-2^30-paths', 'include-limit', lattice));
  cases.push(repo('doubling-references-20-lines', 'expansion-limit', { '.gitlab-ci.yml': doublingReferences(18, 1) }));
  cases.push(repo('doubling-references-29kb', 'expansion-limit', { '.gitlab-ci.yml': doublingReferences(15, 800) }));
  cases.push(repo('alias-bomb', 'yaml-alias-limit', { '.gitlab-ci.yml': `${aliasBomb()}job: {script: x}\n` }));
  const outside = (root: string): string => path.join(path.dirname(root), 'outside-secret.yml');
  const writeOutside = (root: string): void => fs.writeFileSync(outside(root), 'secret-job: {script: ["echo TOKEN=hunter2"]}\n');
  cases.push(repo('dot-dot-escape', 'include-outside-root', { '.gitlab-ci.yml': 'include: ../outside-secret.yml\njob: {script: x}\n' }, writeOutside));
  cases.push(repo('dot-dot-glob-walk', 'include-outside-root', { '.gitlab-ci.yml': "include: '../../../../../../**/*.yml'\njob: {script: x}\n" }));
  cases.push(
    repo('symlink-out-of-root', 'include-outside-root', { '.gitlab-ci.yml': 'include: link.yml\njob: {script: x}\n' }, (root) => {
      writeOutside(root);
      fs.symlinkSync(outside(root), path.join(root, 'link.yml'));
    }),
  );
  cases.push(
    repo('absolute-path-is-repo-root', 'include-local-missing', { '.gitlab-ci.yml': '' }, (root) => {
      writeOutside(root);
      fs.writeFileSync(path.join(root, '.gitlab-ci.yml'), `include: '${outside(root)}'\njob: {script: x}\n`);
    }),
  );
  cases.push(repo('matrix-over-200-jobs', 'matrix-too-many-jobs', { '.gitlab-ci.yml': 'job:\n  script: x\n  parallel:\n    matrix:\n      - A: [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15]\n        B: [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15]\n' }));
  cases.push(repo('too-large', 'include-too-large', { '.gitlab-ci.yml': 'include: big.yml\njob: {script: x}\n', 'big.yml': `big: {script: x}\n${'#'.repeat(2 * 1024 * 1024)}\n` }));
  if (HAS_SPECIAL_FILES) {
    cases.push(
      repo('fifo', 'include-not-regular', { '.gitlab-ci.yml': 'include: pipe.yml\njob: {script: x}\n' }, (root) => {
        execFileSync('mkfifo', [path.join(root, 'pipe.yml')]);
      }),
    );
    cases.push(
      repo('link-to-dev-zero', 'include-outside-root', { '.gitlab-ci.yml': 'include: zero.yml\njob: {script: x}\n' }, (root) => {
        fs.symlinkSync('/dev/zero', path.join(root, 'zero.yml'));
      }),
    );
    cases.push(
      repo('glob-over-fifo-and-device-links', 'include-glob-empty', { '.gitlab-ci.yml': "include: 'ci/*.yml'\njob: {script: x}\n" }, (root) => {
        fs.mkdirSync(path.join(root, 'ci'));
        execFileSync('mkfifo', [path.join(root, 'ci', 'pipe.yml')]);
        fs.symlinkSync('/dev/zero', path.join(root, 'ci', 'zero.yml'));
      }),
    );
  }
  return cases;
}

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintCiFiles } from '../../src/core/ci/analyze/lint';
import { CI_CODES } from '../../src/core/ci/model/codes';
import { MAX_EXPANSION } from '../../src/core/ci/model/budget';
import type { FileReader } from '../../src/core/ci/model/fileReader';
import { createFsReader } from '../../src/node/fsReader';
import { memoryReader } from './memoryReader';

/** A small seeded generator (mulberry32): the same seed gives the same case on every machine. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Special files a case asks for, made only when it runs on disk. */
export interface SpecialFiles {
  readonly fifos: readonly string[];
  /** Root-relative name -> link target (absolute, or relative to the link). */
  readonly links: Readonly<Record<string, string>>;
}

export interface FuzzCase {
  readonly seed: number;
  /** What the generator built, for the report of a failure. */
  readonly shape: string;
  readonly files: Readonly<Record<string, string>>;
  readonly special: SpecialFiles;
}

const NAMES = ['build', 'test', '.tpl', 'deploy', 'job\u001b[31m', 'a b', '.hidden', 'x:y', '"q"', 'név'];
const PIECES = [' ', ':', '-', '#', '\n', '"', "'", '[', ']', '{', '}', ',', '&a ', '*a', '|', '>', '!reference [', '  ', '<<: *a', '\n  ', '\n- ', '?', 'x: ', '\t', '\u0000', '\u001b', '\ufeff', '---\n', '%YAML 1.1\n', 'include: ', '../', '/dev/zero', '**/*.yml', '$CI', '$[[ inputs.x ]]'];

/**
 * One case: a small repository built from the shapes that broke the analysis before (include
 * graphs with globs, cycles and escapes; doubling `!reference` fan-out; alias bombs and merge keys;
 * matrices around GitLab's limit; FIFOs and links to devices or out of the root), then, for a third
 * of the cases, byte mutations of one file. `heavyRate` is the share of reference chains and alias
 * nests that go past the expansion allowance.
 */
export function generateCase(seed: number, heavyRate = 0.05): FuzzCase {
  const rand = seeded(seed);
  const int = (n: number): number => Math.floor(rand() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)] as T;
  const files: Record<string, string> = {};
  const fifos: string[] = [];
  const links: Record<string, string> = {};
  const shapes: string[] = [];
  /** Most cases stay small; a few go for the limits (they cost the most to run). */
  const heavy = (): boolean => rand() < heavyRate;
  const fileCount = 1 + int(8);
  const fileName = (i: number): string => (i === 0 ? '.gitlab-ci.yml' : pick(['', 'ci/', 'ci/sub/']) + `f${i}.yml`);
  const names = Array.from({ length: fileCount }, (_, i) => fileName(i));
  for (let i = 0; i < fileCount; i++) {
    const lines: string[] = [];
    const includes: string[] = [];
    const includeCount = int(4);
    for (let k = 0; k < includeCount; k++) {
      const kind = int(10);
      if (kind < 5) includes.push(`/${names[int(fileCount)] ?? 'none.yml'}`);
      else if (kind === 5) includes.push(pick(['*.yml', 'ci/*.yml', 'ci/**/*.yml', '**/*.yml', 'f*.yml']));
      else if (kind === 6) includes.push(pick(['../outside.yml', '../../**/*.yml', '/../x.yml', 'ci/../../x.yml', '/etc/passwd.yml']));
      else if (kind === 7) includes.push(pick(['pipe.yml', 'zero.yml', 'out.yml', 'loop.yml', 'dir.yml']));
      else if (kind === 8) includes.push(`{local: ${names[int(fileCount)] ?? 'x.yml'}, inputs: {x: ${int(3)}}}`);
      else includes.push(pick(['{template: Go.gitlab-ci.yml}', 'https://example.com/x.yml', '{project: g/p, file: a.yml}', 'missing.yml', '$VAR.yml']));
    }
    if (includes.length > 0) {
      lines.push(`include: [${includes.map((p) => (p.startsWith('{') ? p : JSON.stringify(p))).join(', ')}]`);
      shapes.push(`includes:${includes.length}`);
    }
    const part = int(6);
    if (part === 0) {
      const levels = 1 + (heavy() ? int(19) : int(6));
      const fan = 2 + int(2);
      lines.push(`.r0${i}: [x]`);
      for (let l = 1; l <= levels; l++) lines.push(`.r${l}${i}: [${Array.from({ length: fan }, () => `!reference [.r${l - 1}${i}]`).join(', ')}]`);
      for (let j = 0; j < 1 + int(heavy() ? 30 : 6); j++) lines.push(`rj${j}f${i}: {script: !reference [.r${int(levels + 1)}${i}]}`);
      shapes.push(`references:${levels}x${fan}`);
    } else if (part === 1) {
      const depth = 1 + (heavy() ? int(9) : int(3));
      const width = 2 + int(8);
      lines.push(`.b0: &b0 [${Array.from({ length: width }, () => '"x"').join(',')}]`);
      for (let d = 1; d <= depth; d++) lines.push(`.b${d}: &b${d} [${Array.from({ length: width }, () => `*b${d - 1}`).join(',')}]`);
      lines.push(`aj: {script: x, variables: {<<: {A: *b${int(depth + 1)}}}}`, `aj2: {script: *b0}`);
      shapes.push(`aliases:${depth}x${width}`);
    } else if (part === 2) {
      const values = (n: number): string => `[${Array.from({ length: n }, (_, v) => v).join(',')}]`;
      const entries = Array.from({ length: 1 + int(3) }, () => `{A: ${values(1 + int(20))}, B: ${values(1 + int(15))}}`);
      lines.push(`mj: {script: x, parallel: {matrix: [${entries.join(', ')}]}}`, `needs-mj: {script: x, needs: [{job: mj, parallel: {matrix: [{A: '1', B: '2'}]}}]}`);
      shapes.push(`matrix:${entries.length}`);
    } else if (part === 3) {
      const chain = 1 + int(15);
      lines.push('.e0: {script: x}');
      for (let e = 1; e <= chain; e++) lines.push(`.e${e}: {extends: ${int(4) === 0 ? `.e${int(chain + 1)}` : `.e${e - 1}`}, variables: {V${e}: x}}`);
      lines.push(`ej: {extends: [.e${chain}, .e${int(chain)}], stage: ${pick(['build', 'nope', 'test'])}}`);
      shapes.push(`extends:${chain}`);
    } else if (part === 4) {
      for (let j = 0; j < 1 + int(6); j++) lines.push(`${JSON.stringify(pick(NAMES) + j)}: {script: [x], needs: [${JSON.stringify(pick(NAMES))}], stage: ${pick(['build', 'test', 'x'])}}`);
      shapes.push('jobs');
    } else {
      lines.push(`spec: {inputs: {x: {default: 1}}}`, '---', `ij: {script: ["$[[ inputs.x ]]"]}`);
      shapes.push('inputs');
    }
    files[names[i] ?? `f${i}.yml`] = `${lines.join('\n')}\n`;
  }
  if (int(3) === 0) {
    fifos.push(pick(['pipe.yml', 'ci/pipe.yml']));
    links['zero.yml'] = '/dev/zero';
    links['out.yml'] = '../outside.yml';
    links['loop.yml'] = 'loop.yml';
    links['dir.yml'] = '.';
    shapes.push('special-files');
  }
  if (int(3) === 0) {
    const target = pick(Object.keys(files));
    let text = files[target] ?? '';
    const edits = 1 + int(8);
    for (let e = 0; e < edits; e++) {
      const at = int(text.length + 1);
      const kind = int(3);
      if (kind === 0) text = text.slice(0, at) + text.slice(at + 1 + int(4));
      else if (kind === 1) text = text.slice(0, at) + pick(PIECES) + text.slice(at);
      else text = text.slice(0, at) + String.fromCharCode(int(256)) + text.slice(at + 1);
    }
    files[target] = text;
    shapes.push(`mutated:${edits}`);
  }
  return { seed, shape: shapes.join(' '), files, special: { fifos, links } };
}

/** What one run of a case showed; `problem` is set when an invariant broke. */
export interface FuzzOutcome {
  readonly problem?: string;
  readonly findings: number;
}

const KNOWN_CODE = (code: string): boolean => code in CI_CODES || code.startsWith('schema-');

/**
 * Runs a case and checks what must hold for any repository: the analysis returns (no throw), every
 * finding has a known code, nothing outside the root was read, and the merged configuration stays
 * within the expansion allowance. On disk when `dir` is given (special files made), else in memory.
 */
export function runCase(c: FuzzCase, dir?: string): FuzzOutcome {
  let root = '/fuzz/project';
  let reader: FileReader;
  if (dir) {
    root = path.join(dir, 'project');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(root, { recursive: true });
    fs.writeFileSync(path.join(dir, 'outside.yml'), 'outside-job: {script: [TOKEN=hunter2]}\n');
    for (const [rel, text] of Object.entries(c.files)) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    }
    for (const fifo of c.special.fifos) {
      fs.mkdirSync(path.dirname(path.join(root, fifo)), { recursive: true });
      if (!fs.existsSync(path.join(root, fifo))) execFileSync('mkfifo', [path.join(root, fifo)]);
    }
    for (const [rel, target] of Object.entries(c.special.links)) if (!fs.existsSync(path.join(root, rel))) fs.symlinkSync(target, path.join(root, rel));
    reader = createFsReader();
  } else reader = memoryReader(root, c.files);
  const entry = path.join(root, '.gitlab-ci.yml');
  let result;
  try {
    result = lintCiFiles({ root, files: [entry], reader });
  } catch (error) {
    return { problem: `threw ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`, findings: 0 };
  }
  const analysis = result.files[0]?.analysis;
  if (!analysis) return { problem: 'the entry was not analysed', findings: 0 };
  const unknown = analysis.diagnostics.find((d) => !KNOWN_CODE(d.code));
  if (unknown) return { problem: `unknown code ${unknown.code}`, findings: analysis.diagnostics.length };
  const outside = [...analysis.files.keys()].find((f) => !f.startsWith(root + path.sep));
  if (outside) return { problem: `read ${outside}, outside the root`, findings: analysis.diagnostics.length };
  if (analysis.diagnostics.some((d) => d.message.includes('hunter2'))) return { problem: 'quoted a file outside the root', findings: analysis.diagnostics.length };
  const values = countValues(analysis.mergedValue, 3 * MAX_EXPANSION);
  if (values > 3 * MAX_EXPANSION) return { problem: `merged configuration holds more than ${3 * MAX_EXPANSION} values`, findings: analysis.diagnostics.length };
  return { findings: analysis.diagnostics.length };
}

/** Values in a plain value, counted up to just past `limit`. */
export function countValues(value: unknown, limit: number): number {
  let n = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && n <= limit) {
    const v = stack.pop();
    n++;
    if (Array.isArray(v)) for (const item of v as unknown[]) stack.push(item);
    else if (v !== null && typeof v === 'object') for (const item of Object.values(v as Record<string, unknown>)) stack.push(item);
  }
  return n;
}

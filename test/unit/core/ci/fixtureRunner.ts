import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from '../../../../src/core/diagnostic';
import { createFsReader } from '../../../../src/node/fsReader';
import { lintCiFiles } from '../../../../src/core/ci/analyze/lint';

/** One finding as fixtures list it: `line` is one-based, `file` is relative to the fixture's folder. */
export interface ExpectedFinding {
  code: string;
  severity: string;
  line: number;
  file?: string;
}

export interface FixtureCase {
  /** Entry file, absolute. */
  readonly entry: string;
  readonly expected: ExpectedFinding[];
}

/** Every `X.expected.json` below `dir` (recursively, dot-folders included) with its `X.yml`. */
export function findFixtureCases(dir: string): FixtureCase[] {
  const out: FixtureCase[] = [];
  const walk = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.expected.json')) {
        const parsed = JSON.parse(fs.readFileSync(full, 'utf8')) as { diagnostics: ExpectedFinding[] };
        out.push({ entry: full.replace(/\.expected\.json$/, '.yml'), expected: parsed.diagnostics });
      }
    }
  };
  walk(dir);
  return out.sort((a, b) => a.entry.localeCompare(b.entry));
}

export function summarize(diagnostics: readonly Diagnostic[], entry: string): ExpectedFinding[] {
  const dir = path.dirname(entry);
  return diagnostics.map((d) => ({
    code: d.code,
    severity: d.severity,
    line: d.range.start.line + 1,
    ...(d.file ? { file: path.relative(dir, d.file).split(path.sep).join('/') } : {}),
  }));
}

export function sortFindings(list: ExpectedFinding[]): ExpectedFinding[] {
  return [...list].sort((a, b) => (a.file ?? '').localeCompare(b.file ?? '') || a.line - b.line || a.code.localeCompare(b.code));
}

/** Lints a fixture entry with its folder as project root, through the real file system. */
export function lintFixture(entry: string): Diagnostic[] {
  const result = lintCiFiles({ root: path.dirname(entry), files: [entry], reader: createFsReader() });
  return [...(result.files[0]?.diagnostics ?? [])];
}

/**
 * The deliberate differences from GitLab's reference schema, read from the table in
 * `docs/ci-conformance.md`, so that the document and the tests cannot drift apart: a difference the
 * tests find must be in the table, and every row of the table must still be a difference.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../../../../../support/paths';

export interface Explained {
  /** Keyword path patterns as written in the table: `job.cache.policy`, `*.artifacts.reports`. */
  readonly path: string;
  /** Case kinds it covers (see cases.ts), or `any`. */
  readonly kinds: readonly string[];
  readonly reason: string;
  readonly matcher: RegExp;
}

export const CONFORMANCE_DOC = path.join(REPO_ROOT, 'docs', 'ci-conformance.md');

/**
 * Rows of the `| Paths | Cases | Reason |` table: one or more paths in backticks, the kinds of case
 * (or structural facts) they cover. `*` stands for any one path part, `**` for anything.
 */
export function readExplained(): Explained[] {
  const text = fs.readFileSync(CONFORMANCE_DOC, 'utf8');
  const out: Explained[] = [];
  // Only the "Deliberate differences" section: the document's other tables map GitLab's rules, not schema paths.
  const start = text.indexOf('## Deliberate differences');
  const end = text.indexOf('\n## ', start + 1);
  const section = start === -1 ? text : text.slice(start, end === -1 ? undefined : end);
  for (const line of section.split('\n')) {
    const m = /^\|\s*(`[^|]+`)\s*\|\s*([^|]+?)\s*\|\s*(.+?)\s*\|\s*$/.exec(line);
    if (!m) continue;
    const [, cell = '', kinds = '', reason = ''] = m;
    const paths = [...cell.matchAll(/`([^`]+)`/g)].map((x) => x[1] ?? '');
    const pattern = paths.map((p) => p.replace(/[.[\]$]/g, (c) => `\\${c}`).replace(/\*\*|\*/g, (w) => (w === '**' ? '.*' : '[^.]*'))).join('|');
    out.push({
      path: paths.join(', '),
      kinds: kinds.split(',').map((k) => k.trim().replace(/`/g, '')),
      reason,
      matcher: new RegExp(`^(?:${pattern})$`, 'u'),
    });
  }
  return out;
}

export function explain(rows: readonly Explained[], p: string, kind: string): Explained | undefined {
  return rows.find((r) => r.matcher.test(p) && (r.kinds.includes('any') || r.kinds.includes(kind)));
}

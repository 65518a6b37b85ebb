/**
 * What hovering an include entry says about the files it brought in from GitLab or a remote host:
 * which version was read, where to see it, and whether it is the copy cached earlier because
 * GitLab could not be reached (the finding at the include says so too).
 */
import type { Position, Range } from '../diagnostic';
import type { CiAnalysis, RemoteIncludeFreshness } from '../ci';
import { codeSpan, plainText } from '../markdown';
import { browsableLink } from '../safeLink';

export interface IncludeHover {
  readonly contents: string;
  readonly range: Range;
}

const FRESHNESS_WORDS: Readonly<Record<RemoteIncludeFreshness, string>> = {
  live: 'read from GitLab now',
  cached: 'from the include cache',
  'stale-offline': 'from cache, GitLab unreachable: this is the copy read earlier',
};

/** The hover for the include entry of `file` at `position`, when that entry brought in remote files. */
export function includeHover(analysis: CiAnalysis, file: string, position: Position): IncludeHover | undefined {
  const link = analysis.includes.find((l) => l.file === file && l.kind !== 'local' && contains(l.range, position));
  if (!link) return undefined;
  const lines = link.resolved.flatMap((path) => {
    const found = analysis.remoteFiles.get(path);
    if (!found) return [];
    // The address is ours (the instance's page of the file, or the include:remote URL the person allowed), not GitLab's answer.
    const web = browsableLink(found.displayUrl, found.displayUrl);
    const where = web.ok ? ` ([open in the browser](${web.url}))` : '';
    return [`${codeSpan(link.target)} at ${codeSpan(found.resolved)}: ${plainText(FRESHNESS_WORDS[found.freshness])}${where}`];
  });
  return lines.length === 0 ? undefined : { contents: lines.join('\n\n'), range: link.range };
}

function contains(range: Range, p: Position): boolean {
  const after = p.line > range.start.line || (p.line === range.start.line && p.character >= range.start.character);
  const before = p.line < range.end.line || (p.line === range.end.line && p.character <= range.end.character);
  return after && before;
}

import type { Position } from '../../diagnostic';
import type { CiAnalysis } from '../analyze/analyzeCiFile';
import type { SourceLoc } from '../model/ciNode';
import type { CiLink } from './editorQueries';
import { ciLinks } from './editorQueries';
import { contains, sameRange } from './offsets';

/**
 * Go to definition and find references over the links of an analysis: `extends`, `needs`,
 * `dependencies`, `!reference`, aliases and `include:local` point at their definitions, and a
 * job's key (or an anchor) is found from every place that names it.
 */
export class CiNavigator {
  private readonly links: readonly CiLink[];

  constructor(private readonly analysis: CiAnalysis) {
    this.links = ciLinks(analysis);
  }

  /** Where the name under the cursor is defined; empty when the cursor is on no link. */
  definition(file: string, position: Position): SourceLoc[] {
    return [...(this.linkAt(file, position)?.targets ?? [])];
  }

  /** Every place that names the symbol under the cursor (a link, a job key or an anchor). */
  references(file: string, position: Position, includeDeclaration: boolean): SourceLoc[] {
    const target = this.symbolAt(file, position);
    if (!target) return [];
    const uses = this.links.filter((l) => l.targets.some((t) => sameLoc(t, target))).map((l) => l.loc);
    return includeDeclaration ? [target, ...uses] : uses;
  }

  /** The link whose written name covers the position. */
  linkAt(file: string, position: Position): CiLink | undefined {
    return this.links.find((l) => l.loc.file === file && contains(l.loc.range, position));
  }

  private symbolAt(file: string, position: Position): SourceLoc | undefined {
    const link = this.linkAt(file, position);
    if (link) return link.targets[0];
    const job = this.analysis.jobs.find((j) => j.keyLoc.file === file && contains(j.keyLoc.range, position));
    if (job) return job.keyLoc;
    const parsed = this.analysis.files.get(file);
    const anchor = parsed?.anchors.find((a) => contains(a.range, position));
    return anchor ? { file, range: anchor.range } : undefined;
  }
}

function sameLoc(a: SourceLoc, b: SourceLoc): boolean {
  return a.file === b.file && sameRange(a.range, b.range);
}

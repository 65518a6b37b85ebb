import type { Diagnostic, Range } from '../../diagnostic';
import type { JsonPath, SourceLoc, SourceMap } from '../model/ciNode';
import type { LocateTarget, SchemaLocator } from '../model/schemaPort';

/**
 * A {@link SchemaLocator} over a source map, remembering which file each returned range belongs to
 * so schema findings in included files can carry `file`. Paths missing from the map (inside
 * unresolved references, or keys the schema expected but found absent) fall back to the nearest
 * ancestor.
 */
export class SourceMapLocator {
  private readonly fileOf = new WeakMap<Range, string>();
  private readonly fileByText = new Map<string, string>();

  constructor(
    private readonly map: SourceMap,
    private readonly fallback: SourceLoc,
  ) {}

  readonly locate: SchemaLocator = (path, target) => {
    const loc = this.find(path, target);
    this.fileOf.set(loc.range, loc.file);
    this.fileByText.set(JSON.stringify(loc.range), loc.file);
    return loc.range;
  };

  find(path: JsonPath, target: LocateTarget): SourceLoc {
    for (let n = path.length; n >= 0; n--) {
      const entry = this.map.at(path.slice(0, n));
      if (entry) return target === 'key' && entry.key ? entry.key : entry.value;
    }
    return this.fallback;
  }

  /** The file a diagnostic's range came from, as handed out by {@link locate}. */
  fileFor(diagnostic: Diagnostic): string {
    return diagnostic.file ?? this.fileOf.get(diagnostic.range) ?? this.fileByText.get(JSON.stringify(diagnostic.range)) ?? this.fallback.file;
  }
}

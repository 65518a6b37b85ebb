import * as nodePath from 'node:path';
import type { Diagnostic, Range } from '../../diagnostic';
import { ZERO_RANGE } from '../../diagnostic';
import type { CiMap, CiNode } from '../model/ciNode';
import { getChild, mapNode, scalarString } from '../model/ciNode';
import type { CiCode, MessageArgs } from '../model/codes';
import { ciDiagnostic } from '../model/codes';
import { memoSlot } from '../model/memo';
import { mergeLayers } from './deepMerge';
import type { FileReader } from '../model/fileReader';
import { isGlob } from './glob';
import { withInputs } from './interpolate';
import type { ParsedCiFile } from '../parse/parseCiFile';
import { parseCiFile } from '../parse/parseCiFile';

/** The last parse of each file an analysis of an entry file read, for re-reading them incrementally. */
const LAST_PARSES = memoSlot(() => new Map<string, ParsedCiFile>());

/** GitLab stops following nested includes beyond this depth. */
const MAX_INCLUDE_DEPTH = 100;

export type IncludeKind = 'local' | 'project' | 'remote' | 'template' | 'component';

/** One `include` entry: where it is written and, for `local`, the files it brought in. */
export interface IncludeLink {
  /** Absolute path of the file holding the `include`. */
  readonly file: string;
  /** Range of the path (or of the whole entry for non-local kinds). */
  readonly range: Range;
  readonly kind: IncludeKind;
  /** The path or target as written. */
  readonly target: string;
  /** Absolute paths of the files it resolved to (empty when missing or not local). */
  readonly resolved: readonly string[];
  /** True when the entry has `rules`, which cannot be evaluated offline (the file is assumed included). */
  readonly conditional: boolean;
}

/** The configuration of an entry file with every readable local include merged in. */
export interface IncludeResult {
  /** Entry config with includes merged the way GitLab does (included files first, then the file itself), `include` removed. */
  readonly merged: CiMap;
  /** Every file parsed on the way, by absolute path (entry file included). */
  readonly files: ReadonlyMap<string, ParsedCiFile>;
  readonly includes: readonly IncludeLink[];
  /** True when an include could not be read offline, so jobs may exist that we cannot see. */
  readonly hasUnresolvedIncludes: boolean;
  /** Include problems (with `file` set when they belong to an included file). */
  readonly diagnostics: readonly Diagnostic[];
}

interface RawInclude {
  readonly kind: IncludeKind;
  readonly target: string;
  readonly range: Range;
  readonly conditional: boolean;
  /** The entry's `inputs`, for files with a `spec:inputs` header. */
  readonly inputs?: CiNode;
}

const REMOTE_KINDS: readonly IncludeKind[] = ['project', 'remote', 'template', 'component'];

/** Loads `entry`'s local includes recursively through `reader` and merges them. */
export function resolveIncludes(entry: ParsedCiFile, root: string, reader: FileReader, cache: Map<string, ParsedCiFile> = new Map()): IncludeResult {
  const state = new IncludeState(entry, root, reader, cache);
  const merged = state.expand(entry, [entry.path]);
  return { merged, files: state.files, includes: state.links, hasUnresolvedIncludes: state.unresolved, diagnostics: state.diagnostics };
}

class IncludeState {
  readonly files = new Map<string, ParsedCiFile>();
  readonly links: IncludeLink[] = [];
  readonly diagnostics: Diagnostic[] = [];
  unresolved = false;

  constructor(
    private readonly entry: ParsedCiFile,
    private readonly root: string,
    private readonly reader: FileReader,
    private readonly cache: Map<string, ParsedCiFile>,
  ) {
    this.files.set(entry.path, entry);
  }

  expand(file: ParsedCiFile, chain: readonly string[]): CiMap {
    const config = file.config;
    const empty = mapNode(new Map(), { file: file.path, range: ZERO_RANGE });
    if (config?.kind !== 'map') return empty;
    const layers: CiMap[] = [];
    for (const raw of rawIncludes(getChild(config, 'include'))) {
      for (const target of this.follow(file, raw)) {
        if (chain.includes(target.path) || chain.length > MAX_INCLUDE_DEPTH) continue;
        layers.push(this.expand(target, [...chain, target.path]));
      }
    }
    const own = new Map(config.entries);
    own.delete('include');
    layers.push(mapNode(own, config.loc));
    return mergeLayers(empty, layers);
  }

  private follow(from: ParsedCiFile, raw: RawInclude): ParsedCiFile[] {
    const report = (code: CiCode, args: MessageArgs, severity?: 'warning'): void => {
      this.diagnostics.push(ciDiagnostic(code, args, raw.range, { ...(from.path === this.entry.path ? {} : { file: from.path }), ...(severity ? { severity } : {}) }));
    };
    const link = (resolved: string[]): void => {
      this.links.push({ file: from.path, range: raw.range, kind: raw.kind, target: raw.target, resolved, conditional: raw.conditional });
    };
    if (raw.kind !== 'local') {
      this.unresolved = true;
      link([]);
      report('include-unresolved', { kind: raw.kind, target: raw.target });
      return [];
    }
    if (raw.target.includes('$')) {
      this.unresolved = true;
      link([]);
      report('include-variable-path', { path: raw.target });
      return [];
    }
    const paths = isGlob(raw.target) ? this.reader.glob(this.root, raw.target).sort() : [this.absolute(raw.target)];
    const yamlPaths = paths.filter((p) => /\.ya?ml$/i.test(p));
    link(yamlPaths);
    if (paths.length === 0) report('include-glob-empty', { path: raw.target });
    else if (yamlPaths.length === 0) report('include-not-yaml', { path: raw.target });
    const out: ParsedCiFile[] = [];
    for (const path of yamlPaths) {
      const parsed = this.load(path);
      if (!parsed) report('include-local-missing', { path: raw.target }, raw.conditional ? 'warning' : undefined);
      else if (!parsed.config) report('include-local-empty', { path: raw.target }, raw.conditional ? 'warning' : undefined);
      else out.push(withInputs(parsed, raw.inputs));
    }
    return out;
  }

  private load(path: string): ParsedCiFile | undefined {
    const seen = this.files.get(path);
    if (seen) return seen;
    const cached = this.cache.get(path);
    // The entry remembers the last parse of each file it read: an edited file is re-read from it.
    const lastParses = this.entry.memo?.table(LAST_PARSES);
    if (cached) {
      lastParses?.set(path, cached);
      this.files.set(path, cached);
      for (const d of cached.diagnostics) this.diagnostics.push({ ...d, file: path });
      return cached;
    }
    const text = this.reader.readFile(path);
    if (text === undefined) return undefined;
    const parsed = parseCiFile(path, text, lastParses?.get(path));
    lastParses?.set(path, parsed);
    this.cache.set(path, parsed);
    this.files.set(path, parsed);
    for (const d of parsed.diagnostics) this.diagnostics.push({ ...d, file: path });
    return parsed;
  }

  private absolute(target: string): string {
    return nodePath.join(this.root, target.replace(/^\/+/, ''));
  }
}

/** The include entries of a config, whatever form `include` takes (string, list, mapping). */
function rawIncludes(node: CiNode | undefined): RawInclude[] {
  if (!node) return [];
  const items = node.kind === 'seq' ? node.items : [node];
  const out: RawInclude[] = [];
  for (const item of items) {
    const text = scalarString(item);
    if (text !== undefined) {
      out.push({ kind: /^https?:\/\//.test(text) ? 'remote' : 'local', target: text, range: item.loc.range, conditional: false });
      continue;
    }
    if (item.kind !== 'map') continue;
    const conditional = item.entries.has('rules');
    const local = getChild(item, 'local');
    const localPath = scalarString(local);
    if (local && localPath !== undefined) {
      const inputs = getChild(item, 'inputs');
      out.push({ kind: 'local', target: localPath, range: local.loc.range, conditional, ...(inputs ? { inputs } : {}) });
      continue;
    }
    const kind = REMOTE_KINDS.find((k) => item.entries.has(k));
    if (kind) {
      const target = getChild(item, kind);
      out.push({ kind, target: scalarString(target) ?? kind, range: (target ?? item).loc.range, conditional });
    }
  }
  return out;
}

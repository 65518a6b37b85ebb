import * as nodePath from 'node:path';
import type { Diagnostic, Range } from '../../diagnostic';
import { ZERO_RANGE } from '../../diagnostic';
import type { CiMap, CiNode } from '../model/ciNode';
import { copyEntries, getChild, mapNode, scalarString, toPlain } from '../model/ciNode';
import type { CiCode, MessageArgs } from '../model/codes';
import { CI_CODES, ciDiagnostic } from '../model/codes';
import { memoSlot } from '../model/memo';
import { mergeLayers } from './deepMerge';
import type { FileRead, FileReader } from '../model/fileReader';
import { readConfined } from '../model/fileReader';
import { AnalysisBudget } from '../model/budget';
import { isGlob } from './glob';
import { withInputs } from './interpolate';
import type { ParsedCiFile } from '../parse/parseCiFile';
import { parseCiFile } from '../parse/parseCiFile';
import type { RemoteIncludeFailureReason, RemoteIncludeFound, RemoteIncludeRequest, RemoteIncludeSource } from '../model/remoteIncludes';
import { isRemoteIncludePath, remoteIncludeKey } from '../model/remoteIncludes';
import { remoteRequests } from './remoteRequests';
import { underRoot } from './underRoot';

export { underRoot } from './underRoot';

/** The last parse of each file an analysis of an entry file read, for re-reading them incrementally. */
const LAST_PARSES = memoSlot(() => new Map<string, ParsedCiFile>());

/**
 * GitLab's default `ci_max_includes`: every include counts, the same file included again too
 * (lib/gitlab/ci/config/external/mapper/verifier.rb), so a cycle always ends at this limit.
 */
export const MAX_INCLUDES = 150;

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
  /** Absolute paths (or remote virtual paths) of the files it resolved to (empty when missing or not read). */
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
  /** Remote includes the source had no answer for yet (empty without a source): fetch them and resolve again. */
  readonly pending: readonly RemoteIncludeRequest[];
  /** The remote files read, by virtual path (a subset of {@link files}' keys). */
  readonly remoteFiles: ReadonlyMap<string, RemoteIncludeFound>;
}

interface RawInclude {
  readonly kind: IncludeKind;
  readonly target: string;
  readonly range: Range;
  readonly conditional: boolean;
  /** The entry's `inputs`, for files with a `spec:inputs` header. */
  readonly inputs?: CiNode;
  /** The whole entry (a mapping, or the bare string), for the remote kinds' other keys (`file`, `ref`). */
  readonly node: CiNode;
}

const REMOTE_KINDS: readonly IncludeKind[] = ['project', 'remote', 'template', 'component'];

/**
 * Loads `entry`'s local includes recursively through `reader` and merges them. Each file is read,
 * parsed and expanded once per analysis however many paths lead to it, and at most
 * {@link MAX_INCLUDES} + 1 distinct files are read, so an include graph of any shape is cheap.
 */
export function resolveIncludes(
  entry: ParsedCiFile,
  root: string,
  reader: FileReader,
  cache: Map<string, ParsedCiFile> = new Map(),
  budget: AnalysisBudget = new AnalysisBudget(),
  remote?: RemoteIncludeSource,
): IncludeResult {
  const state = new IncludeState(entry, root, reader, cache, budget, remote);
  const merged = state.expandEntry();
  return {
    merged, files: state.files, includes: state.links, hasUnresolvedIncludes: state.unresolved, diagnostics: state.diagnostics,
    pending: [...state.pending.values()], remoteFiles: state.remoteFiles,
  };
}

/** The finding for each way a remote include fails. */
const FAILURE_CODES: Readonly<Record<RemoteIncludeFailureReason, CiCode>> = {
  missing: 'include-remote-missing',
  forbidden: 'include-remote-forbidden',
  unreachable: 'include-remote-unreachable',
  'not-signed-in': 'include-remote-not-signed-in',
  'host-not-allowed': 'include-remote-host-not-allowed',
  'other-instance': 'include-remote-other-instance',
  'too-large': 'include-remote-too-large',
  invalid: 'include-remote-invalid',
};

/** A file with its includes merged in, and how many includes GitLab would count below it (capped). */
interface Expansion {
  readonly merged: CiMap;
  readonly count: number;
}

/** Counts stop here: past the limit the exact number no longer matters. */
const COUNT_CAP = MAX_INCLUDES + 1;

type Loaded = { readonly kind: 'parsed'; readonly file: ParsedCiFile } | Exclude<FileRead, { kind: 'text' }> | { readonly kind: 'over-budget' } | { readonly kind: 'over-limit' };

class IncludeState {
  readonly files = new Map<string, ParsedCiFile>();
  readonly links: IncludeLink[] = [];
  readonly diagnostics: Diagnostic[] = [];
  readonly pending = new Map<string, RemoteIncludeRequest>();
  readonly remoteFiles = new Map<string, RemoteIncludeFound>();
  unresolved = false;
  /** The project and commit a `local` include inside a remote file reads from (absent: the repository). */
  private readonly contexts = new Map<string, { readonly path: string; readonly sha: string }>();
  /** Each file's expansion (keyed by path, plus the text when `inputs` rewrote it), made once. */
  private readonly expanded = new Map<string, Expansion>();
  /** Files given `inputs`, by path and inputs, so the same include is not re-parsed. */
  private readonly withGivenInputs = new Map<string, ParsedCiFile>();
  /** Paths being expanded, outermost first: an include of one of them closes a cycle. */
  private readonly active: string[] = [];
  private cycleReported = false;
  private budgetReported = false;
  /** More distinct files were named than GitLab would ever read. */
  private overLimit = false;

  constructor(
    private readonly entry: ParsedCiFile,
    private readonly root: string,
    private readonly reader: FileReader,
    private readonly cache: Map<string, ParsedCiFile>,
    private readonly budget: AnalysisBudget,
    private readonly remote: RemoteIncludeSource | undefined,
  ) {
    this.files.set(entry.path, entry);
    budget.read(entry.text.length);
  }

  expandEntry(): CiMap {
    return this.expand(this.entry, true).merged;
  }

  private expand(file: ParsedCiFile, isEntry = false): Expansion {
    const key = this.keyOf(file);
    const known = this.expanded.get(key);
    if (known) return known;
    const config = file.config;
    const empty = mapNode(new Map(), { file: file.path, range: ZERO_RANGE });
    if (config?.kind !== 'map') return { merged: empty, count: 0 };
    this.active.push(file.path);
    const layers: CiMap[] = [];
    let count = 0;
    let limitReported = false;
    for (const raw of rawIncludes(getChild(config, 'include'))) {
      for (const target of this.follow(file, raw)) {
        const at = this.active.indexOf(target.path);
        if (at !== -1) {
          count = COUNT_CAP;
          if (!this.cycleReported) {
            this.cycleReported = true;
            const cycle = [...this.active.slice(at), target.path].map((p) => `\`${this.display(p)}\``).join(' -> ');
            this.report(file, raw, 'include-cycle', { cycle, max: MAX_INCLUDES });
          }
          continue;
        }
        const sub = this.expand(target);
        count = Math.min(count + 1 + sub.count, COUNT_CAP);
        layers.push(sub.merged);
      }
      // The entry's include that takes the pipeline past GitLab's limit carries the one finding about it.
      if (isEntry && !limitReported && !this.cycleReported && (count > MAX_INCLUDES || this.overLimit)) {
        limitReported = true;
        this.report(file, raw, 'include-limit', { max: MAX_INCLUDES });
      }
    }
    this.active.pop();
    const own = copyEntries(config.entries);
    own.delete('include');
    layers.push(mapNode(own, config.loc));
    const result = { merged: mergeLayers(empty, layers), count };
    this.expanded.set(key, result);
    return result;
  }

  private keyOf(file: ParsedCiFile): string {
    const plain = this.files.get(file.path);
    return plain === file || plain === undefined ? file.path : `${file.path}\u0000${file.text}`;
  }

  private report(from: ParsedCiFile, raw: RawInclude, code: CiCode, args: MessageArgs, severity?: 'warning'): void {
    this.diagnostics.push(ciDiagnostic(code, args, raw.range, { ...(from.path === this.entry.path ? {} : { file: from.path }), ...(severity ? { severity } : {}) }));
  }

  private display(path: string): string {
    if (isRemoteIncludePath(path)) return path;
    return nodePath.relative(this.root, path).split(nodePath.sep).join('/');
  }

  private follow(from: ParsedCiFile, raw: RawInclude): ParsedCiFile[] {
    const report = (code: CiCode, args: MessageArgs, severity?: 'warning'): void => this.report(from, raw, code, args, severity);
    const link = (resolved: string[]): void => {
      this.links.push({ file: from.path, range: raw.range, kind: raw.kind, target: raw.target, resolved, conditional: raw.conditional });
    };
    const context = this.contexts.get(from.path);
    if (raw.kind !== 'local' || context) return this.followRemote(from, raw, context);
    if (raw.target.includes('$')) {
      this.unresolved = true;
      link([]);
      report('include-variable-path', { path: raw.target });
      return [];
    }
    const relative = underRoot(raw.target);
    if (relative === undefined) {
      link([]);
      report('include-outside-root', { path: raw.target });
      return [];
    }
    const paths = isGlob(relative) ? this.reader.glob(this.root, relative).sort() : [nodePath.join(this.root, relative)];
    const yamlPaths = paths.filter((p) => /\.ya?ml$/i.test(p));
    link(yamlPaths);
    if (paths.length === 0) report('include-glob-empty', { path: raw.target });
    else if (yamlPaths.length === 0) report('include-not-yaml', { path: raw.target });
    const soft = raw.conditional ? 'warning' : undefined;
    const out: ParsedCiFile[] = [];
    for (const path of yamlPaths) {
      const loaded = this.load(path);
      switch (loaded.kind) {
        case 'parsed':
          if (!loaded.file.config) report('include-local-empty', { path: raw.target }, soft);
          else out.push(this.withInputs(loaded.file, raw.inputs));
          break;
        case 'missing':
          report('include-local-missing', { path: raw.target }, soft);
          break;
        case 'outside-root':
          report('include-outside-root', { path: raw.target });
          break;
        case 'not-a-file':
          report('include-not-regular', { path: raw.target, what: loaded.what });
          break;
        case 'too-large':
          report('include-too-large', { path: raw.target, max: loaded.max });
          break;
        case 'over-budget':
          this.unresolved = true;
          if (!this.budgetReported) report('analysis-budget', { path: raw.target, max: this.budget.maxText });
          this.budgetReported = true;
          break;
        case 'over-limit':
          this.overLimit = true;
          break;
      }
    }
    return out;
  }

  /** An include read through the remote source: another project, a template, a component, a URL, or a `local` include inside a project's file. */
  private followRemote(from: ParsedCiFile, raw: RawInclude, context: { readonly path: string; readonly sha: string } | undefined): ParsedCiFile[] {
    const report = (code: CiCode, args: MessageArgs, range: Range = raw.range, severity?: 'warning'): void => {
      this.diagnostics.push(ciDiagnostic(code, args, range, { ...(from.path === this.entry.path ? {} : { file: from.path }), ...(severity ? { severity } : {}) }));
    };
    const resolved: string[] = [];
    this.links.push({ file: from.path, range: raw.range, kind: raw.kind, target: raw.target, resolved, conditional: raw.conditional });
    if (!this.remote) {
      this.unresolved = true;
      report('include-unresolved', { kind: raw.kind, target: raw.target });
      return [];
    }
    const planned = remoteRequests(raw, context, this.remote.serverFqdn);
    if (planned.kind === 'variables') {
      this.unresolved = true;
      report('include-variable-path', { path: raw.target });
      return [];
    }
    if (planned.kind === 'glob') {
      this.unresolved = true;
      report('include-unresolved', { kind: raw.kind, target: raw.target });
      return [];
    }
    if (planned.kind === 'invalid') {
      this.unresolved = true;
      report('include-remote-invalid', { message: planned.message });
      return [];
    }
    const soft = raw.conditional ? 'warning' : undefined;
    const out: ParsedCiFile[] = [];
    for (const { request, range, target } of planned.requests) {
      // GitLab stops long before this many distinct files: past it nothing more is asked for.
      if (this.files.size > MAX_INCLUDES) {
        this.overLimit = true;
        break;
      }
      const answer = this.remote.lookup(request);
      if (answer === undefined) {
        this.unresolved = true;
        this.pending.set(remoteIncludeKey(request), request);
        report('include-remote-pending', { kind: raw.kind, target }, range);
        continue;
      }
      if (answer.kind === 'failure') {
        this.unresolved = true;
        const code = FAILURE_CODES[answer.reason];
        report(code, { message: answer.message }, range, CI_CODES[code].severity === 'error' ? soft : undefined);
        continue;
      }
      if (answer.freshness === 'stale-offline') report('include-remote-stale', { target }, range);
      const loaded = this.loadRemote(answer, context);
      if (loaded === undefined) {
        this.unresolved = true;
        if (!this.budgetReported) report('analysis-budget', { path: target, max: this.budget.maxText }, range);
        this.budgetReported = true;
        continue;
      }
      resolved.push(answer.path);
      if (!loaded.config) report('include-local-empty', { path: target }, range, soft);
      else out.push(this.withInputs(loaded, raw.inputs));
    }
    return out;
  }

  /** A remote file's parse (once per analysis, reused across analyses while its text is the same); undefined past the byte allowance. */
  private loadRemote(answer: RemoteIncludeFound, context: { readonly path: string; readonly sha: string } | undefined): ParsedCiFile | undefined {
    const seen = this.files.get(answer.path);
    if (seen) return seen;
    if (!this.budget.read(answer.text.length)) return undefined;
    const cached = this.cache.get(answer.path);
    const parsed = cached?.text === answer.text ? cached : parseCiFile(answer.path, answer.text);
    this.cache.set(answer.path, parsed);
    this.files.set(answer.path, parsed);
    this.remoteFiles.set(answer.path, answer);
    const own = answer.project ?? context;
    if (own) this.contexts.set(answer.path, own);
    for (const d of parsed.diagnostics) this.diagnostics.push({ ...d, file: answer.path });
    return parsed;
  }

  private withInputs(file: ParsedCiFile, inputs: CiNode | undefined): ParsedCiFile {
    if (!inputs) return withInputs(file);
    const key = `${file.path}\u0000${JSON.stringify(toPlain(inputs))}`;
    const known = this.withGivenInputs.get(key);
    if (known) return known;
    const made = withInputs(file, inputs);
    this.withGivenInputs.set(key, made);
    return made;
  }

  private load(path: string): Loaded {
    const seen = this.files.get(path);
    if (seen) return { kind: 'parsed', file: seen };
    // GitLab stops long before this many distinct files; reading more would only cost time.
    if (this.files.size > MAX_INCLUDES) return { kind: 'over-limit' };
    const cached = this.cache.get(path);
    // The entry remembers the last parse of each file it read: an edited file is re-read from it.
    const lastParses = this.entry.memo?.table(LAST_PARSES);
    if (cached) {
      if (!this.budget.read(cached.text.length)) return { kind: 'over-budget' };
      lastParses?.set(path, cached);
      this.files.set(path, cached);
      for (const d of cached.diagnostics) this.diagnostics.push({ ...d, file: path });
      return { kind: 'parsed', file: cached };
    }
    const read = readConfined(this.reader, path, this.root);
    if (read.kind !== 'text') return read;
    if (!this.budget.read(read.text.length)) return { kind: 'over-budget' };
    const parsed = parseCiFile(path, read.text, lastParses?.get(path));
    lastParses?.set(path, parsed);
    this.cache.set(path, parsed);
    this.files.set(path, parsed);
    for (const d of parsed.diagnostics) this.diagnostics.push({ ...d, file: path });
    return { kind: 'parsed', file: parsed };
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
      out.push({ kind: /^https?:\/\//.test(text) ? 'remote' : 'local', target: text, range: item.loc.range, conditional: false, node: item });
      continue;
    }
    if (item.kind !== 'map') continue;
    const conditional = item.entries.has('rules');
    const inputs = getChild(item, 'inputs');
    const withInputs = inputs ? { inputs } : {};
    const local = getChild(item, 'local');
    const localPath = scalarString(local);
    if (local && localPath !== undefined) {
      out.push({ kind: 'local', target: localPath, range: local.loc.range, conditional, node: item, ...withInputs });
      continue;
    }
    const kind = REMOTE_KINDS.find((k) => item.entries.has(k));
    if (kind) {
      const target = getChild(item, kind);
      out.push({ kind, target: scalarString(target) ?? kind, range: (target ?? item).loc.range, conditional, node: item, ...withInputs });
    }
  }
  return out;
}

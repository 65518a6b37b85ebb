import * as path from 'node:path';
import type * as vscode from 'vscode';
import { createFsReader } from '../../node/fsReader';
import type { Diagnostic } from '../../core/diagnostic';
import type { CiAnalysis, ParsedCiFile, RemoteIncludeSource } from '../../core/ci';
import { analyzeParsed, EDITOR_MAX_EXPANSION, fragmentDiagnostics, GITLAB_SCHEMA as schema, isFragmentPath, isRemoteIncludePath, parseCiFile } from '../../core/ci';
import type { Logger } from '../../core/logger';
import { OverlayFileReader } from './overlayFileReader';
import { projectRootOf } from './projectRoot';

/** One analysis and the diagnostics it gives each file it read. */
export interface AnalysisResult {
  readonly analysis: CiAnalysis;
  /** Findings by file: absolute paths (the entry and its local includes) and virtual paths (files read from GitLab). */
  readonly byFile: ReadonlyMap<string, readonly Diagnostic[]>;
}

const ENTRY_NAME = '.gitlab-ci.yml';

/**
 * Where the includes of the repository at `root` that live outside it are read from (its signed-in
 * instance, through the include cache); undefined leaves them unread, as offline.
 */
export type RemoteSourceFor = (root: string) => RemoteIncludeSource | undefined;

/**
 * Runs the core analysis for editor documents. A file included by the project's
 * `.gitlab-ci.yml` is checked as part of that pipeline (so its `needs` can point at jobs of
 * other files); any other CI file is checked on its own, leniently when it is a fragment.
 * Parsed files are cached until their text changes.
 */
export class CiAnalyzer {
  private readonly parsed = new Map<string, ParsedCiFile>();
  private readonly latest = new Map<string, AnalysisResult>();
  private remoteFor: RemoteSourceFor = () => undefined;

  constructor(private readonly logger: Logger) {}

  /** Reads includes from other projects, templates, components and URLs from now on (set once GitLab may be used). */
  setRemoteSource(remoteFor: RemoteSourceFor): void {
    this.remoteFor = remoteFor;
  }

  /** The latest analyses, one per entry file. */
  results(): AnalysisResult[] {
    return [...this.latest.values()];
  }

  /** The most recent analysis that covers `filePath`, without re-running anything. */
  lastFor(filePath: string): AnalysisResult | undefined {
    for (const result of this.latest.values()) if (result.analysis.files.has(filePath)) return result;
    return undefined;
  }

  /** Analyses what `uri` belongs to and returns every result produced (one or two entries). */
  analyze(uri: vscode.Uri): AnalysisResult[] {
    const started = Date.now();
    const root = projectRootOf(uri);
    const reader = new OverlayFileReader(createFsReader());
    const entryPath = path.join(root, ENTRY_NAME);
    const results: AnalysisResult[] = [];
    if (uri.fsPath === entryPath || reader.readFile(entryPath) !== undefined) {
      const rootResult = this.run(entryPath, root, reader, false);
      if (rootResult) results.push(rootResult);
    }
    if (!results.some((r) => r.analysis.files.has(uri.fsPath))) {
      const fragment = isFragmentPath(path.relative(root, uri.fsPath));
      const own = this.run(uri.fsPath, root, reader, fragment);
      if (own) results.push(own);
    }
    this.logger.debug(`analysed ${path.relative(root, uri.fsPath)} in ${Date.now() - started} ms`);
    return results;
  }

  /** Whether `uri` is its project's `.gitlab-ci.yml`, whose findings stay while the project is open. */
  isProjectEntry(uri: vscode.Uri): boolean {
    return uri.fsPath === path.join(projectRootOf(uri), ENTRY_NAME);
  }

  /** Drops analyses whose entry is `filePath` (closed standalone file). */
  forgetEntry(filePath: string): AnalysisResult | undefined {
    const result = this.latest.get(filePath);
    this.latest.delete(filePath);
    return result;
  }

  private run(entryPath: string, root: string, reader: OverlayFileReader, fragment: boolean): AnalysisResult | undefined {
    const text = reader.readFile(entryPath);
    if (text === undefined) return undefined;
    const cached = this.parsed.get(entryPath);
    // The previous parse lets unchanged top-level entries keep their nodes, and with them what was derived.
    const entry = cached && cached.text === text ? cached : parseCiFile(entryPath, text, cached);
    this.parsed.set(entryPath, entry);
    // The extension host's thread is shared by every extension: a smaller work allowance than the CLI's.
    const remote = this.remoteFor(root);
    const analysis = analyzeParsed(entry, root, reader, { schema, cache: this.cacheFor(reader), maxExpansion: EDITOR_MAX_EXPANSION, ...(remote ? { remote } : {}) });
    const all = fragment ? fragmentDiagnostics(analysis.diagnostics) : analysis.diagnostics;
    const byFile = new Map<string, Diagnostic[]>([...analysis.files.keys()].map((f) => [f, []]));
    for (const d of all) {
      const owner = d.file ?? entryPath;
      const list = byFile.get(owner) ?? [];
      list.push(d);
      byFile.set(owner, list);
    }
    const result = { analysis, byFile };
    this.latest.set(entryPath, result);
    return result;
  }

  /**
   * The parse cache with stale entries (text changed since parsing) dropped. Files read from GitLab
   * are checked against their text by the analysis itself; they stay while an analysis still uses them.
   */
  private cacheFor(reader: OverlayFileReader): Map<string, ParsedCiFile> {
    for (const [file, parsed] of this.parsed) {
      const stale = isRemoteIncludePath(file) ? !this.results().some((r) => r.analysis.files.has(file)) : reader.readFile(file) !== parsed.text;
      if (stale) this.parsed.delete(file);
    }
    return this.parsed;
  }
}

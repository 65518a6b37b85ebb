import { Document, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { Node as YamlNode } from 'yaml';
import type { Diagnostic } from '../../diagnostic';
import type { CiAnalysis } from './analyzeCiFile';
import { analyzeCiFile } from './analyzeCiFile';
import type { CiNode } from '../model/ciNode';
import type { FileReader } from '../model/fileReader';
import type { ParsedCiFile } from '../parse/parseCiFile';
import type { CiSchemaValidator } from '../model/schemaPort';
import type { RemoteIncludeFetcher } from '../model/remoteIncludes';
import { RemoteIncludeAnswers } from '../model/remoteIncludes';
import type { RemoteIncludeDriverOptions } from './resolveRemoteIncludes';
import { resolveRemoteIncludes } from './resolveRemoteIncludes';

export interface LintRequest {
  /** Project root: `include:local` paths are relative to it. */
  readonly root: string;
  /** Absolute paths of the entry files to check. */
  readonly files: readonly string[];
  readonly reader: FileReader;
  /** Schema validation: GitLab's keyword schema when absent, none when `false`. */
  readonly schema?: CiSchemaValidator | false;
  /**
   * False: each file's analysis (and its entry's parse) is let go once its findings are taken, so a
   * run over many files holds one file's trees at a time (the CLI: less for the garbage collector
   * to copy). Kept by default, for callers that read `analysis`.
   */
  readonly keepAnalyses?: boolean;
}

export interface FileLintResult {
  readonly path: string;
  /** False when the file could not be read (it has no diagnostics then). */
  readonly found: boolean;
  /** Sorted findings; those located in included files carry `file`. */
  readonly diagnostics: readonly Diagnostic[];
  readonly analysis?: CiAnalysis;
}

export interface LintResult {
  readonly files: readonly FileLintResult[];
}

/** Checks each entry file with its includes. Files shared by several entries are parsed once. */
export function lintCiFiles(request: LintRequest): LintResult {
  const cache = new Map<string, ParsedCiFile>();
  const files = request.files.map((path): FileLintResult => {
    const analysis = analyzeCiFile(path, request.root, request.reader, { cache, ...(request.schema === undefined ? {} : { schema: request.schema }) });
    if (!analysis) return { path, found: false, diagnostics: [] };
    if (request.keepAnalyses !== false) return { path, found: true, diagnostics: analysis.diagnostics, analysis };
    // Included files stay cached (another entry may include them too); an entry included later is read again.
    cache.delete(path);
    return { path, found: true, diagnostics: analysis.diagnostics };
  });
  return { files };
}

/**
 * {@link lintCiFiles} with `include:project|template|component|remote` read through `fetcher`.
 * Each file is analysed, what it still needs is fetched, and it is analysed again until nothing
 * new is pending; answers are shared between the files (one read per include).
 */
export async function lintCiFilesResolving(request: LintRequest, fetcher: RemoteIncludeFetcher, options: RemoteIncludeDriverOptions = {}): Promise<LintResult> {
  const cache = new Map<string, ParsedCiFile>();
  const answers = options.answers ?? new RemoteIncludeAnswers();
  const files: FileLintResult[] = [];
  for (const path of request.files) {
    const analyzeOnce = (remote: RemoteIncludeAnswers): CiAnalysis | undefined =>
      analyzeCiFile(path, request.root, request.reader, { cache, remote, ...(request.schema === undefined ? {} : { schema: request.schema }) });
    const first = analyzeOnce(answers);
    if (!first) {
      files.push({ path, found: false, diagnostics: [] });
      continue;
    }
    const analysis = await resolveRemoteIncludes(() => analyzeOnce(answers) ?? first, fetcher, { ...options, answers });
    files.push({ path, found: true, diagnostics: analysis.diagnostics, analysis });
  }
  return { files };
}

/** GitLab-style merged YAML of an analysis (`!reference` tags that could not be resolved stay as tags). */
export function mergedConfigYaml(analysis: CiAnalysis): string {
  if (!analysis.merged) return '';
  const doc = new Document();
  doc.contents = toYaml(analysis.merged);
  return doc.toString({ lineWidth: 0 });
}

function toYaml(node: CiNode): YamlNode {
  switch (node.kind) {
    case 'scalar':
      return new Scalar(node.value);
    case 'seq': {
      const seq = new YAMLSeq();
      for (const item of node.items) seq.items.push(toYaml(item));
      return seq;
    }
    case 'ref': {
      const seq = new YAMLSeq();
      seq.tag = '!reference';
      seq.flow = true;
      for (const segment of node.path) seq.items.push(new Scalar(segment.name));
      return seq;
    }
    case 'map': {
      const map = new YAMLMap();
      for (const [key, entry] of node.entries) map.set(new Scalar(key), toYaml(entry.node));
      return map;
    }
  }
}

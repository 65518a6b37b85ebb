import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from 'yaml-language-server/lib/umd/languageservice/yamlLanguageService';
import { analyzeCiFile } from '../../src/core/ci/analyze/analyzeCiFile';
import { completeCi } from '../../src/core/ci/features/completion';
import type { ParsedCiFile } from '../../src/core/ci/parse/parseCiFile';
import * as schema from '../../src/core/ci/schema';
import { memoryReader } from '../support/memoryReader';
import { generateConfig } from './generateConfig';
import { fmt, median, table, timeMs, timeMsAsync } from './stats';

const ROOT = '/bench-project';
const RUNS = 15;
const EDITS = 40;
const COMPLETIONS = 200;

export interface BenchSection {
  readonly title: string;
  readonly markdown: string;
  /** Whether every target was met. */
  readonly ok: boolean;
}

/** Issue 3's benchmark: our validator and completion against yaml-language-server with our schema. */
export async function runCiBench(): Promise<BenchSection> {
  const generated = generateConfig(10_000);
  const texts = new Map([...generated.files].map(([rel, text]) => [`${ROOT}/${rel}`, text]));
  const reader = () => memoryReader('/', Object.fromEntries(texts));
  const entry = `${ROOT}/.gitlab-ci.yml`;
  const serviceFile = [...texts.keys()].find((f) => f.includes('group-03'))!;

  const compileMs = timeMs(() => schema.compileCiSchemaValidator());
  const validator = schema.compileCiSchemaValidator();
  const port = { validateCiSchema: (c: unknown, l: schema.SchemaLocator) => schema.validateCiSchema(c, l, validator), validateSpecHeader: (s: unknown, l: schema.SchemaLocator) => schema.validateSpecHeader(s, l, validator) };

  // Full validation: parse every file, resolve includes/extends/!reference, schema + semantic checks.
  let diagnostics = 0;
  const full = Array.from({ length: RUNS }, () => timeMs(() => {
    diagnostics = analyzeCiFile(entry, ROOT, reader(), { schema: port })?.diagnostics.length ?? -1;
  }));

  // Re-validation after a one-character edit: unchanged files come from the parse cache, as in the editor.
  const cache = new Map<string, ParsedCiFile>();
  analyzeCiFile(entry, ROOT, reader(), { schema: port, cache });
  const original = texts.get(serviceFile)!;
  const edits = Array.from({ length: EDITS }, (_, i) => {
    texts.set(serviceFile, original.replace('--coverage', `--coverage${i % 2 ? 'x' : 'y'}`));
    cache.delete(serviceFile);
    return timeMs(() => analyzeCiFile(entry, ROOT, reader(), { schema: port, cache }));
  });
  texts.set(serviceFile, original);
  const analysis = analyzeCiFile(entry, ROOT, reader(), { schema: port })!;

  // Completion at three kinds of position in the included file.
  const lines = original.split('\n');
  const jobLine = lines.findIndex((l) => l.startsWith('deploy-'));
  const positions = [
    { text: insertLine(original, jobLine + 1, '  '), position: { line: jobLine + 1, character: 2 } },
    { text: insertLine(original, jobLine + 1, '  stage: '), position: { line: jobLine + 1, character: 9 } },
    { text: insertLine(original, jobLine + 1, '  needs: ['), position: { line: jobLine + 1, character: 10 } },
  ];
  let offered = 0;
  const completions = Array.from({ length: COMPLETIONS }, (_, i) => {
    const at = positions[i % positions.length]!;
    return timeMs(() => {
      offered = completeCi({ text: at.text, position: at.position, analysis }).length;
    });
  });

  // Baseline: yaml-language-server validating and completing the same files with our schema as JSON Schema.
  const jsonSchema = schema.ciJsonSchema();
  const service = getLanguageService({
    schemaRequestService: () => Promise.resolve(JSON.stringify(jsonSchema)),
    workspaceContext: { resolveRelativePath: (relative: string, resource: string) => new URL(relative, resource).toString() },
  });
  service.configure({ validate: true, completion: true, hover: true, customTags: ['!reference sequence'], schemas: [{ uri: 'file:///release-pilot-ci-schema.json', fileMatch: ['*.yml'], schema: jsonSchema }] });
  let version = 1;
  const docs = () => [...texts].map(([file, text]) => TextDocument.create(`file://${file}`, 'yaml', version++, text));
  await Promise.all(docs().map((d) => service.doValidation(d, false)));
  const baseFull: number[] = [];
  for (let r = 0; r < RUNS; r++) baseFull.push(await timeMsAsync(() => Promise.all(docs().map((d) => service.doValidation(d, false)))));
  const baseEdit: number[] = [];
  for (let i = 0; i < EDITS; i++) {
    const doc = TextDocument.create(`file://${serviceFile}`, 'yaml', version++, original.replace('--coverage', `--coverage${i % 2 ? 'x' : 'y'}`));
    baseEdit.push(await timeMsAsync(() => service.doValidation(doc, false)));
  }
  const baseComplete: number[] = [];
  for (let i = 0; i < COMPLETIONS / 4; i++) {
    const at = positions[i % positions.length]!;
    const doc = TextDocument.create(`file://${serviceFile}`, 'yaml', version++, at.text);
    baseComplete.push(await timeMsAsync(() => service.doComplete(doc, at.position, false)));
  }

  const rows: { metric: string; ours: number; base: number; target: string; met: boolean }[] = [
    { metric: `full validation, ${generated.lines} lines in ${texts.size} files (p50)`, ours: median(full), base: median(baseFull), target: '< 100 ms, >= 3x faster', met: median(full) < 100 && median(baseFull) / median(full) >= 3 },
    { metric: 're-validation after a one-character edit (p50)', ours: median(edits), base: median(baseEdit), target: '>= 3x faster', met: median(baseEdit) / median(edits) >= 3 },
    { metric: 'completion (p50)', ours: median(completions), base: median(baseComplete), target: '< 20 ms, >= 3x faster', met: median(completions) < 20 && median(baseComplete) / median(completions) >= 3 },
  ];
  const markdown = [
    table(['metric', 'Release Pilot (ms)', 'yaml-language-server (ms)', 'ratio', 'target', 'met'], rows.map((r) => [r.metric, fmt(r.ours), fmt(r.base), `${(r.base / r.ours).toFixed(1)}x`, r.target, r.met ? 'yes' : 'NO'])),
    '',
    `Schema compile (once per process, not in the figures above): ${fmt(compileMs)} ms. Findings on the generated config: ${diagnostics} (expected 0). Completion items at the last position: ${offered}.`,
    'Re-validation re-checks the whole pipeline (all includes, extends, needs) with unchanged files taken from the parse cache; yaml-language-server re-validates only the edited file, against the schema, without includes or semantic checks.',
  ].join('\n');
  return { title: 'Language service (issue 3)', markdown, ok: rows.every((r) => r.met) && diagnostics === 0 };
}

function insertLine(text: string, at: number, line: string): string {
  const lines = text.split('\n');
  lines.splice(at, 0, line);
  return lines.join('\n');
}

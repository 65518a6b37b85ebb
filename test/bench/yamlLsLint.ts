/**
 * The baseline of the whole-process benchmark: a one-shot command that validates CI files the way an
 * editor with yaml-language-server and GitLab's published schema does, in one process, and prints
 * the findings as JSON (like `release-pilot lint --format json`).
 *
 *   node out/test/bench/yamlLsLint.js SCHEMA.json FILE...
 *
 * Everything a fresh process pays is in it: loading yaml-language-server, compiling the schema on
 * the first validation, then validating each file.
 */
import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from 'yaml-language-server/lib/umd/languageservice/yamlLanguageService';

async function main(args: readonly string[]): Promise<number> {
  const [schemaPath, ...files] = args;
  if (!schemaPath || files.length === 0) {
    process.stderr.write('usage: yamlLsLint SCHEMA.json FILE...\n');
    return 2;
  }
  const schemaText = fs.readFileSync(schemaPath, 'utf8');
  const schemaUri = pathToFileURL(schemaPath).toString();
  const service = getLanguageService({
    schemaRequestService: () => Promise.resolve(schemaText),
    workspaceContext: { resolveRelativePath: (relative: string, resource: string) => new URL(relative, resource).toString() },
  });
  service.configure({ validate: true, customTags: ['!reference sequence'], schemas: [{ uri: schemaUri, fileMatch: ['*.yml', '*.yaml'], schema: JSON.parse(schemaText) as object }] });
  const out: { path: string; diagnostics: unknown[] }[] = [];
  for (const file of files) {
    const doc = TextDocument.create(pathToFileURL(file).toString(), 'yaml', 1, fs.readFileSync(file, 'utf8'));
    const found = await service.doValidation(doc, false);
    out.push({ path: file, diagnostics: found.map((d) => ({ severity: d.severity, message: d.message, range: d.range })) });
  }
  process.stdout.write(`${JSON.stringify({ files: out }, null, 2)}\n`);
  return out.some((f) => f.diagnostics.length > 0) ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exitCode = 2;
  },
);

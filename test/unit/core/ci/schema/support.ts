import { parseAllDocuments } from 'yaml';
import type { Diagnostic, Range } from '../../../../../src/core/diagnostic';
import { range } from '../../../../../src/core/diagnostic';
import type { SchemaLocator } from '../../../../../src/core/ci/schema';
import { validateCiSchema, validateSpecHeader } from '../../../../../src/core/ci/schema';

export interface Located {
  readonly code: string;
  readonly message: string;
  readonly severity: string;
  readonly path: readonly (string | number)[];
  readonly target: 'key' | 'value';
  readonly doc: 'header' | 'config';
}

/**
 * A locator that remembers what it was asked: the range it returns encodes the index of the
 * request in its start line, so a diagnostic can be traced back to the path and target it used.
 */
export class RecordingLocator {
  readonly requests: { path: readonly (string | number)[]; target: 'key' | 'value' }[] = [];
  readonly locate: SchemaLocator = (path, target): Range => {
    this.requests.push({ path: [...path], target });
    const i = this.requests.length - 1;
    return range(i, 0, i, 1);
  };

  resolve(d: Diagnostic, doc: 'header' | 'config'): Located {
    const request = this.requests[d.range.start.line];
    if (!request) throw new Error(`diagnostic with a range the locator never returned: ${d.message}`);
    return { code: d.code, message: d.message, severity: d.severity, path: request.path, target: request.target, doc };
  }
}

/** Parses a fixture (optionally a `spec:` header, `---`, then the configuration) and validates it. */
export function validateYaml(text: string): Located[] {
  const docs = parseAllDocuments(text, { merge: true });
  if (!Array.isArray(docs)) throw new Error('expected a YAML stream');
  const values = docs.map((d) => {
    if (d.errors.length > 0) throw new Error(`fixture does not parse: ${d.errors[0]?.message ?? ''}`);
    return d.toJS() as unknown;
  });
  const out: Located[] = [];
  let config = values[0];
  if (values.length > 1) {
    const header = new RecordingLocator();
    out.push(...validateSpecHeader(values[0], header.locate).map((d) => header.resolve(d, 'header')));
    config = values[1];
  }
  const locator = new RecordingLocator();
  out.push(...validateCiSchema(config, locator.locate).map((d) => locator.resolve(d, 'config')));
  return out;
}

export function describeFinding(f: Located): string {
  return `${f.doc} ${f.code} ${f.path.join('.')}@${f.target}: ${f.message}`;
}

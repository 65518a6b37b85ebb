import type { ParsedCiFile } from '../../src/core/ci/parse/parseCiFile';

/** Everything the analysis reads from a parsed file, with Maps made comparable. */
export function observable(parsed: ParsedCiFile): unknown {
  const json = JSON.stringify(
    { config: parsed.config, spec: parsed.spec, header: parsed.header, anchors: parsed.anchors, aliases: parsed.aliases, diagnostics: parsed.diagnostics, lines: parsed.lineCounter.lineStarts },
    (_key, value: unknown) => (value instanceof Map ? [...(value as Map<unknown, unknown>)] : value),
  );
  return JSON.parse(json) as unknown;
}

/** True when the file was read by the block-subset reader (its yaml Documents are only composed on demand). */
export function tookBlockSubsetPath(parsed: ParsedCiFile): boolean {
  return typeof Object.getOwnPropertyDescriptor(parsed, 'documents')?.get === 'function';
}

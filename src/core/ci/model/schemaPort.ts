import type { Diagnostic, Range } from '../../diagnostic';

/** Maps a JSON path of the validated value to a range in its source (key or value). */
export type SchemaLocator = (path: readonly (string | number)[], target: 'key' | 'value') => Range;

/**
 * The schema module's functions (src/core/ci/schema/index.ts), passed in so the analysis can run
 * with or without it and tests can hand in a double.
 */
export interface CiSchemaValidator {
  /** Validates the merged configuration (includes, extends, !reference and anchors applied; hidden jobs as-is). */
  validateCiSchema(config: unknown, locate: SchemaLocator): Diagnostic[];
  /** Validates the header document (the mapping holding `spec`); paths start at that document's root. */
  validateSpecHeader(spec: unknown, locate: SchemaLocator): Diagnostic[];
}

import type { Diagnostic, Range } from '../../diagnostic';
import type { PathSegment } from './ciNode';

/** Which range of a keyed value a finding is about: its key, or the value itself. */
export type LocateTarget = 'key' | 'value';

/**
 * Maps a path in the validated value (keys and list indices from the document root) to a source
 * range: of the key itself (`'key'`) or of its value (`'value'`). For list items both mean the item.
 */
export type SchemaLocator = (path: readonly PathSegment[], target: LocateTarget) => Range;

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

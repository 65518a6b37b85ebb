import type { Range } from '../../diagnostic';

/**
 * Maps a path in the configuration (keys and list indices from the document root) to a source
 * range: of the key itself (`'key'`) or of its value (`'value'`). For list items both mean the item.
 */
export type SchemaLocator = (path: readonly (string | number)[], target: 'key' | 'value') => Range;

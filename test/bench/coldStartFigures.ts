import * as path from 'node:path';
import type { ActivationTimings } from '../../src/extension';
import { REPO_ROOT } from '../support/paths';

/**
 * Where the integration level leaves the editor's cold-start figures for `npm run bench`: they come
 * from the real extension host, which only that level starts.
 */
export const COLD_START_FIGURES = path.join(REPO_ROOT, 'test-output', 'bench', 'cold-start.json');

export interface ColdStartFigures {
  readonly measuredAt: string;
  readonly vscodeVersion: string;
  readonly activation: ActivationTimings;
  readonly largestConfig?: { readonly file: string; readonly lines: number; readonly openToDiagnosticsMs: number; readonly diagnostics: number };
}

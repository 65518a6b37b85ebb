/**
 * GitLab refuses a configuration that expands too far ("The parsed YAML is too big"). Aliases, merge
 * keys and `!reference` all copy values, so they draw on one allowance per analysis.
 */
export const MAX_EXPANSION = 250_000;

/**
 * The editor's allowance: it analyses on the extension-host thread, where a hostile file must not hold
 * every extension for seconds (issue 11: a 29 KB `!reference` fan-out took up to 2.8 s under the full
 * allowance). Real configs stay far below it (`npm run bench -- cold` reports the corpus' largest);
 * past it the editor says so and leaves the full check to the CLI.
 */
export const EDITOR_MAX_EXPANSION = 40_000;

/** The finding a tripped allowance makes: GitLab's own limit, or the editor's smaller one. */
export function expansionLimitCode(budget: AnalysisBudget): 'expansion-limit' | 'editor-expansion-limit' {
  return budget.maxExpansion < MAX_EXPANSION ? 'editor-expansion-limit' : 'expansion-limit';
}

/**
 * The most YAML text one analysis reads (entry and includes together). GitLab's own per-file limit is
 * 2 MB; a whole pipeline above this is not one a person edits, and reading it would stall the editor.
 */
export const MAX_ANALYSIS_TEXT = 8 * 1024 * 1024;

/**
 * The work one analysis may do, counted in values and bytes rather than time so the outcome is the
 * same on every machine: values produced by expansion, and bytes of YAML read.
 */
export class AnalysisBudget {
  private expandedValues: number;
  private textBytes = 0;
  /** Set once expansion ran out, so the one finding that says so is made once. */
  expansionReported = false;

  constructor(
    readonly maxExpansion = MAX_EXPANSION,
    readonly maxText = MAX_ANALYSIS_TEXT,
    alreadyExpanded = 0,
  ) {
    this.expandedValues = alreadyExpanded;
  }

  get expanded(): number {
    return this.expandedValues;
  }

  /** Whether `values` more still fit; nothing is charged. */
  fits(values: number): boolean {
    return this.expandedValues + values <= this.maxExpansion;
  }

  /** Charges `values` produced by expansion when they fit; false (and nothing charged) when they do not. */
  expand(values: number): boolean {
    if (!this.fits(values)) return false;
    this.expandedValues += values;
    return true;
  }

  /** Charges the expansion a parsed file already did (its aliases), whether or not it fits. */
  chargeParsed(values: number): void {
    this.expandedValues += values;
  }

  /** Charges `bytes` of YAML about to be read when they fit; false (nothing charged) when they do not. */
  read(bytes: number): boolean {
    if (this.textBytes + bytes > this.maxText) return false;
    this.textBytes += bytes;
    return true;
  }
}

/**
 * Regular expressions typed into settings, compiled with care: a pattern is bounded in
 * length, refused when it nests quantifiers (`(a+)+`, `(\w*)*`, the shapes that backtrack
 * exponentially and would freeze the extension host on one job name), and compiled inside a
 * try. Every refusal comes back in words for the log, never as an exception.
 */
export const MAX_PATTERN_LENGTH = 200;

/** A quantified group that itself contains a quantifier: the classic catastrophic-backtracking shape. */
const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*(?:[+*]|\{\d+,\d*\})(?:[^()\\]|\\.)*\)(?:[+*]|\{\d+,\d*\})/;

export type CompiledRegex = { readonly ok: true; readonly regex: RegExp } | { readonly ok: false; readonly problem: string };

export function compileSettingRegex(source: unknown, flags = ''): CompiledRegex {
  if (typeof source !== 'string') return { ok: false, problem: 'is not a string' };
  if (source.length > MAX_PATTERN_LENGTH) return { ok: false, problem: `is longer than ${MAX_PATTERN_LENGTH} characters` };
  if (NESTED_QUANTIFIER.test(source)) return { ok: false, problem: 'nests quantifiers (like (a+)+), which can take forever to match; simplify it' };
  try {
    return { ok: true, regex: new RegExp(source, flags) };
  } catch (error) {
    return { ok: false, problem: `is not a valid regular expression (${error instanceof Error ? error.message : String(error)})` };
  }
}

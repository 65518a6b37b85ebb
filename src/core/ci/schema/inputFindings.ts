/**
 * Checks on inputs that tie one key to another, which the keyword model cannot say: a `default`
 * must have the input's `type` (a string when no type is given), and `spec:inputs` with `rules`
 * take their options and default from the rules only.
 */
import type { Finding } from './messages';
import type { PathSegment } from '../model/ciNode';
import { isRecord } from './resolve';

/** What a `default` of each input type must be, in words and as a test. */
const DEFAULT_TYPES: Readonly<Record<string, { readonly words: string; readonly fits: (v: unknown) => boolean }>> = {
  string: { words: 'a string', fits: (v) => typeof v === 'string' },
  number: { words: 'a number', fits: (v) => typeof v === 'number' },
  boolean: { words: 'true or false', fits: (v) => typeof v === 'boolean' },
  array: { words: 'a list', fits: (v) => Array.isArray(v) },
};

/** `$[[ inputs.x ]]` is replaced before GitLab reads the value: its type is not known yet. */
const interpolated = (v: unknown): boolean => typeof v === 'string' && v.includes('$[[');

function defaultFinding(name: string, input: Record<string, unknown>, path: readonly PathSegment[], where: string, nullable: boolean): Finding[] {
  if (!('default' in input)) return [];
  const value = input.default;
  if ((value === null && nullable) || interpolated(value)) return [];
  const type = typeof input.type === 'string' ? input.type : 'string';
  const expected = DEFAULT_TYPES[type];
  if (!expected || expected.fits(value)) return [];
  const because = typeof input.type === 'string' ? `its \`type\` is \`${type}\`` : 'an input without `type` is a string';
  return [{ code: 'schema-type', path: [...path, 'default'], target: 'value', message: `\`default\` of input \`${name}\` in ${where} must be ${expected.words}: ${because}` }];
}

/** A job's `inputs`: each `default` fits the input's type. */
export function jobInputFindings(job: string, inputs: unknown): Finding[] {
  if (!isRecord(inputs)) return [];
  return Object.entries(inputs).flatMap(([name, input]) =>
    (isRecord(input) ? defaultFinding(name, input, [job, 'inputs', name], `job \`${job}\``, false) : []));
}

/** The header's `spec:inputs`: defaults fit their types; `rules` replace `options` and `default`. */
export function specInputFindings(header: unknown): Finding[] {
  if (!isRecord(header) || !isRecord(header.spec) || !isRecord(header.spec.inputs)) return [];
  const findings: Finding[] = [];
  for (const [name, input] of Object.entries(header.spec.inputs)) {
    if (!isRecord(input)) continue;
    const path = ['spec', 'inputs', name];
    findings.push(...defaultFinding(name, input, path, '`spec:inputs`', true));
    if (input.rules === undefined || input.rules === null) continue;
    for (const key of ['options', 'default']) {
      if (key in input) {
        findings.push({ code: 'schema-exclusive', path: [...path, key], target: 'key', message: `\`${key}\` of input \`${name}\` cannot be used together with \`rules\`: each rule sets its own \`${key}\`` });
      }
    }
  }
  return findings;
}

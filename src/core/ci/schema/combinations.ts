/**
 * Rules about keywords used together, which GitLab checks per job and per rule. They are kept out
 * of the JSON Schema on purpose: written there they only produce "must NOT be valid" noise.
 */
import type { Finding } from './messages';
import type { PathSegment } from '../model/ciNode';
import { isHiddenKey, isRecord, isTriggerJob, RESERVED_TOP_LEVEL } from './resolve';
import { jobInputFindings } from './inputFindings';

type Obj = Record<string, unknown>;

const set = (o: Obj, key: string): boolean => o[key] !== undefined && o[key] !== null;

interface Exclusive {
  readonly first: string;
  readonly second: string;
}

/** In a job: `second` may not appear with `first`. Reported at `second`. */
const JOB_EXCLUSIVE: readonly Exclusive[] = [
  { first: 'rules', second: 'only' },
  { first: 'rules', second: 'except' },
  { first: 'rules', second: 'start_in' },
  { first: 'trigger', second: 'script' },
  { first: 'trigger', second: 'run' },
  { first: 'script', second: 'run' },
];

interface DelayRule {
  readonly context: 'job' | 'rules item';
  /** Whether the rule applies to this mapping at all. */
  readonly applies: (o: Obj) => boolean;
}

/** `when: delayed` needs `start_in`, and `start_in` only means something with `when: delayed`. */
const DELAY_RULES: readonly DelayRule[] = [
  { context: 'job', applies: (o) => !set(o, 'rules') },
  { context: 'rules item', applies: () => true },
];

function where(job: string, inRule: boolean): string {
  return inRule ? `\`rules\` of job \`${job}\`` : `job \`${job}\``;
}

function delayFindings(o: Obj, path: readonly PathSegment[], job: string, rule: DelayRule): Finding[] {
  if (!rule.applies(o)) return [];
  const inRule = rule.context === 'rules item';
  if (o.when === 'delayed' && !set(o, 'start_in')) {
    return [{ code: 'schema-required', path: [...path, 'when'], target: 'value', message: `\`when: delayed\` needs \`start_in\` in ${where(job, inRule)}` }];
  }
  if (set(o, 'start_in') && o.when !== 'delayed') {
    return [{ code: 'schema-exclusive', path: [...path, 'start_in'], target: 'key', message: `\`start_in\` only applies with \`when: delayed\` in ${where(job, inRule)}` }];
  }
  return [];
}

function flattenRules(rules: unknown, path: readonly PathSegment[], out: { rule: Obj; path: PathSegment[] }[]): void {
  if (!Array.isArray(rules)) return;
  rules.forEach((r, i) => {
    if (Array.isArray(r)) flattenRules(r, [...path, i], out);
    else if (isRecord(r)) out.push({ rule: r, path: [...path, i] });
  });
}

function jobFindings(job: string, o: Obj): Finding[] {
  const findings: Finding[] = [];
  for (const x of JOB_EXCLUSIVE) {
    if (set(o, x.first) && set(o, x.second)) {
      findings.push({ code: 'schema-exclusive', path: [job, x.second], target: 'key', message: `\`${x.second}\` cannot be used together with \`${x.first}\` in job \`${job}\`` });
    }
  }
  const [jobRule, itemRule] = DELAY_RULES;
  // A job-level `start_in` next to `rules` is already reported as exclusive above; a trigger job's
  // `when` and `start_in` are reported by the schema (it cannot be delayed at all).
  if (jobRule && !(set(o, 'rules') && set(o, 'start_in')) && !isTriggerJob(o)) findings.push(...delayFindings(o, [job], job, jobRule));
  if (itemRule) {
    const rules: { rule: Obj; path: PathSegment[] }[] = [];
    flattenRules(o.rules, [job, 'rules'], rules);
    for (const r of rules) findings.push(...delayFindings(r.rule, r.path, job, itemRule));
  }
  findings.push(...artifactsAccess(o.artifacts, [job, 'artifacts'], `job \`${job}\``), ...jobInputFindings(job, o.inputs));
  return findings;
}

/** `artifacts:access` replaced `artifacts:public`; GitLab refuses both at once. */
function artifactsAccess(artifacts: unknown, path: readonly PathSegment[], where: string): Finding[] {
  if (!isRecord(artifacts) || !set(artifacts, 'access') || !('public' in artifacts)) return [];
  return [{ code: 'schema-exclusive', path: [...path, 'public'], target: 'key', message: `\`public\` cannot be used together with \`access\` in \`artifacts\` of ${where}` }];
}

/** Combination findings for every visible job of the configuration. */
export function combinationFindings(config: unknown): Finding[] {
  if (!isRecord(config)) return [];
  const findings: Finding[] = [];
  if (isRecord(config.default)) findings.push(...artifactsAccess(config.default.artifacts, ['default', 'artifacts'], '`default`'));
  for (const [name, value] of Object.entries(config)) {
    if (RESERVED_TOP_LEVEL.has(name) || isHiddenKey(name) || !isRecord(value)) continue;
    findings.push(...jobFindings(name, value));
  }
  return findings;
}

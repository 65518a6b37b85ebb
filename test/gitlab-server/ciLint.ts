// A small stand-in for GitLab's CI lint: YAML syntax, and a few of the server-side checks,
// worded as GitLab words them. It does not resolve include/extends/!reference.
import { isMap, parseDocument, stringify } from 'yaml';

/** Top-level keys that are not jobs. */
const GLOBAL_KEYS: ReadonlySet<string> = new Set([
  'image', 'services', 'cache', 'before_script', 'after_script', 'variables', 'stages', 'types', 'include', 'default', 'workflow', 'spec', 'pages',
]);
const DEFAULT_STAGES = ['build', 'test', 'deploy'];
const JOB_BODY_KEYS = ['script', 'run', 'trigger', 'extends'];

export interface LintJob {
  readonly name: string;
  readonly stage: string;
  readonly before_script: string[];
  readonly script: string[];
  readonly after_script: string[];
  readonly tag_list: string[];
  readonly only: { refs: string[] } | null;
  readonly except: null;
  readonly environment: string | null;
  readonly when: string;
  readonly allow_failure: boolean;
  readonly needs: { name: string }[] | null;
}

export interface LintResult {
  readonly valid: boolean;
  readonly errors: string[];
  readonly warnings: string[];
  readonly merged_yaml: string | null;
  readonly includes: unknown[];
  readonly jobs?: LintJob[];
}

const asStrings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);

export function lintCi(content: string, options: { includeJobs?: boolean } = {}): LintResult {
  const doc = parseDocument(content, { prettyErrors: false });
  if (doc.errors.length > 0) {
    const first = doc.errors[0];
    const where = first?.linePos?.[0] ? ` at line ${first.linePos[0].line} column ${first.linePos[0].col}` : '';
    return { valid: false, errors: [`(<unknown>): ${first?.message.split('\n')[0] ?? 'invalid YAML'}${where}`], warnings: [], merged_yaml: null, includes: [] };
  }
  if (!isMap(doc.contents)) {
    return { valid: false, errors: ['Invalid configuration format'], warnings: [], merged_yaml: null, includes: [] };
  }
  const config = doc.toJS() as Record<string, unknown>;
  const errors: string[] = [];
  const declared = asStrings(config['stages'] ?? config['types']);
  const stages = ['.pre', ...(declared.length > 0 ? declared : DEFAULT_STAGES), '.post'];
  const jobs: LintJob[] = [];
  const names = Object.keys(config).filter((k) => !GLOBAL_KEYS.has(k) && !k.startsWith('.'));
  for (const name of names) {
    const body = config[name];
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      errors.push(`jobs:${name} config should be a hash`);
      continue;
    }
    const job = body as Record<string, unknown>;
    if (!JOB_BODY_KEYS.some((k) => k in job)) errors.push(`jobs:${name} config should implement the script:, run:, or trigger: keyword`);
    const stage = job['stage'] === undefined ? 'test' : job['stage'];
    if (typeof stage !== 'string' || !stages.includes(stage)) {
      errors.push(`${name} job: chosen stage does not exist; available stages are ${stages.join(', ')}`);
    }
    const needs = Array.isArray(job['needs']) ? job['needs'].map((n) => (typeof n === 'object' && n !== null ? String((n as Record<string, unknown>)['job']) : String(n))) : null;
    for (const need of needs ?? []) {
      if (!names.includes(need)) errors.push(`${name} job: undefined need: ${need}`);
    }
    const env = job['environment'];
    jobs.push({
      name,
      stage: typeof stage === 'string' ? stage : 'test',
      before_script: asStrings(job['before_script']),
      script: asStrings(job['script']),
      after_script: asStrings(job['after_script']),
      tag_list: asStrings(job['tags']),
      only: { refs: ['branches', 'tags'] },
      except: null,
      environment: typeof env === 'string' ? env : typeof env === 'object' && env !== null ? String((env as Record<string, unknown>)['name']) : null,
      when: typeof job['when'] === 'string' ? job['when'] : 'on_success',
      allow_failure: typeof job['allow_failure'] === 'boolean' ? job['allow_failure'] : job['when'] === 'manual',
      needs: needs?.map((n) => ({ name: n })) ?? null,
    });
  }
  if (names.length === 0) errors.push('jobs config should contain at least one visible job');
  const includes = asStrings(config['include']).map((location) => ({ type: 'local', location, blob: null, raw: null, extra: {}, context_project: null, context_sha: null }));
  const result: LintResult = {
    valid: errors.length === 0,
    errors,
    warnings: [],
    merged_yaml: errors.length === 0 ? `---\n${stringify(config)}` : null,
    includes,
  };
  return options.includeJobs === true ? { ...result, jobs } : result;
}

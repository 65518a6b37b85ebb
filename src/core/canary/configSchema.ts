/** The shape of `.release-pilot.yml` as a table the parser walks, and what counts as a secret. */

export type FieldSpec =
  | { readonly type: 'string'; readonly pattern?: RegExp; readonly hint?: string }
  | { readonly type: 'number'; readonly min: number; readonly integer?: boolean }
  | { readonly type: 'enum'; readonly values: readonly string[] }
  | { readonly type: 'url' }
  | { readonly type: 'map'; readonly fields: Readonly<Record<string, FieldSpec>>; readonly open?: boolean };

const LABEL_NAME: FieldSpec = { type: 'string', pattern: /^[A-Za-z_][A-Za-z0-9_]*$/, hint: 'a Prometheus label name (letters, digits, "_")' };
const LABEL_VALUE: FieldSpec = { type: 'string', pattern: /^[^"\\\n]+$/, hint: 'a label value without quotes or backslashes' };
const QUERY: FieldSpec = { type: 'string', pattern: /\S/, hint: 'a PromQL query' };
const RATIO: FieldSpec = {
  type: 'map',
  fields: { suspect: { type: 'number', min: 1 }, failing: { type: 'number', min: 1 }, floor: { type: 'number', min: 0 } },
};

export const CONFIG_SCHEMA: FieldSpec = {
  type: 'map',
  // Other features may add top-level sections; only `canary` is checked here.
  open: true,
  fields: {
    canary: {
      type: 'map',
      fields: {
        source: { type: 'enum', values: ['prometheus', 'job-log'] },
        prometheus: {
          type: 'map',
          fields: {
            url: { type: 'url' },
            selector: { type: 'string', pattern: /^[^{}]*$/, hint: 'label matchers without braces, e.g. app="shop",env="prod"' },
            rateWindow: { type: 'string', pattern: /^(\d+(ms|s|m|h|d|w|y))+$/, hint: 'a PromQL duration such as 1m or 30s' },
            minSamples: { type: 'number', min: 1, integer: true },
            labels: { type: 'map', fields: { track: LABEL_NAME, canary: LABEL_VALUE, stable: LABEL_VALUE, node: LABEL_NAME } },
            queries: { type: 'map', fields: { errorRate: QUERY, warnRate: QUERY, cpu: QUERY, memory: QUERY } },
          },
        },
        thresholds: {
          type: 'map',
          fields: {
            errorRate: RATIO,
            warnRate: RATIO,
            cpu: RATIO,
            memory: RATIO,
            memoryGrowth: { type: 'map', fields: { suspect: { type: 'number', min: 0 }, failing: { type: 'number', min: 0 } } },
          },
        },
      },
    },
  },
};

/** Key names that name credentials, wherever they appear. */
export const SECRET_KEY = /token|passw(or)?d|secret|api[-_]?key|bearer|authori[sz]ation|credential|private[-_]?key|cookie|^auth$|basic[-_]?auth|^pass$/i;

/** Values that are credentials whatever their key (GitLab, GitHub, Slack tokens, JWTs, keys, auth headers). */
export const SECRET_VALUE = /\b(glpat-|glptt-|gldt-|ghp_|github_pat_|xox[bap]-)|^eyJ[\w-]+\.eyJ|-----BEGIN [A-Z ]*PRIVATE KEY|^(Bearer|Basic)\s+\S/;

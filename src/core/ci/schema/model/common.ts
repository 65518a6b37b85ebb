/**
 * Keywords shared by jobs, `default:` and the deprecated top-level globals: scripts, images,
 * services, caches, variables and the small scalar settings.
 */
import { anything, bool, dict, int, kw, list, mapping, nul, num, oneOfStrings, ref, str, union } from '../shapes';
import type { Keyword, ObjectShape, Shape } from '../shapes';

/** `script` lines: a string, or lists of strings nested as deep as `!reference` makes them. */
export const SCRIPT_LINES = 'scriptLines';
/** `before_script`, `after_script`, hooks: may be empty. */
export const scriptShape: Shape = union(str(), list(ref(SCRIPT_LINES)));
/** A job's `script` and a service's `command` must say something: GitLab rejects `''` and `[]`. */
export const requiredScriptShape: Shape = union(str({ minLength: 1 }), list(ref(SCRIPT_LINES), { minItems: 1 }));
export const scriptLinesDefinition: Shape = union(str(), list(ref(SCRIPT_LINES)));

/** Tags and stages may arrive as one level of nested lists when they come from `!reference`. */
export const stringsMaybeNested: Shape = list(union(str(), list(str())), { minItems: 1, uniqueItems: true });
/** `tags`: at least one, none empty. */
/** GitLab's server takes an empty list (`Entry::Tags` checks only that it holds strings); the reference wants one tag. */
export const tagsShape: Shape = list(union(str({ minLength: 1 }), list(str(), { minItems: 1 })));

/** GitLab accepts an empty variable (`NAME:` with no value) as an empty string. */
const variableScalar: Shape = union(str(), num(), { kind: 'boolean' }, nul);

const PULL_POLICIES = ['always', 'never', 'if-not-present'] as const;
const pullPolicy: Shape = union(oneOfStrings(PULL_POLICIES), list(oneOfStrings(PULL_POLICIES), { minItems: 1, uniqueItems: true }));

const executorOptions = (docs: string): Keyword[] => [
  kw('docker', `${docs}docker`, mapping('executor options', [
    kw('platform', `${docs}docker`, str({ minLength: 1 }), 'CPU architecture of the image to pull, such as `arm64/v8`.'),
    kw('user', `${docs}docker`, str({ minLength: 1, maxLength: 255 }), 'User name or UID the container runs as.'),
  ]), 'Settings passed to the Docker executor of the runner.'),
  kw('kubernetes', `${docs}kubernetes`, mapping('executor options', [
    kw('user', `${docs}kubernetes`, union(str({ minLength: 1, maxLength: 255 }), int()), 'User name or UID (`uid:gid` works too) the container runs as.'),
  ]), 'Settings passed to the Kubernetes executor of the runner.'),
  kw('pull_policy', `${docs}pull_policy`, pullPolicy, 'When the runner pulls the image: `always`, `if-not-present` or `never`; a list gives fallbacks.'),
];

export const jobVariableValue: Shape = union(
  str(), num(), { kind: 'boolean' }, nul,
  mapping('variable', [
    kw('value', '#variablesvalue', str(), 'The value of the variable.'),
    kw('expand', '#variablesexpand', bool, 'Set to `false` to pass the value verbatim, without expanding `$OTHER` references.'),
  ]),
);

const globalVariableValue: Shape = union(
  str(), num(), { kind: 'boolean' }, nul,
  mapping('variable', [
    kw('value', '#variablesvalue', str(), 'The default value of the variable.'),
    kw('description', '#variablesdescription', str(), 'Explains the variable; it is shown, pre-filled, on the **Run pipeline** page.'),
    kw('options', '#variablesoptions', list(str(), { minItems: 1, uniqueItems: true }), 'The values a person may pick from when running a pipeline by hand; `value` must be one of them.'),
    kw('expand', '#variablesexpand', bool, 'Set to `false` to pass the value verbatim, without expanding `$OTHER` references.'),
  ]),
);

export const jobVariables: Shape = dict(jobVariableValue, 'mapping');
export const globalVariables: Shape = dict(globalVariableValue, 'mapping');
/** `rules:variables` only take plain values. */
export const plainVariables: Shape = dict(variableScalar, 'mapping');

export const imageShape: Shape = union(
  str({ minLength: 1 }),
  mapping('image', [
    kw('name', '#imagename', str({ minLength: 1 }), 'The container image to run the job in, with its registry and tag when needed.'),
    kw('entrypoint', '#imageentrypoint', list(anything, { minItems: 1 }), 'Replaces the image\'s entrypoint; each list item is one argument.'),
    ...executorOptions('#image'),
  ], { required: ['name'] }),
);

const serviceShape: ObjectShape = mapping('service', [
  kw('name', '../services/#available-settings-for-services', str({ minLength: 1 }), 'The image of the service container.'),
  kw('alias', '../services/#available-settings-for-services', str({ minLength: 1 }), 'Extra host names the job reaches the service by; separate several with spaces or commas.'),
  kw('entrypoint', '../services/#available-settings-for-services', list(str(), { minItems: 1 }), 'Replaces the service image\'s entrypoint.'),
  kw('command', '../services/#available-settings-for-services', requiredScriptShape, 'Replaces the service image\'s command; each list item is one argument.'),
  kw('variables', '../services/#available-settings-for-services', jobVariables, 'Variables given only to this service container.'),
  ...executorOptions('#services'),
], { required: ['name'] });

export const servicesShape: Shape = list(union(str({ minLength: 1 }), serviceShape));

const CACHE_WHEN = ['on_success', 'on_failure', 'always'] as const;
const cacheItem: ObjectShape = mapping('cache', [
  kw('key', '#cachekey', union(
    // GitLab refuses keys that are a path (`/`) or only dots (`.`, `..`).
    str({ pattern: '^[^/]*[^./][^/]*$', patternHint: 'a name without `/` that is not just dots' }),
    mapping('cache:key', [
      kw('files', '#cachekeyfiles', list(str(), { minItems: 1, maxItems: 10 }), 'Up to ten files whose content, when it changes, starts a new cache.'),
      kw('files_commits', '#cachekeyfiles_commits', list(str(), { minItems: 1, maxItems: 2 }), 'Up to two files whose latest commit, when it changes, starts a new cache.'),
      kw('prefix', '#cachekeyprefix', str(), 'Text put in front of the key computed from `files`.'),
    ]),
  ), 'Names the cache; jobs using the same key share it, even across pipelines.'),
  kw('paths', '#cachepaths', list(str()), 'Files and directories, relative to the project directory, to keep in the cache.'),
  kw('untracked', '#cacheuntracked', bool, 'Also caches every file Git does not track.'),
  kw('unprotect', '#cacheunprotect', bool, 'Shares the cache between protected and unprotected branches.'),
  kw('when', '#cachewhen', oneOfStrings(CACHE_WHEN), 'Which job outcome saves the cache: `on_success` (default), `on_failure` or `always`.'),
  kw('policy', '#cachepolicy', str({
    // GitLab's server checks this unanchored pattern too, so `pull-push` inside a longer word passes.
    pattern: 'pull-push|pull|push|\\$\\w{1,255}',
    patternHint: 'one of pull, push, pull-push, or a `$VARIABLE`',
    suggest: ['pull-push', 'pull', 'push'],
  }), 'Whether the job downloads (`pull`), uploads (`push`) or does both (`pull-push`, default).'),
  kw('fallback_keys', '#cachefallback_keys', list(str(), { maxItems: 5 }), 'Keys to restore from, in order, when nothing is cached under `key` yet.'),
]);

/** Entries may come as nested lists (an anchor holding a list, used as one entry); GitLab flattens them. */
export const cacheShape: Shape = union(cacheItem, list(union(cacheItem, list(cacheItem)), { maxItems: 4 }));

const RETRY_WHEN = [
  'always', 'unknown_failure', 'script_failure', 'api_failure', 'stuck_or_timeout_failure',
  'stuck_pending_with_matching_runners', 'stuck_pending_no_matching_runners', 'no_updates_running',
  'no_updates_canceling', 'runner_system_failure', 'runner_configuration_error',
  'runner_external_dependency_failure', 'runner_interrupted', 'runner_unsupported', 'stale_schedule',
  'job_execution_timeout', 'server_timeout_running', 'server_timeout_canceling', 'archived_failure',
  'unmet_prerequisites', 'scheduler_failure', 'data_integrity_failure',
] as const;

export const retryShape: Shape = union(
  int(0, 2),
  mapping('retry', [
    kw('max', '#retry', int(0, 2), 'How many times to retry, from 0 to 2.'),
    kw('when', '#retrywhen', union(oneOfStrings(RETRY_WHEN), list(oneOfStrings(RETRY_WHEN))), 'Only retry for these kinds of failure.'),
    kw('exit_codes', '#retryexit_codes', union(int(), list(int(), { minItems: 1, uniqueItems: true })), 'Only retry when the script exits with one of these codes.'),
  ]),
);

export const durationShape: Shape = str({ minLength: 1 });

export const idTokensShape: Shape = dict(mapping('id_token', [
  kw('aud', '#id_tokens', union(str(), list(str(), { minItems: 1, uniqueItems: true })), 'The audience (`aud` claim) of the token.'),
], { required: ['aud'] }), 'mapping');

const vaultEngine = mapping('secret', [
  kw('name', '#secretsvault', str(), 'The secrets engine type, such as `kv-v2`.'),
  kw('path', '#secretsvault', str(), 'Where the engine is mounted.'),
], { required: ['name', 'path'] });

const secretKeywords: readonly Keyword[] = [
  kw('vault', '#secretsvault', union(str(), mapping('secret', [
    kw('engine', '#secretsvault', vaultEngine, 'The Vault secrets engine.'),
    kw('path', '#secretsvault', str(), 'Path of the secret in the engine.'),
    kw('field', '#secretsvault', str(), 'Field of the secret to read.'),
  ], { required: ['engine', 'path', 'field'] })), 'Reads the secret from HashiCorp Vault, as `path/to/secret/field@engine` or a mapping.'),
  kw('gcp_secret_manager', '#secretsgcp_secret_manager', mapping('secret', [
    kw('name', '#secretsgcp_secret_manager', str(), 'Name of the secret.'),
    kw('version', '#secretsgcp_secret_manager', union(str(), int()), 'Version to read; the latest when omitted.'),
  ], { required: ['name'] }), 'Reads the secret from Google Cloud Secret Manager.'),
  kw('azure_key_vault', '#secretsazure_key_vault', mapping('secret', [
    kw('name', '#secretsazure_key_vault', str(), 'Name of the secret.'),
    kw('version', '#secretsazure_key_vault', str(), 'Version to read; the latest when omitted.'),
  ], { required: ['name'] }), 'Reads the secret from Azure Key Vault.'),
  kw('aws_secrets_manager', '#secretsaws_secrets_manager', union(str(), mapping('secret', [
    kw('secret_id', '#secretsaws_secrets_manager', str(), 'ARN or name of the secret.'),
    kw('version_id', '#secretsaws_secrets_manager', str(), 'Exact version of the secret.'),
    kw('version_stage', '#secretsaws_secrets_manager', str(), 'Staging label of the version to read.'),
    kw('region', '#secretsaws_secrets_manager', str(), 'AWS region holding the secret.'),
    kw('role_arn', '#secretsaws_secrets_manager', str(), 'IAM role to assume before reading.'),
    kw('role_session_name', '#secretsaws_secrets_manager', str(), 'Session name used when assuming the role.'),
    kw('field', '#secretsaws_secrets_manager', str(), 'Field of a JSON secret to read.'),
  ], { required: ['secret_id'] })), 'Reads the secret from AWS Secrets Manager.'),
  kw('akeyless', '#secretsakeyless', dict(union(str(), num(), bool), 'secret'), 'Reads the secret from Akeyless.'),
  kw('gitlab_secrets_manager', '#secretsgitlab_secrets_manager', mapping('secret', [
    kw('name', '#secretsgitlab_secrets_manager', str({ pattern: '^[a-zA-Z0-9_]+$', patternHint: 'a name of letters, digits and `_`' }), 'Name of the secret.'),
    kw('source', '#secretsgitlab_secrets_manager', str(), 'Where the secret is stored, when not in this project.'),
  ], { required: ['name'] }), 'Reads the secret from the GitLab secrets manager.'),
  kw('file', '#secretsfile', bool, 'Whether the variable holds a path to a file with the secret (default) or the secret itself.'),
  kw('token', '#secretstoken', str(), 'The `id_tokens` variable to authenticate with, such as `$VAULT_ID_TOKEN`.'),
];

/** A secret must name where it comes from; GitLab rejects one with only `file` or `token`. */
const SECRET_PROVIDERS = ['vault', 'gcp_secret_manager', 'azure_key_vault', 'aws_secrets_manager', 'akeyless', 'gitlab_secrets_manager'] as const;
/** Google Cloud Secret Manager is reached with an ID token: `token` is required beside it. */
const secretShape: ObjectShape = mapping('secret', secretKeywords, { dependencies: { gcp_secret_manager: ['token'] } });

export const secretsShape: Shape = dict({
  kind: 'union', options: [], discriminated: SECRET_PROVIDERS.map((key) => ({ key, shape: secretShape })),
}, 'mapping');


export const hooksShape: Shape = mapping('hooks', [
  kw('pre_get_sources_script', '#hookspre_get_sources_script', scriptShape, 'Commands the runner executes before it clones or fetches the repository.'),
]);

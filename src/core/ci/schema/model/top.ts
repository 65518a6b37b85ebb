/** Top-level keywords: `default`, `include`, `stages`, `variables`, `workflow`, the deprecated globals, and `spec`. */
import { anything, bool, dict, kw, list, mapping, nul, num, oneOfStrings, str, union } from '../shapes';
import type { Keyword, ObjectShape, Shape, UnionShape } from '../shapes';
import {
  cacheShape, globalVariables, imageShape, SCRIPT_LINES, scriptLinesDefinition, scriptShape, servicesShape,
  stringsMaybeNested,
} from './common';
import { defaultShape } from './job';
import { inputValues, projectPath, REMOTE_URL, yamlFile } from './jobParts';
import { autoCancelShape, includeRulesShape, ruleDefinitions, workflowRulesShape } from './rules';

const includeInputs = kw('inputs', '../inputs/', inputValues, 'Values for the `spec:inputs` declared by the included file.');
const includeRules = kw('rules', 'includes/#use-rules-with-include', includeRulesShape, 'Conditions deciding whether the file is included.');

const includeVariant = (key: string, own: Keyword[], required: string[]): { key: string; shape: ObjectShape } => ({
  key,
  shape: mapping('include item', [...own, includeRules, includeInputs], { required }),
});

const INCLUDE_VARIANTS = [
  includeVariant('local', [
    kw('local', '#includelocal', yamlFile(), 'Path (or glob) of a file in this repository, from the project root.'),
  ], ['local']),
  includeVariant('project', [
    kw('project', '#includeproject', projectPath(), 'Full path of another project on the same GitLab instance.'),
    kw('file', '#includeproject', union(yamlFile(), list(yamlFile())), 'Path(s) of the file(s) to include from that project.'),
    kw('ref', '#includeproject', str(), 'Branch, tag or commit of that project; its default branch when omitted.'),
  ], ['project', 'file']),
  includeVariant('template', [
    kw('template', '#includetemplate', yamlFile(), 'Name of a CI/CD template shipped with GitLab, such as `Auto-DevOps.gitlab-ci.yml`.'),
  ], ['template']),
  includeVariant('remote', [
    kw('remote', '#includeremote', str(REMOTE_URL), 'Full `https://` URL of a file to include.'),
    kw('integrity', '#includeintegrity', str({ pattern: '^sha256-[A-Za-z0-9+/]{43}=$', patternHint: 'a base64 SHA-256 hash written as `sha256-...=`' }), 'SHA-256 hash (`sha256-...`) the remote file must match.'),
    kw('cache', '#includecache', union(bool, str({ minLength: 1 })), 'Caches the remote file: `true`, or how long, such as `1 day`.'),
  ], ['remote']),
  includeVariant('component', [
    kw('component', '#includecomponent', str(), 'A CI/CD component, as `host/path/to/project/component@version`.'),
  ], ['component']),
];

/** A file named by itself: a local path or an `http(s)://` URL, of a YAML file. */
// GitLab's schema asks for a word character before `.yml`, which refuses globs (`ci/*.yml`) that its server accepts.
const includeString = str({ pattern: '^(?:https?://|(?!\\w+://))[\\s\\S]*\\.ya?ml$', patternHint: 'the path or `http(s)://` URL of a `.yml` or `.yaml` file' });
const includeItem: UnionShape = { kind: 'union', options: [includeString], discriminated: INCLUDE_VARIANTS };
const includeShape: UnionShape = { kind: 'union', options: [includeString, list(includeItem)], discriminated: INCLUDE_VARIANTS };

const deprecatedGlobal = 'set it under `default:` instead';

export const ROOT_KEYWORDS: readonly Keyword[] = [
  kw('default', '#default', defaultShape, 'Values every job takes unless it sets its own (image, scripts, cache, retry, ...).'),
  kw('include', '#include', includeShape, 'Other configuration files merged into this one: local files, other projects, templates, URLs or components.'),
  kw('stages', '#stages', stringsMaybeNested, 'The stages of the pipeline, in the order they run; `build`, `test` and `deploy` when omitted.'),
  kw('variables', '#variables', globalVariables, 'Variables given to every job; with `description`, they are offered when running a pipeline by hand.'),
  kw('workflow', '#workflow', mapping('workflow', [
    kw('name', '#workflowname', str({ minLength: 1, maxLength: 255 }), 'Name shown for the pipeline; variables are expanded.'),
    kw('rules', '#workflowrules', workflowRulesShape, 'Conditions deciding whether a pipeline is created at all.'),
    kw('auto_cancel', '#workflowauto_cancel', autoCancelShape, 'Which jobs GitLab cancels when a newer pipeline starts or when a job fails.'),
  ]), 'Settings of the pipeline as a whole: its name, whether it runs, and auto-cancelling.'),
  kw('image', '#image', imageShape, 'The container image for jobs that set none.', { deprecated: deprecatedGlobal }),
  kw('services', '#services', servicesShape, 'Service containers for jobs that set none.', { deprecated: deprecatedGlobal }),
  kw('cache', '#cache', cacheShape, 'Cache for jobs that set none.', { deprecated: deprecatedGlobal }),
  kw('before_script', '#before_script', scriptShape, 'Commands run before every job\'s `script`.', { deprecated: deprecatedGlobal }),
  kw('after_script', '#after_script', scriptShape, 'Commands run after every job\'s `script`.', { deprecated: deprecatedGlobal }),
];

const inputValue: Shape = union(str(), num(), bool);

const inputSpec: ObjectShape = mapping('spec:inputs item', [
  kw('default', '../inputs/#define-input-parameters-with-specinputs', anything, 'Value used when the input is not given; without it the input is required.'),
  kw('description', '../inputs/#define-input-parameters-with-specinputs', str({ maxLength: 1024 }), 'What the input is for.'),
  kw('options', '../inputs/#specinputsoptions', list(inputValue), 'The only values the input may take.'),
  kw('regex', '../inputs/#specinputsregex', str(), 'Regular expression a string input must match.'),
  kw('type', '../inputs/#specinputstype', oneOfStrings(['string', 'number', 'boolean', 'array']), 'Type of the input: `string` (default), `number`, `boolean` or `array`.'),
  kw('rules', '../inputs/#specinputsrules', list(mapping('spec:inputs:rules item', [
    kw('if', '../inputs/#specinputsrules', str(), 'A CI/CD variable expression; the first rule whose `if` is true applies.'),
    kw('options', '../inputs/#specinputsrules', list(inputValue, { maxItems: 50 }), 'The values the input may take when this rule applies.'),
    kw('default', '../inputs/#specinputsrules', anything, 'The default of the input when this rule applies; required.'),
  ], { required: ['default'] })), 'Conditions that change the options or default of the input.'),
]);

const specInclude: UnionShape = {
  kind: 'union',
  options: [],
  discriminated: [
    { key: 'local', shape: mapping('spec:include item', [
      kw('local', '#specinclude', yamlFile(), 'A file in this repository whose `spec:inputs` this file also accepts.'),
    ], { required: ['local'] }) },
    { key: 'project', shape: mapping('spec:include item', [
      kw('project', '#specinclude', projectPath(), 'Project holding the file.'),
      kw('ref', '#specinclude', str(), 'Branch, tag or commit of that project.'),
      kw('file', '#specinclude', union(yamlFile(), list(yamlFile())), 'Path(s) of the file(s) in that project.'),
    ], { required: ['project', 'file'] }) },
    { key: 'remote', shape: mapping('spec:include item', [
      kw('remote', '#specinclude', str(REMOTE_URL), 'URL of the file.'),
      kw('integrity', '#specinclude', str({ pattern: '^sha256-[A-Za-z0-9+/]{43}=$', patternHint: 'a base64 SHA-256 hash written as `sha256-...=`' }), 'SHA-256 hash the remote file must match.'),
      kw('cache', '#specinclude', union(bool, str({ minLength: 1 })), 'Caches the remote file: `true`, or how long, such as `1 day`.'),
    ], { required: ['remote'] }) },
  ],
};

export const specShape: ObjectShape = mapping('spec', [
  kw('inputs', '#specinputs', dict(union(inputSpec, nul), 'mapping'), 'Parameters this file accepts when it is included, with their types and defaults.'),
  kw('component', '#speccomponent', list(oneOfStrings(['name', 'sha', 'version', 'reference']), { uniqueItems: true }), 'Component details that `$[[ component.* ]]` can interpolate.'),
  kw('include', '#specinclude', list(specInclude), 'Files whose `spec:inputs` this file also accepts.'),
  kw('description', '#specdescription', str({ maxLength: 256 }), 'What the file or component does, shown in the CI/CD catalog.'),
]);

/** The header document: just `spec:`. */
export const headerShape: ObjectShape = mapping('top-level', [
  kw('spec', '#spec', specShape, 'The header of a reusable file: the inputs it takes. It must come before the first `---`.'),
]);

/** Shapes referenced by name (recursive ones). */
export const DEFINITIONS: Readonly<Record<string, Shape>> = {
  [SCRIPT_LINES]: scriptLinesDefinition,
  ...ruleDefinitions,
};

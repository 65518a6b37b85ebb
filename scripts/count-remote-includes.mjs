// One-off count for docs/ci-conformance.md: how many real-world configs use each kind of include
// that lives outside the repository. Usage: node scripts/count-remote-includes.mjs [DIR]
// (default ../shared/corpus/real-world). Reads each file with the yaml package; files that do not
// parse are counted apart. Not part of any test.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';

const dir = path.resolve(process.argv[2] ?? '../shared/corpus/real-world');
const files = fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => /\.ya?ml$/i.test(f)).sort();
const KINDS = ['local', 'project', 'template', 'component', 'remote'];
const withKind = Object.fromEntries(KINDS.map((k) => [k, 0]));
const entries = Object.fromEntries(KINDS.map((k) => [k, 0]));
let unparsable = 0;
let anyOutside = 0;
let componentWithServerVar = 0;
let variableTargets = 0;

function kindsOf(include) {
  const items = Array.isArray(include) ? include : include === undefined || include === null ? [] : [include];
  const out = [];
  for (const item of items) {
    if (typeof item === 'string') out.push({ kind: /^https?:\/\//.test(item) ? 'remote' : 'local', target: item });
    else if (item && typeof item === 'object') {
      const kind = KINDS.find((k) => k in item);
      if (kind) out.push({ kind, target: String(item[kind]) });
    }
  }
  return out;
}

for (const file of files) {
  let config;
  try {
    const docs = parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8'));
    const doc = docs.find((d) => { const v = d.toJS({ maxAliasCount: -1 }); return v && typeof v === 'object' && !('spec' in v && Object.keys(v).length === 1); }) ?? docs[0];
    config = doc?.toJS({ maxAliasCount: -1 });
  } catch {
    unparsable++;
    continue;
  }
  if (!config || typeof config !== 'object') continue;
  const found = kindsOf(config.include);
  const kinds = new Set(found.map((f) => f.kind));
  for (const k of kinds) withKind[k]++;
  for (const f of found) {
    entries[f.kind]++;
    if (f.kind === 'component' && /\$\{?CI_SERVER_(FQDN|HOST)/.test(f.target)) componentWithServerVar++;
    if (f.kind !== 'local' && f.target.includes('$') && !/^\$\{?CI_SERVER_(FQDN|HOST)\}?\//.test(f.target)) variableTargets++;
  }
  if (['project', 'template', 'component', 'remote'].some((k) => kinds.has(k))) anyOutside++;
}

console.log(`${files.length} configs in ${dir} (${unparsable} not parsed)`);
console.log(`configs with any include outside the repository: ${anyOutside}`);
for (const k of KINDS) console.log(`  include:${k}: ${withKind[k]} configs, ${entries[k]} entries`);
console.log(`  components written with $CI_SERVER_FQDN/$CI_SERVER_HOST: ${componentWithServerVar}`);
console.log(`  remote-kind entries naming other variables (left unresolved): ${variableTargets}`);

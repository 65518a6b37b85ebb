import type { CiNode } from '../model/ciNode';
import { getChild } from '../model/ciNode';
import type { ParsedCiFile } from '../parse/parseCiFile';
import { parseCiFile } from '../parse/parseCiFile';

const INPUT_EXPRESSION = /\$\[\[\s*inputs\.([A-Za-z0-9_-]+)\s*(?:\|[^\]]*)?\]\]/g;

/**
 * A file whose `spec:inputs` header declares inputs, with `$[[ inputs.x ]]` replaced the way GitLab
 * does before reading the configuration: values given by the `include` entry first, then the
 * declared defaults. Expressions naming an input with neither stay as written. Functions after `|`
 * are not applied (their input is shown as is).
 */
export function withInputs(file: ParsedCiFile, given?: CiNode): ParsedCiFile {
  const declared = getChild(file.spec, 'inputs');
  if (declared?.kind !== 'map' || !file.text.includes('$[[')) return file;
  const values = new Map<string, string>();
  for (const [name, entry] of declared.entries) {
    const provided = getChild(given, name);
    const value = provided ?? getChild(entry.node, 'default');
    if (value) values.set(name, textOf(value));
  }
  let changed = false;
  const text = file.text.replace(INPUT_EXPRESSION, (whole, name: string) => {
    const value = values.get(name);
    if (value === undefined) return whole;
    changed = true;
    return value;
  });
  return changed ? parseCiFile(file.path, text) : file;
}

function textOf(node: CiNode): string {
  if (node.kind === 'scalar') return node.value === null ? '' : String(node.value);
  // Lists and mappings are written in flow form, which reads back as the same value.
  return JSON.stringify(plain(node));
}

function plain(node: CiNode): unknown {
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map(plain);
    case 'map':
      return Object.fromEntries([...node.entries].map(([k, e]) => [k, plain(e.node)]));
    case 'ref':
      return null;
  }
}

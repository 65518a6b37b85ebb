/** Whether a root CI file already includes a local file, so running the scaffold twice adds no second include. Pure. */
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';

function normalise(localPath: string): string {
  return localPath.trim().replace(/^\.?\//, '');
}

export function alreadyIncluded(rootText: string, localPath: string): boolean {
  const doc = parseDocument(rootText);
  if (doc.errors.length > 0 || !isMap(doc.contents)) return false;
  const include = doc.contents.get('include', true);
  const entries = isSeq(include) ? include.items : [include];
  const wanted = normalise(localPath);
  return entries.some((entry) => {
    if (isScalar(entry)) return typeof entry.value === 'string' && normalise(entry.value) === wanted;
    if (!isMap(entry)) return false;
    const local = entry.get('local');
    return typeof local === 'string' && normalise(local) === wanted;
  });
}

import { Document, isMap, isScalar } from 'yaml';
import type { PipelineDocument } from './pipelineDocument';

/**
 * YAML text for a pipeline document: a header comment, a blank line and a comment before each
 * top-level key. Long lines stay on one line so scripts read as they run.
 */
export function renderPipeline(doc: PipelineDocument, header: string): string {
  const yaml = new Document(doc.config);
  yaml.commentBefore = header;
  if (isMap(yaml.contents)) {
    yaml.contents.items.forEach((pair, index) => {
      const key = pair.key;
      if (!isScalar(key)) return;
      const comment = doc.comments[String(key.value)];
      if (comment !== undefined) key.commentBefore = comment;
      // The header comment already ends with a blank line.
      key.spaceBefore = index > 0;
    });
  }
  return yaml.toString({ lineWidth: 0 });
}

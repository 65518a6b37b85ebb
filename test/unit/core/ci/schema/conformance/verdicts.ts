/** The project's verdict and the reference's on one generated document. */
import type { CompiledCiSchema } from '../../../../../../src/core/ci/schema';
import { validateCiSchema, validateSpecHeader } from '../../../../../../src/core/ci/schema';
import { range } from '../../../../../../src/core/diagnostic';
import type { Case } from './cases';
import type { Reference } from './reference';

const nowhere = (): ReturnType<typeof range> => range(0, 0, 0, 0);

/** True when the project reports an error (warnings, such as removed keywords, do not count). */
export function projectRejects(c: Pick<Case, 'doc' | 'document'>, validator: CompiledCiSchema): boolean {
  const found = c.doc === 'header' ? validateSpecHeader(c.document, nowhere, validator) : validateCiSchema(c.document, nowhere, validator);
  return found.some((d) => d.severity === 'error');
}

export function referenceRejects(c: Pick<Case, 'document'>, reference: Reference): boolean {
  return !reference.validate(c.document);
}

export interface Mismatch {
  readonly c: Case;
  readonly project: boolean;
  readonly reference: boolean;
}

export function mismatches(cases: readonly Case[], reference: Reference, validator: CompiledCiSchema): Mismatch[] {
  const out: Mismatch[] = [];
  for (const c of cases) {
    const project = projectRejects(c, validator);
    const ref = referenceRejects(c, reference);
    if (project !== ref) out.push({ c, project, reference: ref });
  }
  return out;
}

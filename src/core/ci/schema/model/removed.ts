/** Keywords GitLab used to accept and now rejects, with what replaced them, for better messages. */
import type { ContextId } from '../shapes';

export const REMOVED_KEYWORDS: Readonly<Partial<Record<ContextId, Readonly<Record<string, string>>>>> = {
  'artifacts:reports': {
    cobertura: 'use `coverage_report` with `coverage_format: cobertura`',
    license_management: 'use dependency scanning, which reports licenses too',
  },
};

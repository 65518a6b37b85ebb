/** Short human wording for times and durations in the tree. The clock is always passed in. */

const AGO_STEPS: readonly { readonly below: number; readonly unit: number; readonly word: string }[] = [
  { below: 60, unit: 1, word: 's' },
  { below: 3_600, unit: 60, word: 'min' },
  { below: 86_400, unit: 3_600, word: 'h' },
  { below: 30 * 86_400, unit: 86_400, word: 'd' },
  { below: Number.POSITIVE_INFINITY, unit: 30 * 86_400, word: 'mo' },
];

/** "just now", "5 min ago", "3 h ago", "2 d ago"; empty for a missing or unreadable date. */
export function formatAgo(iso: string | null | undefined, nowMs: number): string {
  if (!iso) return '';
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '';
  const seconds = Math.max(0, Math.floor((nowMs - then) / 1000));
  if (seconds < 45) return 'just now';
  const step = AGO_STEPS.find((s) => seconds < s.below) ?? AGO_STEPS[AGO_STEPS.length - 1]!;
  return `${Math.max(1, Math.floor(seconds / step.unit))} ${step.word} ago`;
}

/** "45s", "2m 10s", "1h 03m"; empty for a missing duration. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '';
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m ${String(s).padStart(2, '0')}s`;
  return `${s}s`;
}

/**
 * How long something has taken: GitLab's `duration` once known, else the time since it
 * started (for what is still running), else nothing.
 */
export function elapsedSeconds(item: { readonly duration?: number | null; readonly started_at?: string | null }, nowMs: number): number | undefined {
  if (typeof item.duration === 'number') return item.duration;
  if (!item.started_at) return undefined;
  const started = Date.parse(item.started_at);
  return Number.isNaN(started) ? undefined : Math.max(0, (nowMs - started) / 1000);
}

/**
 * Seconds of the durations GitLab reads with ChronicDuration, for the plain forms only (`30 minutes`,
 * `1h 30m`, `2 days 4 hours`). Anything else gives `undefined`: ChronicDuration reads far more forms
 * than this, so an unknown form is left to GitLab rather than called wrong.
 */
const UNIT_SECONDS: readonly (readonly [RegExp, number])[] = [
  [/^(s|secs?|seconds?)$/, 1],
  [/^(m|mins?|minutes?)$/, 60],
  [/^(h|hrs?|hours?)$/, 3600],
  [/^(d|days?)$/, 86400],
  [/^(w|wks?|weeks?)$/, 7 * 86400],
  // ChronicDuration counts a month as 30 days and a year as 365.
  [/^(mos?|months?)$/, 30 * 86400],
  [/^(y|yrs?|years?)$/, 365 * 86400],
];

export function durationSeconds(text: string): number | undefined {
  const parts = text.trim().toLowerCase().replace(/,|\band\b/g, ' ').match(/(\d+(?:\.\d+)?)\s*([a-z]+)/g);
  if (!parts || parts.join('').replace(/\s/g, '') !== text.toLowerCase().replace(/,|\band\b|\s/g, '')) return undefined;
  let total = 0;
  for (const part of parts) {
    const [, amount, unit] = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/.exec(part) ?? [];
    const seconds = UNIT_SECONDS.find(([pattern]) => pattern.test(unit ?? ''))?.[1];
    if (amount === undefined || seconds === undefined) return undefined;
    total += Number(amount) * seconds;
  }
  return total;
}

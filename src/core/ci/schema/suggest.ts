/** "Did you mean" for misspelt keywords. */

/**
 * Optimal string alignment distance: like Levenshtein, but a swapped pair of letters ("scirpt")
 * counts as one edit. Three rolling rows, since it runs for every candidate of every unknown key.
 */
function distance(a: string, b: string): number {
  let before = new Int32Array(b.length + 1);
  let prev = Int32Array.from({ length: b.length + 1 }, (_, j) => j);
  let row = new Int32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let best = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, (before[j - 2] ?? 0) + 1);
      row[j] = best;
    }
    [before, prev, row] = [prev, row, before];
  }
  return prev[b.length] ?? 0;
}

/** The closest candidate when it is close enough to be a likely typo. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  const allowed = Math.max(1, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    // The distance is at least the difference in length: no need to compute it when that is too much.
    if (Math.abs(c.length - lower.length) > allowed) continue;
    const d = c === lower ? 0 : distance(lower, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  if (best !== undefined && bestDistance <= allowed) return best;
  // A longer or shorter spelling of a keyword ("audience" for `aud`, "artifact" for `artifacts`).
  return candidates.find((c) => Math.min(c.length, lower.length) >= 3 && (lower.startsWith(c) || c.startsWith(lower)));
}

// Reading and writing a level's results file (see test/harness/levelResults.ts for its shape).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RESULTS_DIR } from './env.mjs';

export function resultsFile(level) {
  return path.join(RESULTS_DIR, `${level}.json`);
}

export function clearResults(level) {
  rmSync(resultsFile(level), { force: true });
}

/** The level's results, or undefined when it never wrote any (it crashed or hung). */
export function readResults(level) {
  const file = resultsFile(level);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return { passed: [], failed: [{ title: `${level}: unreadable results file`, error: String(error) }] };
  }
}

export function writeResults(level, results) {
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(resultsFile(level), JSON.stringify(results, null, 2));
}

/** Adds one failed entry for a harness problem (server would not start, browser crashed...). */
export function recordHarnessFailure(level, title, error) {
  const results = readResults(level) ?? { passed: [], failed: [] };
  results.failed.push({ title, error: error instanceof Error ? error.message : String(error) });
  writeResults(level, results);
}

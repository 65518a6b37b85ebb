/**
 * Counting warn and error lines in a job log, whatever the application's log format. Escape
 * sequences and section markers are removed by linear scanners, and the level patterns only
 * look at the head of a line, so one huge or hostile line costs time in proportion to its size.
 */
import { stripAnsi } from '../release/log/ansi';
import { withoutSectionMarkers } from '../release/log/logRenderer';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

export interface LogLevelCounts {
  readonly error: number;
  readonly warn: number;
  readonly info: number;
  readonly debug: number;
  /** Non-empty lines with no recognisable level. */
  readonly unleveled: number;
  readonly lines: number;
}

/** Level words as logging libraries spell them, lower-cased. */
const LEVEL_WORDS: Readonly<Record<string, LogLevel>> = {
  fatal: 'error', panic: 'error', critical: 'error', crit: 'error', severe: 'error', error: 'error', err: 'error', emerg: 'error', alert: 'error',
  warning: 'warn', warn: 'warn',
  info: 'info', notice: 'info',
  debug: 'debug', trace: 'debug', fine: 'debug', verbose: 'debug',
};

/** pino / bunyan numeric levels: the smallest threshold a number reaches decides. */
const NUMERIC_LEVELS: readonly [number, LogLevel][] = [[50, 'error'], [40, 'warn'], [30, 'info'], [0, 'debug']];

/** Syslog severities 0-7 (journald's PRIORITY). */
const SYSLOG_LEVELS: readonly LogLevel[] = ['error', 'error', 'error', 'error', 'warn', 'info', 'info', 'debug'];

const JSON_LEVEL_FIELDS = ['level', 'severity', 'lvl', 'levelname', 'log.level', 'loglevel', '@l', 'PRIORITY'];

const WORDS = Object.keys(LEVEL_WORDS).join('|');

/**
 * Text formats, tried in order on a line with colours and job-log markers removed. Patterns look
 * near the start of the line only, so a message that merely mentions "0 errors" is not counted.
 */
const TEXT_PATTERNS: readonly RegExp[] = [
  // logfmt: level=error, lvl=warn, severity="warning"
  new RegExp(`(?:^|\\s)(?:level|lvl|severity)=["']?(${WORDS})\\b`, 'i'),
  // A bare upper-case level among the first few words: "2024-05-01 12:00:00,123 ERROR [main] x", "npm WARN x"
  new RegExp(`^(?:\\S+\\s+){0,3}?[[(<]?(${WORDS.toUpperCase()})[\\])>:!]?(?=\\s|$)`),
  // A bracketed level in any case: "[error] x", "[Warning] x", "<warn> x"
  new RegExp(`^(?:\\S+\\s+){0,3}?[[(<](${WORDS})[\\])>]`, 'i'),
  // Compiler and tool style: "error: x", "warning[E0382]: x", "ERROR:root:x" (Python logging)
  new RegExp(`^(${WORDS})(?:\\[[\\w-]+\\])?:`, 'i'),
];

// klog / glog: "E0102 15:04:05.000000 ..." (severity letter, month and day, time).
const GLOG = /^([EWIDF])\d{4} \d\d:\d\d:\d\d/;
const GLOG_LEVELS: Readonly<Record<string, LogLevel>> = { E: 'error', F: 'error', W: 'warn', I: 'info', D: 'debug' };

/** Levels sit near the start of a line: patterns see this much of it. */
const HEAD_CHARS = 1024;
// Runner timestamps (GitLab 17+ with FF_TIMESTAMPS): "2024-05-01T12:00:00.123456Z 00O ".
const RUNNER_PREFIX = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z \d{2}[OE]\+? ?/;

function levelOfJson(line: string): LogLevel | undefined {
  if (!line.startsWith('{')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const record = parsed as Record<string, unknown>;
  for (const field of JSON_LEVEL_FIELDS) {
    const nested = field.includes('.') ? field.split('.').reduce<unknown>((o, k) => (typeof o === 'object' && o !== null ? (o as Record<string, unknown>)[k] : undefined), record) : undefined;
    const value = record[field] ?? nested;
    if (typeof value === 'string') {
      const level = LEVEL_WORDS[value.toLowerCase()] ?? (field === 'PRIORITY' && /^[0-7]$/.test(value) ? SYSLOG_LEVELS[Number(value)] : undefined);
      if (level) return level;
    }
    if (typeof value === 'number') return field === 'PRIORITY' ? SYSLOG_LEVELS[value] : NUMERIC_LEVELS.find(([min]) => value >= min)?.[1];
  }
  return undefined;
}

/** The level of one log line, or `undefined` when it has none. */
export function levelOfLine(raw: string): LogLevel | undefined {
  const line = stripAnsi(raw).replace(RUNNER_PREFIX, '').trim();
  if (line === '') return undefined;
  const json = levelOfJson(line);
  if (json) return json;
  const head = line.slice(0, HEAD_CHARS);
  const glog = GLOG.exec(head);
  if (glog) return GLOG_LEVELS[glog[1] ?? ''];
  for (const pattern of TEXT_PATTERNS) {
    const word = pattern.exec(head)?.[1];
    if (word) return LEVEL_WORDS[word.toLowerCase()];
  }
  return undefined;
}

/** Counts lines by level in a whole job log (CRLF, ANSI colours and section markers tolerated). */
export function countLogLevels(text: string): LogLevelCounts {
  const counts = { error: 0, warn: 0, info: 0, debug: 0, unleveled: 0, lines: 0 };
  for (let start = 0; start <= text.length;) {
    // Lines end at \n, \r\n or a lone \r; empty pieces (runs of \r) cost nothing.
    let end = start;
    while (end < text.length && text.charCodeAt(end) !== 0x0a && text.charCodeAt(end) !== 0x0d) end++;
    const piece = text.slice(start, end);
    start = end + (text.charCodeAt(end) === 0x0d && text.charCodeAt(end + 1) === 0x0a ? 2 : 1);
    if (piece === '') continue;
    const raw = withoutSectionMarkers(stripAnsi(piece));
    if (raw.trim() === '') continue;
    counts.lines++;
    const level = levelOfLine(raw);
    if (level) counts[level]++;
    else counts.unleveled++;
  }
  return counts;
}

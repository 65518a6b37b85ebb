/**
 * Turns a GitLab job trace into what the editor shows, incrementally. GitLab's trace route
 * returns the whole log on every read; this keeps what it has already shown and parses only
 * the new tail, so the editor appends lines instead of re-rendering the document.
 *
 * - Only complete lines are shown; a line still being written waits for its newline (or for
 *   `finish()` when the job is over), so what is shown never has to change.
 * - `\r` overwrites the line like a terminal does (progress bars keep their last state).
 * - `section_start:<epoch>:<name>[options]` / `section_end:<epoch>:<name>` markers become
 *   foldable sections, opened on the header line and closed on the last line before the end.
 * - If the trace no longer starts with what was shown (job retried, log erased), the update
 *   says `reset` and carries the whole log again.
 * - Work and memory are bounded whatever a job prints: every pass is linear (no backtracking
 *   regular expression sees log text), a line longer than `maxLineChars` is cut with a note,
 *   and when one read brings more than `maxChunkChars` only its tail is rendered, after a
 *   line saying how much was left out.
 */
import type { StyledSpan, TextStyle } from './ansi';
import { renderAnsiLine } from './ansi';

export interface LogSection {
  readonly name: string;
  /** Zero-based line of the header. */
  readonly startLine: number;
  /** Last line inside the section; undefined while it is still open. */
  readonly endLine?: number;
  /** GitLab's `[collapsed=true]` option. */
  readonly collapsed: boolean;
  readonly durationSec?: number;
}

export interface RenderedLine {
  readonly text: string;
  readonly spans: readonly StyledSpan[];
}

export interface LogUpdate {
  /** The shown log was replaced: clear it before adding `lines`. */
  readonly reset: boolean;
  /** Lines to append, numbered from `firstLine`. */
  readonly firstLine: number;
  readonly lines: readonly RenderedLine[];
  /** Every section known so far (closed and open). */
  readonly sections: readonly LogSection[];
}

/** Enough of the shown log's end to notice that a new trace is not its continuation. */
const TAIL = 256;
/** Section options (`[collapsed=true]`) longer than this are not options. */
const MAX_OPTIONS = 256;

export interface LogRendererOptions {
  /** Characters of one line shown; the rest is replaced by a note (the editor crawls on huge lines). */
  readonly maxLineChars: number;
  /** Characters of one read rendered; beyond, only the tail is. */
  readonly maxChunkChars: number;
}

export const DEFAULT_RENDERER_OPTIONS: LogRendererOptions = { maxLineChars: 10_000, maxChunkChars: 2 * 1024 * 1024 };

/** Lines Release Pilot writes into a log start with this, so they cannot pass for the job's output. */
export const NOTE_PREFIX = '[Release Pilot]';

/** One `section_start:<epoch>:<name>[options]` or `section_end:<epoch>:<name>` marker found in a line. */
export interface SectionMarker {
  readonly kind: 'start' | 'end';
  readonly epoch: number;
  readonly name: string;
  readonly options?: string;
  /** Where the marker (with its trailing `\r` and erase-line sequences) starts and ends. */
  readonly start: number;
  readonly end: number;
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isNameChar = (c: number): boolean => isDigit(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x2e || c === 0x2d;

/** The marker at `at` (which starts with `section_`), or undefined. */
function markerAt(line: string, at: number): SectionMarker | undefined {
  let i = at + 'section_'.length;
  const kind = line.startsWith('start:', i) ? 'start' : line.startsWith('end:', i) ? 'end' : undefined;
  if (!kind) return undefined;
  i += kind.length + 1;
  const epochStart = i;
  while (i < line.length && isDigit(line.charCodeAt(i))) i++;
  if (i === epochStart || line[i] !== ':') return undefined;
  const epoch = Number(line.slice(epochStart, i));
  const nameStart = ++i;
  while (i < line.length && isNameChar(line.charCodeAt(i))) i++;
  if (i === nameStart) return undefined;
  const name = line.slice(nameStart, i);
  let options: string | undefined;
  if (line[i] === '[') {
    const close = line.indexOf(']', i);
    if (close > i && close - i <= MAX_OPTIONS) {
      options = line.slice(i, close + 1);
      i = close + 1;
    }
  }
  if (line[i] === '\r') i++;
  // GitLab follows the marker with "erase line" (ESC [ K or ESC [ 0 K), possibly repeated.
  for (;;) {
    if (line.startsWith('\u001b[K', i)) i += 3;
    else if (line.startsWith('\u001b[0K', i)) i += 4;
    else break;
  }
  return { kind, epoch, name, ...(options !== undefined ? { options } : {}), start: at, end: i };
}

/** Every section marker in a line, left to right, in one forward pass. */
export function sectionMarkers(line: string): SectionMarker[] {
  const found: SectionMarker[] = [];
  let from = 0;
  for (;;) {
    const at = line.indexOf('section_', from);
    if (at < 0) return found;
    const marker = markerAt(line, at);
    if (marker) found.push(marker);
    from = marker ? marker.end : at + 1;
  }
}

/** A line without its section markers. */
export function withoutSectionMarkers(line: string): string {
  const markers = sectionMarkers(line);
  if (markers.length === 0) return line;
  let kept = '';
  let last = 0;
  for (const m of markers) {
    kept += line.slice(last, m.start);
    last = m.end;
  }
  return kept + line.slice(last);
}

interface OpenSection {
  readonly name: string;
  readonly startLine: number;
  readonly startedAt: number;
  readonly collapsed: boolean;
}

export class LogRenderer {
  private readonly options: LogRendererOptions;
  private consumed = 0;
  private tail = '';
  private pending = '';
  private style: TextStyle = {};
  private lineCount = 0;
  private open: OpenSection[] = [];
  private closed: LogSection[] = [];

  constructor(options: Partial<LogRendererOptions> = {}) {
    this.options = { ...DEFAULT_RENDERER_OPTIONS, ...options };
  }

  /** Lines shown so far. */
  get lines(): number {
    return this.lineCount;
  }

  /** Raw characters of the trace taken in so far. */
  get consumedChars(): number {
    return this.consumed;
  }

  /** Takes the full trace as GitLab returned it; returns only what is new. */
  update(trace: string): LogUpdate {
    // CRLF needs no normalising: a line's trailing \r is dropped like any overwrite, and
    // rewriting the text here would break the prefix check when a read ends between \r and \n.
    const text = trace;
    let reset = false;
    if (text.length < this.consumed || text.slice(Math.max(0, this.consumed - TAIL), this.consumed) !== this.tail) {
      this.clear();
      reset = true;
    }
    const fresh = text.slice(this.consumed);
    this.consumed = text.length;
    this.tail = text.slice(Math.max(0, text.length - TAIL));
    let chunk = this.pending + fresh;
    const notes: string[] = [];
    if (chunk.length > this.options.maxChunkChars) {
      // Start at a line boundary inside the last maxChunkChars (mid-line when there is none).
      const boundary = chunk.indexOf('\n', chunk.length - this.options.maxChunkChars);
      const from = boundary >= 0 ? boundary + 1 : chunk.length - this.options.maxChunkChars;
      notes.push(`${NOTE_PREFIX} ${countLines(chunk, from)} earlier lines (${formatSize(from)}) are not shown here: open the job in GitLab for the full log.`);
      chunk = chunk.slice(from);
      this.style = {};
    }
    const cut = chunk.lastIndexOf('\n');
    this.pending = cut >= 0 ? chunk.slice(cut + 1) : chunk;
    return this.emit(cut >= 0 ? chunk.slice(0, cut).split('\n') : [], reset, notes);
  }

  /** Adds a line of Release Pilot's own (e.g. why following stopped), numbered like the others. */
  note(text: string): LogUpdate {
    return this.emit([], false, [`${NOTE_PREFIX} ${text}`]);
  }

  /** The job is over: show the unfinished last line too. */
  finish(): LogUpdate {
    const last = this.pending;
    this.pending = '';
    return this.emit(last ? [last] : [], false);
  }

  get sections(): LogSection[] {
    return [...this.closed, ...this.open.map((s) => ({ name: s.name, startLine: s.startLine, collapsed: s.collapsed }))]
      .sort((a, b) => a.startLine - b.startLine);
  }

  private clear(): void {
    this.consumed = 0;
    this.tail = '';
    this.pending = '';
    this.style = {};
    this.lineCount = 0;
    this.open = [];
    this.closed = [];
  }

  private emit(rawLines: readonly string[], reset: boolean, notes: readonly string[] = []): LogUpdate {
    const firstLine = this.lineCount;
    const lines: RenderedLine[] = notes.map((text) => ({ text, spans: [] }));
    this.lineCount += lines.length;
    for (const raw of rawLines) {
      const line = this.renderLine(raw);
      if (line) {
        lines.push(line);
        this.lineCount++;
      }
    }
    return { reset, firstLine, lines, sections: this.sections };
  }

  /** One raw line: section markers handled, `\r` overwrites applied, colours parsed. Undefined: nothing to show. */
  private renderLine(raw: string): RenderedLine | undefined {
    let visible = '';
    let last = 0;
    let header: OpenSection | undefined;
    const markers = sectionMarkers(raw);
    for (const marker of markers) {
      visible += raw.slice(last, marker.start);
      last = marker.end;
      if (marker.kind === 'start') {
        header = { name: marker.name, startLine: this.lineCount, startedAt: marker.epoch, collapsed: (marker.options ?? '').includes('collapsed=true') };
        this.open.push(header);
      } else {
        this.closeSection(marker.name, marker.epoch);
      }
    }
    visible = overwrite(visible + raw.slice(last));
    const rendered = renderAnsiLine(visible, this.style);
    this.style = rendered.style;
    if (markers.length > 0 && !rendered.text.trim()) {
      if (!header) return undefined;
      // A section without a header line still needs a line to fold from.
      return { text: header.name, spans: [] };
    }
    return this.capped(rendered.text, rendered.spans);
  }

  /** A line past `maxLineChars` is cut, with a note of how much is missing. */
  private capped(text: string, spans: readonly StyledSpan[]): RenderedLine {
    const max = this.options.maxLineChars;
    if (text.length <= max) return { text, spans };
    return {
      text: `${text.slice(0, max)} … ${NOTE_PREFIX} ${text.length - max} more characters on this line`,
      spans: spans.filter((s) => s.start < max).map((s) => (s.end > max ? { ...s, end: max } : s)),
    };
  }

  private closeSection(name: string, endedAt: number): void {
    const at = this.open.map((s) => s.name).lastIndexOf(name);
    if (at < 0) return;
    // Sections closed out of order close everything opened inside them too.
    for (const section of this.open.splice(at).reverse()) {
      this.closed.push({
        name: section.name,
        startLine: section.startLine,
        endLine: Math.max(section.startLine, this.lineCount - 1),
        collapsed: section.collapsed,
        durationSec: Math.max(0, endedAt - section.startedAt),
      });
    }
  }
}

/** A terminal shows what was written after the last carriage return (trailing ones change nothing). */
function overwrite(line: string): string {
  let end = line.length;
  while (end > 0 && line.charCodeAt(end - 1) === 0x0d) end--;
  const cut = line.lastIndexOf('\r', end - 1);
  return cut >= 0 ? line.slice(cut + 1, end) : line.slice(0, end);
}

function countLines(text: string, end: number): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at >= 0 && at < end; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

function formatSize(chars: number): string {
  return chars >= 1024 * 1024 ? `${(chars / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(chars / 1024)} KiB`;
}

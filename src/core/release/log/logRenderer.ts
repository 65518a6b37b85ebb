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
 */
import type { StyledSpan, TextStyle } from './ansi';
import { ESC, renderAnsiLine } from './ansi';

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

const MARKER = new RegExp(`section_(start|end):(\\d+):([A-Za-z0-9_.-]+)(\\[[^\\]]*\\])?\\r?(?:${ESC}\\[0?K)*`, 'g');
/** Enough of the shown log's end to notice that a new trace is not its continuation. */
const TAIL = 256;

interface OpenSection {
  readonly name: string;
  readonly startLine: number;
  readonly startedAt: number;
  readonly collapsed: boolean;
}

export class LogRenderer {
  private consumed = 0;
  private tail = '';
  private pending = '';
  private style: TextStyle = {};
  private lineCount = 0;
  private open: OpenSection[] = [];
  private closed: LogSection[] = [];

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
    const chunk = this.pending + fresh;
    const cut = chunk.lastIndexOf('\n');
    this.pending = cut >= 0 ? chunk.slice(cut + 1) : chunk;
    return this.emit(cut >= 0 ? chunk.slice(0, cut).split('\n') : [], reset);
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

  private emit(rawLines: readonly string[], reset: boolean): LogUpdate {
    const firstLine = this.lineCount;
    const lines: RenderedLine[] = [];
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
    let hadMarker = false;
    let header: OpenSection | undefined;
    for (const match of raw.matchAll(MARKER)) {
      visible += raw.slice(last, match.index);
      last = match.index + match[0].length;
      hadMarker = true;
      const [, kind, epoch, name, options] = match;
      if (kind === 'start') {
        header = { name: name!, startLine: this.lineCount, startedAt: Number(epoch), collapsed: /collapsed=true/.test(options ?? '') };
        this.open.push(header);
      } else {
        this.closeSection(name!, Number(epoch));
      }
    }
    visible = overwrite(visible + raw.slice(last));
    const rendered = renderAnsiLine(visible, this.style);
    this.style = rendered.style;
    if (hadMarker && !rendered.text.trim()) {
      if (!header) return undefined;
      // A section without a header line still needs a line to fold from.
      return { text: header.name, spans: [] };
    }
    return { text: rendered.text, spans: rendered.spans };
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
  const trimmed = line.replace(/\r+$/, '');
  const cut = trimmed.lastIndexOf('\r');
  return cut >= 0 ? trimmed.slice(cut + 1) : trimmed;
}

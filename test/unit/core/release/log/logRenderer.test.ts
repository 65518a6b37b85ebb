import * as assert from 'node:assert/strict';
import { applySgr, ESC, renderAnsiLine, stripAnsi, StyleBudget, styleKey } from '../../../../../src/core/release/log/ansi';
import { LogRenderer } from '../../../../../src/core/release/log/logRenderer';
import { carriageReturnLine, hostileLine, linkLine } from '../../../../support/hostileLog';
import { readFixture } from '../../../../support/paths';

interface Expected {
  readonly lines: readonly { text: string; spans: unknown[] }[];
  readonly sections: readonly unknown[];
}

describe('job log rendering', () => {
  const log = readFixture('release-actions', 'runner.log');
  const expected = JSON.parse(readFixture('release-actions', 'runner.expected.json')) as Expected;

  it('renders a runner log: colours, carriage returns, sections (runner.log -> runner.expected.json)', () => {
    const renderer = new LogRenderer();
    const update = renderer.update(log);
    assert.equal(update.reset, false);
    assert.deepEqual(update.lines.map((l) => ({ text: l.text, spans: l.spans })), expected.lines);
    assert.deepEqual(renderer.sections, expected.sections);
  });

  it('gives the same result when the log arrives in pieces of any size, appending only what is new', () => {
    for (const size of [1, 7, 64, 300]) {
      const renderer = new LogRenderer();
      const shown: string[] = [];
      for (let end = size; end < log.length + size; end += size) {
        const update = renderer.update(log.slice(0, Math.min(end, log.length)));
        assert.equal(update.reset, false);
        assert.equal(update.firstLine, shown.length, `pieces of ${size}: lines must be appended in order`);
        shown.push(...update.lines.map((l) => l.text));
      }
      assert.deepEqual(shown, expected.lines.map((l) => l.text), `pieces of ${size}`);
      assert.deepEqual(renderer.sections, expected.sections);
    }
  });

  it('holds back a line until its newline arrives, and shows it when the job is over', () => {
    const renderer = new LogRenderer();
    assert.deepEqual(renderer.update('first\nsecond, still being wri').lines.map((l) => l.text), ['first']);
    assert.deepEqual(renderer.update('first\nsecond, still being wri').lines, []);
    assert.deepEqual(renderer.update('first\nsecond, still being written').lines, []);
    assert.deepEqual(renderer.finish().lines.map((l) => l.text), ['second, still being written']);
    assert.equal(renderer.lines, 2);
  });

  it('starts over when the trace is not a continuation of what was shown (retried or erased log)', () => {
    const renderer = new LogRenderer();
    renderer.update('attempt one line 1\nattempt one line 2\n');
    const update = renderer.update('attempt two\n');
    assert.equal(update.reset, true);
    assert.equal(update.firstLine, 0);
    assert.deepEqual(update.lines.map((l) => l.text), ['attempt two']);
  });

  it('leaves an unclosed section open while the job runs', () => {
    const renderer = new LogRenderer();
    renderer.update(`section_start:10:build\r${ESC}[0KBuilding\ncompiling\n`);
    assert.deepEqual(renderer.sections, [{ name: 'build', startLine: 0, collapsed: false }]);
    renderer.update(`section_start:10:build\r${ESC}[0KBuilding\ncompiling\nsection_end:15:build\r${ESC}[0K\n`);
    assert.deepEqual(renderer.sections, [{ name: 'build', startLine: 0, endLine: 1, collapsed: false, durationSec: 5 }]);
  });

  it('parses SGR codes: reset, bright colours, 256 colours, true colour and attribute switches', () => {
    assert.deepEqual(applySgr({}, '1;91'), { bold: true, fg: 'ansiBrightRed' });
    assert.deepEqual(applySgr({ bold: true, fg: 'ansiRed' }, '0'), {});
    assert.deepEqual(applySgr({ bold: true, fg: 'ansiRed' }, '22;39'), {});
    assert.deepEqual(applySgr({}, '48;5;244'), { bg: '#808080' });
    // True colours fold into xterm's fixed palette (cube or grey ramp), so a log cannot mint endless styles.
    assert.deepEqual(applySgr({}, '38;2;255;0;128'), { fg: '#ff0087' });
    assert.deepEqual(applySgr({}, '38;2;100;100;100'), { fg: '#626262' });
    assert.deepEqual(applySgr({}, '38;2;1;2;3'), { fg: '#000000' });
    assert.equal(styleKey({ fg: 'ansiRed', bold: true }), 'fg=ansiRed;b');
    const line = renderAnsiLine(`${ESC}[33mwarn${ESC}[0m ok${ESC}[2K`, {});
    assert.equal(line.text, 'warn ok');
    assert.deepEqual(line.spans, [{ start: 0, end: 4, style: { fg: 'ansiYellow' } }]);
  });
});

describe('job log rendering under hostile output', () => {
  it('strips OSC 8 links (keeping their text), OSC 52, titles, DCS/APC and C1 controls from a 1 MB line', () => {
    const line = hostileLine(1024 * 1024);
    const rendered = renderAnsiLine(line.raw, {});
    assert.equal(rendered.text, line.visible);
    assert.equal(stripAnsi(line.raw), line.visible);
    const controls = [...rendered.text].filter((c) => { const code = c.charCodeAt(0); return (code < 0x20 && code !== 9) || (code >= 0x7f && code <= 0x9f); });
    assert.deepEqual(controls, [], 'no control character reaches the editor');
  });

  it('keeps link text and drops a clipboard write in a short line', () => {
    const osc8 = `see ${ESC}]8;;https://example.com${ESC}\\the docs${ESC}]8;;${ESC}\\ and ${ESC}]52;c;aGk=${String.fromCharCode(7)}done`;
    assert.equal(renderAnsiLine(osc8, {}).text, 'see the docs and done');
    assert.equal(renderAnsiLine(`a${ESC}]0;unterminated title`, {}).text, 'a', 'an unterminated string swallows the rest, as in a terminal');
    assert.equal(renderAnsiLine(`${ESC}[?25lhidden cursor${ESC}[?25h`, {}).text, 'hidden cursor');
  });

  it('renders a 1 MB line of links, a carriage-return run and bogus markers to their visible text, cutting the line for the editor', () => {
    const links = linkLine(1024 * 1024);
    const cr = carriageReturnLine(512 * 1024);
    const renderer = new LogRenderer({ maxLineChars: 1_000, maxChunkChars: 8 * 1024 * 1024 });
    const update = renderer.update(`${links.raw}\n${cr.raw}\n${'section_start:1:x['.repeat(50_000)}\n`);
    const [first, second, third] = update.lines;
    assert.equal(first!.text, `${links.visible.slice(0, 1_000)} … [Release Pilot] ${links.visible.length - 1_000} more characters on this line`);
    assert.equal(second!.text, 'done');
    assert.equal(update.lines.length, 3);
    assert.ok(third!.text.length < 1_100);
  });

  it('renders only the tail of a read larger than maxChunkChars, after a line saying what was left out', () => {
    const renderer = new LogRenderer({ maxChunkChars: 1_000 });
    const lines = Array.from({ length: 500 }, (_, i) => `line ${String(i).padStart(4, '0')}`);
    const update = renderer.update(`${lines.join('\n')}\n`);
    assert.match(update.lines[0]!.text, /^\[Release Pilot\] \d+ earlier lines \(\d+ KiB\) are not shown here/);
    const shown = update.lines.slice(1).map((l) => l.text);
    assert.deepEqual(shown, lines.slice(-shown.length));
    assert.ok(shown.length > 50 && shown.length < 100, `${shown.length} lines of the tail`);
    assert.equal(renderer.lines, update.lines.length);
    assert.deepEqual(renderer.update(`${lines.join('\n')}\nline 0500\n`).lines.map((l) => l.text), ['line 0500'], 'appending goes on after the cut');
  });

  it('gives each document a bounded set of decoration styles: past the budget a style falls back to its colour, then to plain', () => {
    const budget = new StyleBudget(3);
    assert.deepEqual(budget.admit({ fg: 'ansiRed' }), { fg: 'ansiRed' });
    assert.deepEqual(budget.admit({ fg: 'ansiRed', bold: true }), { fg: 'ansiRed', bold: true });
    assert.deepEqual(budget.admit({ fg: '#ff0000' }), { fg: '#ff0000' });
    assert.deepEqual(budget.admit({ fg: 'ansiRed', bg: '#000000' }), { fg: 'ansiRed' });
    assert.equal(budget.admit({ fg: '#00ff00' }), undefined);
    assert.equal(budget.admit({}), undefined);
    assert.equal(budget.size, 3);
    const colours = new Set<string>();
    for (let r = 0; r < 256; r += 5) for (let g = 0; g < 256; g += 5) for (let b = 0; b < 256; b += 5) colours.add(applySgr({}, `38;2;${r};${g};${b}`).fg!);
    assert.ok(colours.size <= 240, `${colours.size} distinct colours from 140 608 true colours`);
  });
});

import * as assert from 'node:assert/strict';
import { applySgr, ESC, renderAnsiLine, styleKey } from '../../../src/core/release/log/ansi';
import { LogRenderer } from '../../../src/core/release/log/logRenderer';
import { readFixture } from '../../support/paths';

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

import * as assert from 'node:assert/strict';
import type { LogLevel } from '../../../../src/core/canary';
import { analyzeCanaryHealth, compareJobLogs, countLogLevels, levelOfLine } from '../../../../src/core/canary';
import { hostileLine, linkLine } from '../../../support/hostileLog';
import { readFixture } from '../../../support/paths';

const ESC = String.fromCharCode(27);

describe('levelOfLine', () => {
  const cases: [string, LogLevel | undefined][] = [
    ['2026-11-29 17:40:03,789 ERROR [http-2] c.e.Pay - declined', 'error'],
    ['17:40:03.789 [main] WARN  c.e.Cart - slow', 'warn'],
    ['FATAL could not bind', 'error'],
    ['[error] upstream connect error', 'error'],
    ['<warn> disk at 91%', 'warn'],
    [`${ESC}[31m[ERROR]${ESC}[0m boom`, 'error'],
    [`${ESC}[1;33mWARNING${ESC}[0m: deprecated flag`, 'warn'],
    ['{"level":"error","msg":"x"}', 'error'],
    ['{"level":50,"msg":"pino error"}', 'error'],
    ['{"level":60,"msg":"pino fatal"}', 'error'],
    ['{"level":30,"msg":"pino info"}', 'info'],
    ['{"severity":"WARNING","message":"gcp"}', 'warn'],
    ['{"PRIORITY":"3","MESSAGE":"journald err"}', 'error'],
    ['{"log":{"level":"warn"}}', 'warn'],
    ['{"log.level":"warn"}', 'warn'],
    ['{not json but braces', undefined],
    ['level=error msg="x"', 'error'],
    ['time=1 lvl=warn msg=y', 'warn'],
    ['E1129 17:40:06.000000 1 controller.go:114] sync failed', 'error'],
    ['W1129 17:40:06.000000 1 controller.go:114] requeue', 'warn'],
    ['ERROR:root:oops', 'error'],
    ['warning[unused]: variable x', 'warn'],
    ['error[E0382]: borrow of moved value', 'error'],
    ['npm ERR! code 1', 'error'],
    ['all good, 0 errors', undefined],
    ['Errors are handled elsewhere', undefined],
    ['We looked at the ERROR budget', undefined],
    ['terror: not a level', undefined],
    ['', undefined],
  ];
  for (const [line, level] of cases) it(`${JSON.stringify(line)} -> ${level ?? 'none'}`, () => assert.equal(levelOfLine(line), level));
});

describe('countLogLevels', () => {
  it('counts a real-looking canary job log (sections, colours, mixed formats)', () => {
    const expected = JSON.parse(readFixture('release', 'joblogs', 'canary-mixed.expected.json')) as unknown;
    assert.deepEqual(countLogLevels(readFixture('release', 'joblogs', 'canary-mixed.log')), expected);
  });

  it('treats CRLF and CR line ends alike', () => {
    assert.deepEqual(countLogLevels('ERROR a\r\nWARN b\rINFO c\n\n'), { error: 1, warn: 1, info: 1, debug: 0, unleveled: 0, lines: 3 });
  });
});

describe('compareJobLogs', () => {
  const lines = (n: number, text: string): string => Array.from({ length: n }, () => text).join('\n');

  it('compares error and warn rates per second of job time with the last successful run', () => {
    const current = { text: `${lines(30, 'ERROR x')}\n${lines(10, 'WARN y')}`, durationSeconds: 60 };
    const baseline = { text: `${lines(6, 'ERROR x')}\n${lines(20, 'WARN y')}`, durationSeconds: 120 };
    const report = analyzeCanaryHealth({ kind: 'reading', reading: compareJobLogs({ current, baseline }) });
    const [errors, warns, cpu, memory] = report.metrics;
    assert.equal(errors?.canaryValue, 0.5);
    assert.equal(errors?.stableValue, 0.05);
    assert.equal(errors?.verdict, 'failing');
    assert.equal(warns?.canaryValue, 10 / 60);
    assert.equal(warns?.verdict, 'healthy');
    assert.equal(cpu?.verdict, 'unknown');
    assert.match(memory?.reason ?? '', /configure Prometheus/);
    assert.equal(report.verdict, 'failing');
    assert.match(errors?.explanation ?? '', /on the last successful canary run/);
  });

  it('is unknown without a baseline run or a duration, never healthy', () => {
    const noBaseline = analyzeCanaryHealth({ kind: 'reading', reading: compareJobLogs({ current: { text: 'INFO ok', durationSeconds: 10 } }) });
    assert.equal(noBaseline.verdict, 'unknown');
    assert.match(noBaseline.metrics[0]?.reason ?? '', /no earlier successful canary run/);
    const noTime = compareJobLogs({ current: { text: 'INFO ok', durationSeconds: 0 }, baseline: { text: '', durationSeconds: 10 } });
    assert.equal(noTime.metrics.errorRate.status, 'unknown');
  });
});

describe('countLogLevels on hostile output', () => {
  it('counts a 1 MB line of OSC 8 links and a hostile escape line like any other line', () => {
    const links = linkLine(1024 * 1024);
    const hostile = hostileLine(1024 * 1024);
    const counts = countLogLevels(`ERROR ${links.raw}\n${hostile.raw}\nWARN after\n${'section_start:1:'.repeat(40_000)}\n`);
    assert.deepEqual(counts, { error: 1, warn: 1, info: 0, debug: 0, unleveled: 2, lines: 4 });
    assert.equal(levelOfLine(`${ESC}]8;;https://x${ESC}\\ERROR${ESC}]8;;${ESC}\\ linked`), 'error');
  });
});

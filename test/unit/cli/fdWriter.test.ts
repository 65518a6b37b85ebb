import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fdWriter } from '../../../src/cli/fdWriter';
import type { WriteSync } from '../../../src/cli/fdWriter';

const text = (chunks: readonly Uint8Array[]): string => Buffer.concat(chunks).toString('utf8');

describe('fdWriter', () => {
  it('writes text to the descriptor, in order, without the fallback', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rp-fd-'));
    const file = path.join(dir, 'out.txt');
    const fd = fs.openSync(file, 'w');
    const fallback: Uint8Array[] = [];
    try {
      const write = fdWriter(fd, (b) => void fallback.push(b));
      write('{"files": [\n');
      write('  "ünïcödé ✓"\n]}\n');
    } finally {
      fs.closeSync(fd);
    }
    assert.equal(fs.readFileSync(file, 'utf8'), '{"files": [\n  "ünïcödé ✓"\n]}\n');
    assert.deepEqual(fallback, []);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('drops the rest once the reader has gone (EPIPE), without handing it to the stream', () => {
    let calls = 0;
    const closedPipe: WriteSync = () => {
      calls++;
      throw Object.assign(new Error('EPIPE: broken pipe, write'), { code: 'EPIPE' });
    };
    const write = fdWriter(1, () => assert.fail('a stream would raise EPIPE again, uncaught'), closedPipe);
    write('first');
    write('second');
    assert.equal(calls, 1, 'nothing is tried after the reader went');
  });

  it('keeps writing after a partial write', () => {
    const got: number[] = [];
    const oneByteAtATime: WriteSync = (_fd, bytes, offset) => {
      got.push(bytes[offset]!);
      return 1;
    };
    fdWriter(9, () => assert.fail('no fallback'), oneByteAtATime)('abc');
    assert.equal(Buffer.from(got).toString(), 'abc');
  });

  it('hands the unwritten rest and every later text to the fallback when the descriptor refuses (EAGAIN)', () => {
    const written: number[] = [];
    let calls = 0;
    const fullPipe: WriteSync = (_fd, bytes, offset) => {
      calls++;
      if (calls > 1) throw Object.assign(new Error('EAGAIN: resource temporarily unavailable, write'), { code: 'EAGAIN' });
      written.push(...bytes.subarray(offset, offset + 2));
      return 2;
    };
    const fallback: Uint8Array[] = [];
    const write = fdWriter(1, (b) => void fallback.push(b), fullPipe);
    write('hello');
    write(' world');
    assert.equal(Buffer.from(written).toString(), 'he');
    assert.equal(text(fallback), 'llo world');
    assert.equal(calls, 2, 'the descriptor is not tried again once it refused');
  });

  it('falls back when the descriptor takes nothing', () => {
    const fallback: Uint8Array[] = [];
    fdWriter(1, (b) => void fallback.push(b), () => 0)('x');
    assert.equal(text(fallback), 'x');
  });
});

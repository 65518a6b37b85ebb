import * as fs from 'node:fs';

/** `fs.writeSync(fd, bytes, offset)`: the bytes written. */
export type WriteSync = (fd: number, bytes: Uint8Array, offset: number) => number;

/**
 * A writer straight to a file descriptor. Creating `process.stdout` costs a short lint about 5 ms
 * (it loads Node's stream and socket modules), and the CLI writes its output in a few calls at the end,
 * so a blocking write is all it needs. When the descriptor will not take the bytes (EAGAIN from a
 * full non-blocking pipe, any error), the rest of this text and everything after it go to
 * `fallback` (the stream), which then behaves exactly as the CLI did before. EPIPE is different:
 * the reader has gone (`release-pilot lint ... | head`), so the rest is dropped, as a Unix tool
 * stopped by SIGPIPE would; a stream would only raise the same error later, uncaught.
 */
export function fdWriter(fd: number, fallback: (bytes: Uint8Array) => void, writeSync: WriteSync = fs.writeSync): (text: string) => void {
  let streaming = false;
  let readerGone = false;
  return (text) => {
    if (readerGone) return;
    const bytes = Buffer.from(text, 'utf8');
    if (streaming) {
      fallback(bytes);
      return;
    }
    let offset = 0;
    try {
      while (offset < bytes.length) {
        const written = writeSync(fd, bytes, offset);
        if (written <= 0) throw new Error(`wrote nothing to descriptor ${fd}`);
        offset += written;
      }
    } catch (error) {
      if ((error as { code?: unknown }).code === 'EPIPE') {
        readerGone = true;
        return;
      }
      streaming = true;
      fallback(bytes.subarray(offset));
    }
  };
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isUtf8 } from 'node:buffer';
import { LineFramer, OVERSIZE_HEAD_BYTES, OVERSIZE_TAIL_BYTES, type LineSink } from './framer';

/** A line as the framer handed it out: its exact bytes, and whether they were valid UTF-8. */
type FramedLine =
  | { kind: 'line'; bytes: Buffer; text: string; valid: boolean }
  | { kind: 'oversize'; totalBytes: number; head: Buffer; tail: Buffer };

function frame(chunks: Buffer[], framer = new LineFramer()): FramedLine[] {
  const lines: FramedLine[] = [];
  const sink: LineSink = {
    lines: (run) => {
      let start = 0;
      for (;;) {
        const newline = run.indexOf(0x0a, start);
        const bytes = Buffer.from(run.subarray(start, newline === -1 ? run.length : newline));
        lines.push({ kind: 'line', bytes, text: bytes.toString('utf8'), valid: isUtf8(bytes) });
        if (newline === -1) break;
        start = newline + 1;
      }
    },
    oversize: (totalBytes, head, tail) => lines.push({ kind: 'oversize', totalBytes, head, tail }),
  };
  for (const chunk of chunks) framer.push(chunk, sink);
  framer.end(sink);
  return lines;
}

function lineBytes(lines: FramedLine[]): string[] {
  return lines.map((line) => (line.kind === 'line' ? line.bytes.toString('hex') : `oversize:${line.totalBytes}`));
}

/** What splitting the whole stream at 0x0A gives, with a final unterminated line kept. */
function expectedLines(stream: Buffer): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < stream.length; i++) {
    if (stream[i] === 0x0a) {
      parts.push(stream.subarray(start, i).toString('hex'));
      start = i + 1;
    }
  }
  if (start < stream.length) parts.push(stream.subarray(start).toString('hex'));
  return parts;
}

function splitAt(stream: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((cut) => cut % (stream.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let start = 0;
  for (const point of points) {
    chunks.push(stream.subarray(start, point));
    start = point;
  }
  chunks.push(stream.subarray(start));
  return chunks;
}

describe('LineFramer', () => {
  it('keeps a multibyte character whole when a chunk boundary falls at every byte offset', () => {
    const line = '{"text":"é日本語🚀👍🏽Ω"}';
    const stream = Buffer.from(`${line}\n${line}\n`, 'utf8');
    for (let cut = 0; cut <= stream.length; cut++) {
      const lines = frame([stream.subarray(0, cut), stream.subarray(cut)]);
      expect(lines.map((l) => (l.kind === 'line' && l.valid ? l.text : ''))).toEqual([line, line]);
    }
  });

  it('yields one line per byte when fed one byte at a time', () => {
    const stream = Buffer.from('{"a":"ü"}\n{"b":"🚀"}\n', 'utf8');
    const chunks = [...stream].map((byte) => Buffer.from([byte]));
    expect(frame(chunks).map((l) => (l.kind === 'line' && l.valid ? l.text : ''))).toEqual(['{"a":"ü"}', '{"b":"🚀"}']);
  });

  it('keeps the carriage return of a CRLF line, also when the chunk splits inside CRLF', () => {
    const stream = Buffer.from('{"a":1}\r\n{"b":2}\r\n');
    const lines = frame([stream.subarray(0, 8), stream.subarray(8)]);
    expect(lines.map((l) => (l.kind === 'line' ? l.text : ''))).toEqual(['{"a":1}\r', '{"b":2}\r']);
  });

  it('yields empty lines as zero-byte lines', () => {
    const lines = frame([Buffer.from('\n\n{"a":1}\n\n')]);
    expect(lines.map((l) => (l.kind === 'line' ? l.bytes.length : -1))).toEqual([0, 0, 7, 0]);
  });

  it('keeps a final line that has no newline at end of stream', () => {
    const lines = frame([Buffer.from('{"a":1}\n{"tail":'), Buffer.from('true}')]);
    expect(lines.map((l) => (l.kind === 'line' ? l.text : ''))).toEqual(['{"a":1}', '{"tail":true}']);
  });

  it('passes NUL bytes and invalid UTF-8 through untouched', () => {
    const stream = Buffer.concat([Buffer.from('{"ok":"ü"}\n'), Buffer.from([0x7b, 0x00, 0xff, 0xfe, 0x7d, 0x0a]), Buffer.from('{"ok":2}\n')]);
    const lines = frame([stream]);
    expect(lines.map((line) => line.kind === 'line' && line.valid)).toEqual([true, false, true]);
    expect(lines[1]?.kind === 'line' && lines[1].bytes.equals(Buffer.from([0x7b, 0x00, 0xff, 0xfe, 0x7d]))).toBe(true);
    expect(lines[1]?.kind === 'line' && lines[1].text).toBe('{\u0000\uFFFD\uFFFD}');
  });

  it('reports a line over the cap once, with its size and head, and resynchronises at the next newline', () => {
    const spilled: Buffer[] = [];
    const framer = new LineFramer({ maxLineBytes: 1024, onOversizeBytes: (bytes) => spilled.push(Buffer.from(bytes)) });
    const big = Buffer.concat([Buffer.alloc(4000, 0x61), Buffer.alloc(1000, 0x7a)]);
    const stream = Buffer.concat([Buffer.from('{"before":1}\n'), big, Buffer.from('\n{"after":2}\n')]);
    const lines = frame(splitAt(stream, [100, 700, 2000, 4999, 5013]), framer);
    expect(lines[0]).toMatchObject({ kind: 'line', text: '{"before":1}' });
    expect(lines[1]).toMatchObject({ kind: 'oversize', totalBytes: 5000 });
    // The head is what was buffered when the cap was passed (at most OVERSIZE_HEAD_BYTES), a prefix of the line.
    const head = lines[1]?.kind === 'oversize' ? lines[1].head : Buffer.alloc(0);
    expect(head.length).toBeGreaterThan(1024);
    expect(head.length).toBeLessThanOrEqual(OVERSIZE_HEAD_BYTES);
    expect(head.equals(big.subarray(0, head.length))).toBe(true);
    expect(lines[1]?.kind === 'oversize' && lines[1].tail.equals(big.subarray(big.length - Math.min(OVERSIZE_TAIL_BYTES, big.length)))).toBe(true);
    expect(lines[2]).toMatchObject({ kind: 'line', text: '{"after":2}' });
    expect(Buffer.concat(spilled).equals(big)).toBe(true);
  });

  it('bounds its buffer by the line cap', () => {
    const framer = new LineFramer({ maxLineBytes: 1000 });
    const ignore: LineSink = { lines: () => undefined, oversize: () => undefined };
    for (let i = 0; i < 100; i++) framer.push(Buffer.alloc(100, 0x62), ignore);
    expect(framer.bufferedBytes).toBeLessThanOrEqual(1000);
  });

  it('yields exactly the lines of the unsplit stream for any stream and any split (property)', () => {
    const utf8Text = fc.string({ unit: 'binary', maxLength: 40 });
    const line = fc.oneof(utf8Text.map((text) => Buffer.from(text, 'utf8')), fc.uint8Array({ maxLength: 30 }).map((bytes) => Buffer.from(bytes)));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 20 }), fc.array(fc.nat(), { maxLength: 30 }), fc.boolean(), (generated, cuts, crlf) => {
        const stream = Buffer.concat(generated.flatMap((bytes) => [bytes, Buffer.from(crlf ? '\r\n' : '\n')]));
        const lines = frame(splitAt(stream, cuts));
        expect(lineBytes(lines)).toEqual(expectedLines(stream));
      }),
      { numRuns: 2000 },
    );
  });
});

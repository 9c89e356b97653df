import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assembleRunReader } from '../../../scripts/build-run-reader.js';
import { DeltaField, DeltaId, RunReader } from './run-reader';
import { RUN_READER_WASM_BASE64 } from './run-reader-wasm';

const reader = new RunReader();

/** Decodes `run[start, end)` with the run loaded, as the run parser does. */
function decodeLoaded(run: Buffer, start: number, end: number): string {
  reader.load(run);
  try {
    return reader.decode(run, start, end);
  } finally {
    reader.release();
  }
}

/** Text of every size of UTF-8 character: ASCII, 2, 3 and 4 bytes, in runs long and short. */
const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.string({ unit: fc.constantFrom('a', ' ', '\n', 'é', 'ß', 'Ω', 'д', '日', '語', '—', '…', '🚀', '👍🏽', '\u{10ffff}', '\u0080', '\u07ff', '\u0800', '\uffff'), maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ maxLength: 300 }),
);

describe('RunReader', () => {
  it('returns exactly what Buffer#toString returns, for any valid UTF-8 range at character boundaries', () => {
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 6 }), fc.nat(), fc.nat(), (pieces, a, b) => {
        // The run is the pieces joined; ranges start and end between pieces (character boundaries).
        const buffers = pieces.map((piece) => Buffer.from(piece, 'utf8'));
        const run = Buffer.concat(buffers);
        const bounds = [0];
        for (const buffer of buffers) bounds.push((bounds.at(-1) ?? 0) + buffer.length);
        const [from, to] = [bounds[a % bounds.length] ?? 0, bounds[b % bounds.length] ?? 0].sort((x, y) => x - y) as [number, number];
        expect(decodeLoaded(run, from, to)).toBe(run.toString('utf8', from, to));
      }),
      { numRuns: 3000 },
    );
  });

  it('decodes blocks of ASCII next to multibyte characters at every offset (the 16-byte fast path)', () => {
    for (let offset = 0; offset < 40; offset++) {
      const value = `${'x'.repeat(offset)}é${'y'.repeat(33)}日${'z'.repeat(17)}🚀${'w'.repeat(offset % 17)}`;
      const run = Buffer.from(`{"a":1}\n${value}\n`);
      expect(decodeLoaded(run, 8, run.length - 1)).toBe(value);
    }
  });

  it('decodes ASCII, multibyte and empty ranges', () => {
    const run = Buffer.from('plain ascii\ncafé 日本 🚀');
    expect(decodeLoaded(run, 0, 11)).toBe('plain ascii');
    expect(decodeLoaded(run, 12, run.length)).toBe('café 日本 🚀');
    expect(decodeLoaded(run, 3, 3)).toBe('');
  });

  it('decodes with V8 when the run is not the loaded one, or too large to load', () => {
    const loaded = Buffer.from('日本');
    const other = Buffer.from('другой');
    reader.load(loaded);
    expect(reader.decode(other, 0, other.length)).toBe('другой');
    reader.release();
    expect(reader.decode(loaded, 0, loaded.length)).toBe('日本');
    const large = Buffer.from('é'.repeat(reader.maxRunBytes));
    expect(decodeLoaded(large, 2, large.length)).toBe('é'.repeat(reader.maxRunBytes - 1));
  });

  it('matches a delta line only in the loaded run, and gives its parts as byte offsets', () => {
    const line = '{"type":"stream_event","event":{"type":"content_block_delta","index":7,"delta":{"type":"text_delta","text":"日本 ok"}},"session_id":"s","parent_tool_use_id":null,"uuid":"u"}';
    const run = Buffer.from(`{"type":"x"}\n${line}`);
    expect(reader.matchDelta(run, 13, run.length)).toBeNull(); // not loaded
    reader.load(run);
    try {
      const fields = reader.matchDelta(run, 13, run.length);
      expect(fields).not.toBeNull();
      expect(fields?.[DeltaField.index]).toBe(7);
      expect(run.toString('utf8', fields?.[DeltaField.textStart], fields?.[DeltaField.textEnd])).toBe('日本 ok');
      expect(reader.matchedText(run)).toBe('日本 ok');
      expect([reader.matchedId(DeltaId.session), reader.matchedId(DeltaId.parent), reader.matchedId(DeltaId.uuid), reader.matchedId(DeltaId.apiMessage)]).toEqual(['s', null, 'u', null]);
      expect(reader.matchDelta(run, 0, 12)).toBeNull(); // another line of the run
    } finally {
      reader.release();
    }
    expect(reader.matchDelta(run, 13, run.length)).toBeNull(); // released
  });

  it('runs the module assembled from run-reader.wat (the committed bytes are its output)', async () => {
    const assembled = await assembleRunReader();
    expect(Buffer.from(assembled).toString('base64')).toBe(RUN_READER_WASM_BASE64);
  });
});

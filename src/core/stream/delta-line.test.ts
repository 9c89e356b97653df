import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDeltaLine } from './delta-line';
import { RunReader } from './run-reader';

const reader = new RunReader();

/** The fast path on one line, as the run parser calls it: inside a run, loaded in the reader. */
function fast(line: string | Buffer): unknown {
  const bytes = typeof line === 'string' ? Buffer.from(line, 'utf8') : line;
  const run = Buffer.concat([Buffer.from('{"type":"x"}\n'), bytes, Buffer.from('\n{"type":"y"}')]);
  reader.load(run);
  try {
    return parseDeltaLine(run, 13, 13 + bytes.length, reader);
  } finally {
    reader.release();
  }
}

/** JSON.parse of the line as the pipeline sees it: its UTF-8 bytes, decoded. */
function jsonParse(line: string): unknown {
  try {
    return JSON.parse(Buffer.from(line, 'utf8').toString('utf8'));
  } catch {
    return 'throws';
  }
}

const KINDS = [
  ['text_delta', 'text'],
  ['thinking_delta', 'thinking'],
  ['input_json_delta', 'partial_json'],
] as const;

const plainId = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength: 40 });
const anyId = fc.oneof(plainId, fc.string({ unit: 'binary', maxLength: 12 }));

/** A delta line as Claude Code writes it (compact JSON, its key order), with any text and ids. */
const deltaLine = fc
  .record({
    kind: fc.constantFrom(...KINDS),
    index: fc.oneof(fc.nat(20), fc.nat()),
    text: fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), fc.string({ unit: 'grapheme', maxLength: 80 })),
    sessionId: anyId,
    parent: fc.option(anyId),
    uuid: anyId,
    apiMessageId: fc.option(anyId),
  })
  .map(({ kind, index, text, sessionId, parent, uuid, apiMessageId }) => {
    const message: Record<string, unknown> = {
      type: 'stream_event',
      event: { type: 'content_block_delta', index, delta: { type: kind[0], [kind[1]]: text } },
      session_id: sessionId,
      parent_tool_use_id: parent,
      uuid,
    };
    if (apiMessageId !== null) message.api_message_id = apiMessageId;
    return JSON.stringify(message);
  });

const REAL_LINE =
  '{"type":"stream_event","event":{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"word0 "}},"session_id":"a9591273-6e1c-48ee-ae2e-2696ffcb8845","parent_tool_use_id":null,"uuid":"a2571a36-9559-45b3-a750-4a2d08317f92","api_message_id":"msg_mock_36"}';

describe('parseDeltaLine', () => {
  it('takes a line of the real CLI and returns exactly what JSON.parse returns', () => {
    expect(fast(REAL_LINE)).toEqual(JSON.parse(REAL_LINE));
  });

  it('returns what JSON.parse returns, or declines, for any delta line (property)', () => {
    fc.assert(
      fc.property(deltaLine, (line) => {
        const parsed = fast(line);
        if (parsed !== undefined) expect(parsed).toStrictEqual(jsonParse(line));
      }),
      { numRuns: 5000 },
    );
  });

  it('does take the common shape: any text, any index, printable ASCII ids', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.nat(999_999_999), plainId, (text, index, id) => {
        const line = REAL_LINE.replace('"index":0', `"index":${index}`).replace('"word0 "', () => JSON.stringify(text)).replace('msg_mock_36', () => id.replace(/["\\]/g, ''));
        expect(fast(line)).toStrictEqual(JSON.parse(line));
      }),
      { numRuns: 2000 },
    );
  });

  it('never accepts what JSON.parse rejects, and never differs from it, on damaged lines (property)', () => {
    const damaged = fc.tuple(deltaLine, fc.nat(), fc.nat(3), fc.string({ unit: 'binary', maxLength: 3 })).map(([line, at, cut, insert]) => {
      const position = at % (line.length + 1);
      return line.slice(0, position) + insert + line.slice(position + cut);
    });
    fc.assert(
      fc.property(damaged, (line) => {
        const parsed = fast(line);
        if (parsed === undefined) return;
        expect(parsed).toStrictEqual(jsonParse(line));
      }),
      { numRuns: 5000 },
    );
  });

  it('keeps every id right from line to line: repeated, changed, long, and after a line declined late (property)', () => {
    // Few ids, so that lines repeat the one before (the reader remembers those), some over the
    // 120 bytes it remembers, and texts that only JSON.parse rejects (a bad \u escape).
    const id = fc.constantFrom('s-1', 's-2', '', 'x'.repeat(121), 'y'.repeat(121));
    const line = fc
      .record({ sessionId: id, parent: fc.option(id), uuid: id, apiMessageId: fc.option(id), text: fc.constantFrom('a', 'é\\n', '\\uZZZZ') })
      .map(({ sessionId, parent, uuid, apiMessageId, text }) => {
        const api = apiMessageId === null ? '' : `,"api_message_id":"${apiMessageId}"`;
        const parentJson = parent === null ? 'null' : `"${parent}"`;
        return `{"type":"stream_event","event":{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"${text}"}},"session_id":"${sessionId}","parent_tool_use_id":${parentJson},"uuid":"${uuid}"${api}}`;
      });
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 12 }), (lines) => {
        for (const each of lines) {
          const parsed = fast(each);
          if (each.includes('\\uZZZZ')) expect(parsed).toBeUndefined();
          else expect(parsed).toStrictEqual(JSON.parse(each));
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('never reads past the line: a line cut anywhere declines, whatever bytes follow it in the run or in memory', () => {
    const line = Buffer.from(REAL_LINE.replace('"word0 "', JSON.stringify('wörds 日本 🚀 and \\ "escapes"')));
    for (let cut = 0; cut < line.length; cut++) {
      // The rest of the line right after the cut, as the next line of the same run.
      const run = Buffer.concat([line.subarray(0, cut), Buffer.from('\n'), line.subarray(cut)]);
      reader.load(run);
      try {
        expect(parseDeltaLine(run, 0, cut, reader)).toBeUndefined();
      } finally {
        reader.release();
      }
      // The whole line still in the module's memory from the run before, past the cut one's end.
      reader.load(line);
      reader.release();
      const prefix = Buffer.from(line.subarray(0, cut));
      reader.load(prefix);
      try {
        expect(parseDeltaLine(prefix, 0, cut, reader)).toBeUndefined();
      } finally {
        reader.release();
      }
    }
    expect(fast(line)).toStrictEqual(JSON.parse(line.toString()));
  });

  it('declines what JSON.parse rejects or reads differently', () => {
    const cases = [
      REAL_LINE.replace('"word0 "', '"raw\ttab"'), // a raw control character in a string
      REAL_LINE.replace('"word0 "', '"bad \\x escape"'),
      REAL_LINE.replace('"index":0', '"index":01'), // a leading zero
      REAL_LINE.replace('"index":0', '"index":1234567890'), // more digits than the fast path reads
      REAL_LINE.replace('"index":0', '"index": 0'), // whitespace
      REAL_LINE.slice(0, -1), // truncated
      `${REAL_LINE}\r`, // CRLF: JSON.parse allows it, the fast path leaves it to JSON.parse
      REAL_LINE.replace('"api_message_id"', '"extra":1,"api_message_id"'), // an unknown key
      REAL_LINE.replace('"word0 "', '"a"'.repeat(3)), // an unescaped quote inside
      REAL_LINE.replace('msg_mock_36', 'msg_\u00e9'), // a non-ASCII id
    ];
    for (const line of cases) expect(fast(line), line).toBeUndefined();
  });

  it('decodes escapes and multibyte text exactly as JSON.parse does', () => {
    const text = 'line one\nline "two"\t\\ é 日本語 🚀 \u2028 \ud800';
    const line = REAL_LINE.replace('"word0 "', JSON.stringify(text));
    expect(fast(line)).toStrictEqual(JSON.parse(line));
    expect((fast(line) as { event: { delta: { text: string } } }).event.delta.text).toBe(text);
  });
});

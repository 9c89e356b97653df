import { describe, expect, it } from 'vitest';
import { decodeLine, parseLine } from './line-parser';

describe('decodeLine', () => {
  it('decodes valid multibyte UTF-8 exactly', () => {
    expect(decodeLine(Buffer.from('{"t":"日本語🚀"}', 'utf8'))).toEqual({ text: '{"t":"日本語🚀"}', valid: true });
  });

  it('flags invalid UTF-8 and substitutes U+FFFD in the text', () => {
    const decoded = decodeLine(Buffer.from([0x7b, 0xff, 0x7d]));
    expect(decoded.valid).toBe(false);
    expect(decoded.text).toBe('{\uFFFD}');
  });
});

describe('parseLine', () => {
  it('parses an object with a type into a message', () => {
    expect(parseLine('{"type":"system","subtype":"init"}', true)).toEqual({
      kind: 'message',
      message: { type: 'system', subtype: 'init' },
      validUtf8: true,
    });
  });

  it('passes an unknown message type through (forward compatible)', () => {
    expect(parseLine('{"type":"from_the_future","x":1}', true)).toMatchObject({ kind: 'message', message: { type: 'from_the_future' } });
  });

  it('reads a result whose keys are not in the usual order', () => {
    expect(parseLine('{"duration_api_ms":1,"is_error":false,"type":"result"}', true)).toMatchObject({ kind: 'message', message: { type: 'result' } });
  });

  it('tolerates the carriage return of a CRLF line', () => {
    expect(parseLine('{"type":"x"}\r', true)).toMatchObject({ kind: 'message' });
  });

  it('treats an empty or whitespace-only line as blank, not as an error', () => {
    expect(parseLine('', true)).toEqual({ kind: 'blank' });
    expect(parseLine(' \r', true)).toEqual({ kind: 'blank' });
  });

  it('reports malformed JSON as malformed-line with a preview', () => {
    const parsed = parseLine('this is not json {', true);
    expect(parsed).toMatchObject({ kind: 'problem', code: 'malformed-line' });
    expect(parsed.kind === 'problem' && parsed.message).toContain('this is not json {');
  });

  it('reports valid JSON that is not a typed object as not-an-object', () => {
    for (const text of ['42', '"str"', '[1,2]', 'null', '{"no_type":true}', '{"type":7}']) {
      expect(parseLine(text, true)).toMatchObject({ kind: 'problem', code: 'not-an-object' });
    }
  });
});

import { describe, expect, it } from 'vitest';
import { BLANK_LINE, LineProblem, parseLine } from './line-parser';

describe('parseLine', () => {
  it('parses an object with a type into a message', () => {
    expect(parseLine('{"type":"system","subtype":"init"}')).toEqual({ type: 'system', subtype: 'init' });
  });

  it('passes an unknown message type through (forward compatible)', () => {
    expect(parseLine('{"type":"from_the_future","x":1}')).toMatchObject({ type: 'from_the_future' });
  });

  it('reads a result whose keys are not in the usual order', () => {
    expect(parseLine('{"duration_api_ms":1,"is_error":false,"type":"result"}')).toMatchObject({ type: 'result' });
  });

  it('tolerates the carriage return of a CRLF line', () => {
    expect(parseLine('{"type":"x"}\r')).toEqual({ type: 'x' });
  });

  it('treats an empty or whitespace-only line as blank, not as an error', () => {
    expect(parseLine('')).toBe(BLANK_LINE);
    expect(parseLine(' \r')).toBe(BLANK_LINE);
  });

  it('reports malformed JSON as malformed-line with a preview', () => {
    const parsed = parseLine('this is not json {');
    expect(parsed).toBeInstanceOf(LineProblem);
    expect(parsed).toMatchObject({ code: 'malformed-line', message: expect.stringContaining('this is not json {') });
  });

  it('reports valid JSON that is not a typed object as not-an-object', () => {
    for (const text of ['42', '"str"', '[1,2]', 'null', '{"no_type":true}', '{"type":7}']) {
      expect(parseLine(text)).toMatchObject({ code: 'not-an-object' });
    }
  });
});

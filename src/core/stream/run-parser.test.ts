import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AgentMessage } from '../../shared/agent-messages';
import { LineProblem } from './line-parser';
import { parseRun } from './run-parser';

type Seen = { parsed: AgentMessage | LineProblem | null; invalid: boolean };

function run(bytes: Buffer): Seen[] {
  const seen: Seen[] = [];
  parseRun(bytes, { line: (parsed, invalid) => seen.push({ parsed, invalid }) });
  return seen;
}

function reference(text: string): unknown {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { type?: unknown }).type === 'string' ? value : 'problem';
  } catch {
    return text.trim() === '' ? null : 'problem';
  }
}

describe('parseRun', () => {
  it('yields, for every line of the run in order, exactly what JSON.parse makes of it (property)', () => {
    const jsonLine = fc.jsonValue().map((value) => JSON.stringify({ type: 'x', value }));
    // Delta lines in Claude Code's shape take the fast path (delta-line.ts); damaged ones must not.
    const deltaLine = fc
      .tuple(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.boolean())
      .map(([text, damaged]) => {
        const line = `{"type":"stream_event","event":{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":${JSON.stringify(text)}}},"session_id":"s","parent_tool_use_id":null,"uuid":"u"}`;
        return damaged ? line.slice(0, -2) : line;
      })
      .filter((line) => !line.includes('\n'));
    const anyLine = fc.oneof(jsonLine, deltaLine, fc.json(), fc.string({ unit: 'binary', maxLength: 20 }).filter((s) => !s.includes('\n')));
    fc.assert(
      fc.property(fc.array(anyLine, { minLength: 1, maxLength: 12 }), (lines) => {
        const seen = run(Buffer.from(lines.join('\n'), 'utf8'));
        expect(seen).toHaveLength(lines.length);
        seen.forEach((line, i) => {
          const outcome = line.parsed instanceof LineProblem ? 'problem' : line.parsed;
          expect(outcome).toEqual(reference(lines[i] as string));
        });
      }),
      { numRuns: 2000 },
    );
  });

  it('flags an invalid UTF-8 line and still parses it and the others', () => {
    const bad = Buffer.from([0x7b, 0x22, 0x74, 0x79, 0x70, 0x65, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]);
    const seen = run(Buffer.concat([Buffer.from('{"type":"a"}\n'), bad, Buffer.from('\n{"type":"b","t":"é"}')]));
    expect(seen.map((line) => line.invalid)).toEqual([false, true, false]);
    expect(seen[1]?.parsed).toEqual({ type: '\uFFFD' });
    expect(seen[2]?.parsed).toEqual({ type: 'b', t: 'é' });
  });

  it('keeps empty lines as blank and malformed lines as problems, in order', () => {
    const seen = run(Buffer.from('\n{oops\n{"type":"ok"}'));
    expect(seen.map((line) => (line.parsed instanceof LineProblem ? line.parsed.code : line.parsed))).toEqual([null, 'malformed-line', { type: 'ok' }]);
  });
});

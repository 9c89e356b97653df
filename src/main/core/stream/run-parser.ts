/**
 * Decodes and parses a run of complete lines (see framer.ts), line by line, in order.
 *
 * Invariants:
 * - Every line of the run reaches the sink exactly once, in order, with its parse outcome: the
 *   message, a LineProblem, or null for a blank line. A line is never dropped.
 * - UTF-8 is validated and decoded once per run (newlines are one byte and one char, so the
 *   decoded run splits exactly where the bytes do). A run with invalid bytes is handled line by
 *   line: an invalid line is parsed from its lossy decoding and flagged.
 * - Each line goes to JSON.parse (line-parser.ts). A hand-written fast path for delta lines was
 *   tried and measured slower than decode + JSON.parse (docs/BENCHMARKS.md).
 */

import { isAscii, isUtf8 } from 'node:buffer';
import type { AgentMessage } from '../../../shared/agent-messages';
import type { LineProblem} from './line-parser';
import { parseLine } from './line-parser';

export interface ParsedLineSink {
  line(parsed: AgentMessage | LineProblem | null, invalidUtf8: boolean): void;
}

export function parseRun(run: Buffer, sink: ParsedLineSink): void {
  const ascii = isAscii(run);
  if (ascii || isUtf8(run)) {
    forEachLine(run.toString(ascii ? 'latin1' : 'utf8'), (line) => sink.line(parseLine(line), false));
    return;
  }
  let start = 0;
  for (;;) {
    const newline = run.indexOf(0x0a, start);
    const bytes = run.subarray(start, newline === -1 ? run.length : newline);
    sink.line(parseLine(bytes.toString('utf8')), !isUtf8(bytes));
    if (newline === -1) return;
    start = newline + 1;
  }
}

/** Calls `visit` for each '\n'-separated line of `text`, including a last empty one. */
export function forEachLine(text: string, visit: (line: string) => void): void {
  let start = 0;
  for (;;) {
    const newline = text.indexOf('\n', start);
    if (newline === -1) {
      visit(start === 0 ? text : text.slice(start));
      return;
    }
    visit(text.slice(start, newline));
    start = newline + 1;
  }
}

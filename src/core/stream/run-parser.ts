/**
 * Decodes and parses a run of complete lines (see framer.ts), line by line, in order.
 *
 * Invariants:
 * - Every line of the run reaches the sink exactly once, in order, with its parse outcome: the
 *   message, a LineProblem, or null for a blank line. A line is never dropped.
 * - UTF-8 is validated once per run, and lines are split on the bytes. A valid run is loaded into
 *   the run reader (run-reader.ts) for the length of its parse. A delta line in Claude Code's
 *   exact shape takes the fast path (delta-line.ts: only its text is decoded), every other line
 *   is decoded on its own and goes to JSON.parse (line-parser.ts). A run with invalid bytes
 *   is handled line by line: an invalid line is parsed from its lossy decoding and flagged.
 */

import { isUtf8 } from 'node:buffer';
import type { AgentMessage } from '../../shared/agent-messages';
import type { LineProblem} from './line-parser';
import { parseLine } from './line-parser';
import { parseDeltaLine } from './delta-line';
import { RunReader } from './run-reader';

export interface ParsedLineSink {
  line(parsed: AgentMessage | LineProblem | null, invalidUtf8: boolean): void;
}

export function parseRun(run: Buffer, sink: ParsedLineSink): void {
  // isUtf8 only: Node 20's isAscii scans a whole mixed buffer slowly (25x isUtf8's time).
  if (isUtf8(run)) {
    parseValidRun(run, sink);
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

const reader = new RunReader();

function parseValidRun(run: Buffer, sink: ParsedLineSink): void {
  reader.load(run);
  try {
    let start = 0;
    for (;;) {
      const newline = run.indexOf(0x0a, start);
      const end = newline === -1 ? run.length : newline;
      const parsed = parseDeltaLine(run, start, end, reader) ?? parseLine(reader.decode(run, start, end));
      sink.line(parsed, false);
      if (newline === -1) return;
      start = newline + 1;
    }
  } finally {
    reader.release();
  }
}

/**
 * A session's ingest path: one stdout chunk of the agent → framer → journal → parser → reducer
 * (or the agent link, for control lines) → the chunk's patches.
 *
 * Invariants:
 * - Every complete line is journaled (a whole run at a time) before it is parsed, and counted
 *   once. A line that cannot be parsed, is not UTF-8 or is over the line cap becomes a warning
 *   patch (and is still journaled, an oversize one in a spill file): never dropped.
 * - A chunk's outcome is handed out whole and in order: the patches of its lines, the range of
 *   line numbers it completed (null when it completed none), and up to 8 agent write stamps
 *   (`sim_ts`, for latency). Nothing of a chunk is handed out before the chunk is done.
 * - The counters only grow: lines, messages, bytes and problems since the session started.
 */

import type { SessionPatch, StreamCounters, StreamWarning } from '../../shared/session-view';
import type { AgentMessage } from '../../shared/agent-messages';
import { LineFramer, type LineSink } from '../stream/framer';
import { LineProblem } from '../stream/line-parser';
import { parseRun, type ParsedLineSink } from '../stream/run-parser';
import type { Journal } from '../journal/journal';
import { resultFromOversize } from './oversize-result';
import type { ConversationReducer } from './reducer';

/** What one stdout chunk (or the end of stdout) turned into. */
export interface ChunkOutcome {
  patches: SessionPatch[];
  /** The first and last line numbers the chunk completed, or null. */
  lines: [number, number] | null;
  /** Agent write stamps seen in the chunk (at most MAX_STAMPS). */
  stamps: number[];
}

/** Enough stamps per chunk to measure latency, few enough to cost nothing. */
const MAX_STAMPS = 8;

/** Takes the control lines of the protocol (agent/agent-link.ts); false for any other line. */
export interface ControlLineSink {
  receiveControl(message: AgentMessage, patches: SessionPatch[]): boolean;
}

export interface IngestDeps {
  journal: Journal;
  reducer: ConversationReducer;
  control: ControlLineSink;
  maxLineBytes: number | undefined;
}

export class Ingest {
  readonly counters: StreamCounters = { lines: 0, messages: 0, bytes: 0, parseErrors: 0 };
  private readonly deps: IngestDeps;
  private readonly framer: LineFramer;
  private oversizeLines = 0;
  private patches: SessionPatch[] = [];
  private stamps: number[] = [];

  constructor(deps: IngestDeps) {
    this.deps = deps;
    this.framer = new LineFramer({
      maxLineBytes: deps.maxLineBytes,
      onOversizeBytes: (bytes) => deps.journal.spillBytes(this.oversizeLines + 1, bytes),
    });
  }

  /** One chunk of stdout, in the order it came. */
  push(chunk: Buffer): ChunkOutcome {
    const firstLine = this.counters.lines + 1;
    this.counters.bytes += chunk.length;
    this.framer.push(chunk, this.lineSink);
    return this.outcome(firstLine);
  }

  /** Stdout ended: a last line without a newline is kept. */
  end(): ChunkOutcome {
    const firstLine = this.counters.lines + 1;
    this.framer.end(this.lineSink);
    return this.outcome(firstLine);
  }

  private outcome(firstLine: number): ChunkOutcome {
    const outcome: ChunkOutcome = {
      patches: this.patches,
      lines: this.counters.lines >= firstLine ? [firstLine, this.counters.lines] : null,
      stamps: this.stamps,
    };
    this.patches = [];
    if (this.stamps.length > 0) this.stamps = [];
    return outcome;
  }

  private readonly lineSink: LineSink = {
    lines: (run) => {
      this.deps.journal.outRun(run);
      parseRun(run, this.parsedLineSink);
    },
    oversize: (totalBytes, head, tail) => {
      this.counters.lines++;
      const spill = ++this.oversizeLines;
      this.deps.journal.outOversize(totalBytes, head, spill);
      this.warn('line-too-long', `A ${totalBytes}-byte line exceeded the line cap; it is kept in ${this.deps.journal.spillPath(spill)}.`);
      // A result too long to parse still ends its turn (the text itself arrived as deltas).
      const result = resultFromOversize(head, tail);
      if (result !== null) this.deps.reducer.apply(result, this.patches);
    },
  };

  /** The per-line hot path (the run is already journaled): fold the message into patches. */
  private readonly parsedLineSink: ParsedLineSink = {
    line: (parsed, invalidUtf8) => {
      this.counters.lines++;
      if (invalidUtf8) this.warn('invalid-utf8', 'The agent wrote bytes that are not UTF-8; they are kept exactly in the journal.');
      if (parsed instanceof LineProblem) this.warn(parsed.code, parsed.message);
      else if (parsed !== null) {
        this.counters.messages++;
        const stamp = parsed.sim_ts;
        if (typeof stamp === 'number' && this.stamps.length < MAX_STAMPS) this.stamps.push(stamp);
        if (!this.deps.control.receiveControl(parsed, this.patches)) this.deps.reducer.apply(parsed, this.patches);
      }
    },
  };

  private warn(code: StreamWarning['code'], message: string): void {
    this.counters.parseErrors++;
    this.patches.push({ op: 'warning', warning: { code, line: this.counters.lines, message } });
  }
}

/**
 * Reads one run of valid UTF-8 lines (see run-parser.ts) faster than V8 can from a Buffer
 * (docs/BENCHMARKS.md): the run is copied once into a small WebAssembly module (run-reader.wat)
 * that decodes ranges to UTF-16, sixteen ASCII bytes at a time, and matches delta lines
 * (delta-line.ts) without making a string of them. Strings are made from its units by a copy.
 *
 * Invariants:
 * - `decode(run, start, end)` returns exactly `run.toString('utf8', start, end)`, for bytes that
 *   are valid UTF-8 cut at character boundaries (the caller checked the run with `isUtf8`; the
 *   module validates nothing).
 * - It reads the module's copy only while `run` is the run loaded last and not yet released, so
 *   a run loaded inside another's parse (or one too large to copy) is decoded by V8 instead, and
 *   `matchDelta` declines: slower, never wrong. A released run is not kept alive by the reader.
 * - An ASCII range comes back as a one-byte string, as V8 makes it.
 */

import { RUN_READER_WASM_BASE64 } from './run-reader-wasm';

interface ReaderExports {
  memory: WebAssembly.Memory;
  runCapacity: WebAssembly.Global;
  unitsAt: WebAssembly.Global;
  fieldsAt: WebAssembly.Global;
  decode(start: number, length: number): number;
  delta(start: number, end: number): number;
}

/** Where a matched delta line's parts are: indexes into `RunReader#matchDelta`'s result. */
export const DeltaField = {
  index: 0,
  /** 0 text_delta, 1 thinking_delta, 2 input_json_delta. */
  kind: 1,
  textStart: 2,
  textEnd: 3,
  /** The text's UTF-16 length, or -1 when it has escapes (see `RunReader#matchedText`). */
  textUnits: 4,
  sessionStart: 5,
  sessionEnd: 6,
  /** -1 (and parentEnd -1) for `null`. */
  parentStart: 7,
  parentEnd: 8,
  uuidStart: 9,
  uuidEnd: 10,
  /** -1 (and apiMessageIdEnd -1) when the line has none. */
  apiMessageIdStart: 11,
  apiMessageIdEnd: 12,
  /** Bits: 1 session_id, 2 parent_tool_use_id, 4 api_message_id have the last matched line's bytes. */
  sameIds: 13,
} as const;
const FIELD_COUNT = 14;

/** The ids of a delta line, for `RunReader#matchedId`. */
export const DeltaId = { session: 0, parent: 1, apiMessage: 2, uuid: 3 } as const;
export type DeltaId = (typeof DeltaId)[keyof typeof DeltaId];
/** Each DeltaId's start and end fields. */
const ID_FIELDS = [
  [DeltaField.sessionStart, DeltaField.sessionEnd],
  [DeltaField.parentStart, DeltaField.parentEnd],
  [DeltaField.apiMessageIdStart, DeltaField.apiMessageIdEnd],
  [DeltaField.uuidStart, DeltaField.uuidEnd],
] as const;

export class RunReader {
  /** Runs up to this size are copied into the module (a chunk is 64 KB); larger ones go to V8. */
  readonly maxRunBytes: number;
  /** The module's memory as a Buffer (it never grows, so the view stays valid). */
  private readonly heap: Buffer;
  private readonly unitsAt: number;
  private readonly fields: Int32Array;
  /** The module's functions, held directly (a load from its exports object per call costs). */
  private readonly decodeRange: (start: number, length: number) => number;
  private readonly matchDeltaLine: (start: number, end: number) => number;
  /**
   * The strings of the ids the module remembers (DeltaId session, parent, apiMessage), kept in
   * step with it by matchDelta; then the uuid of the line matched last.
   */
  private readonly ids: string[] = ['', '', '', ''];
  private loaded: Buffer | null = null;

  constructor() {
    const module = new WebAssembly.Module(Buffer.from(RUN_READER_WASM_BASE64, 'base64'));
    const exports = new WebAssembly.Instance(module).exports as unknown as ReaderExports;
    this.heap = Buffer.from(exports.memory.buffer);
    this.maxRunBytes = exports.runCapacity.value;
    this.unitsAt = exports.unitsAt.value;
    this.fields = new Int32Array(exports.memory.buffer, exports.fieldsAt.value, FIELD_COUNT);
    this.decodeRange = exports.decode;
    this.matchDeltaLine = exports.delta;
  }

  /** Copies `run` into the module, when it fits; `decode` and `matchDelta` then read the copy. */
  load(run: Buffer): void {
    if (run.length > this.maxRunBytes) {
      this.loaded = null;
      return;
    }
    this.heap.set(run, 0);
    this.loaded = run;
  }

  /** Forgets the loaded run. */
  release(): void {
    this.loaded = null;
  }

  /** Exactly `run.toString('utf8', start, end)` (valid UTF-8 only). */
  decode(run: Buffer, start: number, end: number): string {
    if (run !== this.loaded) return run.toString('utf8', start, end);
    const units = this.decodeRange(start, end - start);
    return this.unitsString(run, start, end, units);
  }

  /**
   * The fields of the line `run[start, end)` (indexed by DeltaField; valid until the next call)
   * when it is a delta line in Claude Code's exact shape (delta-line.ts), or null.
   */
  matchDelta(run: Buffer, start: number, end: number): Int32Array | null {
    if (run !== this.loaded || this.matchDeltaLine(start, end) === 0) return null;
    const sameIds = this.fields[DeltaField.sameIds] ?? 0;
    // Every id the module took as new gets its string now, so the next line's "same" holds.
    if ((sameIds & 1) === 0) this.takeId(run, DeltaId.session);
    if ((sameIds & 2) === 0) this.takeId(run, DeltaId.parent);
    if ((sameIds & 4) === 0) this.takeId(run, DeltaId.apiMessage);
    this.takeId(run, DeltaId.uuid);
    return this.fields;
  }

  /**
   * An id of the delta line matched last, or null when it has none (a `null` parent, no
   * api_message_id). The same string as the line before's when its bytes were the same.
   */
  matchedId(id: DeltaId): string | null {
    return this.fields[ID_FIELDS[id][0]] === -1 ? null : (this.ids[id] ?? null);
  }

  /** The text of the delta line matched last, when it has no escapes (textUnits ≥ 0). */
  matchedText(run: Buffer): string {
    const fields = this.fields;
    return this.unitsString(run, fields[DeltaField.textStart] ?? 0, fields[DeltaField.textEnd] ?? 0, fields[DeltaField.textUnits] ?? 0);
  }

  /** Makes the string of a matched id: plain printable ASCII (the module checked), so its bytes are its value. */
  private takeId(run: Buffer, id: DeltaId): void {
    const [startField, endField] = ID_FIELDS[id];
    const start = this.fields[startField] ?? -1;
    if (start !== -1) this.ids[id] = run.toString('latin1', start, this.fields[endField]);
  }

  /** The string of `run[start, end)` from the `units` the module wrote for it. */
  private unitsString(run: Buffer, start: number, end: number, units: number): string {
    if (units === end - start) return run.toString('latin1', start, end);
    return this.heap.toString('utf16le', this.unitsAt, this.unitsAt + units * 2);
  }
}

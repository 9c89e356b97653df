/**
 * Decodes lines of one run of valid UTF-8 (see run-parser.ts) into strings, faster than V8's own
 * decoder on multibyte text (docs/BENCHMARKS.md): the run is copied once into a small WebAssembly
 * module (utf8-decoder.wat) that widens a range to UTF-16, and the string is made from those
 * units by a copy.
 *
 * Invariants:
 * - `decode(run, start, end)` returns exactly `run.toString('utf8', start, end)`, for bytes that
 *   are valid UTF-8 cut at character boundaries (the caller checked the run with `isUtf8`; the
 *   module validates nothing).
 * - It reads the module's copy only while `run` is the run loaded last and not yet released, so
 *   a run loaded inside another's parse (or one too large to copy) is decoded by V8 instead:
 *   slower, never wrong. A released run is not kept alive by the decoder.
 * - An ASCII range comes back as a one-byte string, as V8 makes it.
 */

import { UTF8_DECODER_WASM_BASE64 } from './utf8-decoder-wasm';

/** Runs up to this size are copied into the module (a chunk is 64 KB); larger ones go to V8. */
export const MAX_RUN_BYTES = 256 * 1024;
const PAGE_BYTES = 64 * 1024;
/** The module's memory: the run, then its UTF-16 (at most two bytes per byte). */
const UNITS_AT = MAX_RUN_BYTES;
const MEMORY_BYTES = MAX_RUN_BYTES * 3;

interface DecoderExports {
  memory: WebAssembly.Memory;
  decode(src: number, len: number, dst: number): number;
}

export class Utf8RunDecoder {
  private readonly exports: DecoderExports;
  /** The module's memory as a Buffer (it never grows after this, so the view stays valid). */
  private readonly heap: Buffer;
  private loaded: Buffer | null = null;

  constructor() {
    const module = new WebAssembly.Module(Buffer.from(UTF8_DECODER_WASM_BASE64, 'base64'));
    this.exports = new WebAssembly.Instance(module).exports as unknown as DecoderExports;
    const memory = this.exports.memory;
    memory.grow(Math.ceil(MEMORY_BYTES / PAGE_BYTES) - memory.buffer.byteLength / PAGE_BYTES);
    this.heap = Buffer.from(memory.buffer);
  }

  /** Copies `run` into the module, when it fits; `decode` then reads from the copy. */
  load(run: Buffer): void {
    if (run.length > MAX_RUN_BYTES) {
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
    const bytes = end - start;
    const units = this.exports.decode(start, bytes, UNITS_AT);
    if (units === bytes) return run.toString('latin1', start, end);
    return this.heap.toString('utf16le', UNITS_AT, UNITS_AT + units * 2);
  }
}

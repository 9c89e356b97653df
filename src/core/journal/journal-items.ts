/**
 * What a journal hands its writer thread, in journal order (journal.ts builds them, the writer
 * thread formats and writes them: journal-writer.worker.ts). Shared by both threads.
 */

export type JournalItem =
  /** Complete stdout lines, each followed by 0x0A, recorded with one `t`. */
  | { kind: 'out'; bytes: Uint8Array; t: number }
  /** A formatted record without its closing `}`: the writer appends `,"seq":n,"t":t}`. */
  | { kind: 'record'; head: string; t: number }
  /** Closes the journal's file. */
  | { kind: 'close' };

/** The agent stdout lines among `items` (each line of an `out` item ends with 0x0A). */
export function stdoutLinesIn(items: readonly JournalItem[]): number {
  let lines = 0;
  for (const item of items) {
    if (item.kind !== 'out') continue;
    for (let at = item.bytes.indexOf(0x0a); at !== -1; at = item.bytes.indexOf(0x0a, at + 1)) lines++;
  }
  return lines;
}

/**
 * Proof of delivery: which agent stdout lines this view has received, and which it never will.
 *
 * Every batch names the lines it covers (`lines: [first, last]`), and the snapshot says how many
 * lines it already folds in. Lines arrive in order, so a batch that does not start right after
 * the newest line seen so far leaves a hole that no later batch fills: those lines are lost.
 *
 * Invariants:
 * - `lostLines` is the number of lines missing from the ranges older than the newest line
 *   received: it is measured, never assumed to be 0, and contiguous ranges add nothing to it.
 * - `contiguousLine` is the highest line L such that every line 1…L reached this view (folded
 *   into a snapshot or covered by a batch); it stops at the first hole.
 * - A new snapshot re-bases the ledger (it contains every line up to `lines`), but the losses
 *   already counted stay: the delivery did lose them, even if the snapshot repaired the view.
 *   Only a snapshot of another session starts the counts again.
 * - Constant memory: a handful of numbers, whatever the stream's length.
 */

export type LineRange = readonly [first: number, last: number];

export class LineLedger {
  contiguousLine = 0;
  newestLine = 0;
  lostLines = 0;
  /** Batches that started past the newest line + 1. */
  gaps = 0;
  /** Lines covered twice (a batch starting at or before the newest line): a contract breach too. */
  repeatedLines = 0;
  private sessionId: string | null = null;

  /** A snapshot folding in lines 1…`lines` of `sessionId`. */
  startAt(sessionId: string, lines: number): void {
    if (sessionId !== this.sessionId) {
      this.sessionId = sessionId;
      this.lostLines = 0;
      this.gaps = 0;
      this.repeatedLines = 0;
      this.contiguousLine = 0;
    }
    // A snapshot holds every line up to `lines`: the view is whole up to there whatever came before.
    this.contiguousLine = lines;
    this.newestLine = lines;
  }

  /** A batch's range; returns the lines this batch proved lost (0 when contiguous). */
  receive(range: LineRange | null): number {
    if (range === null) return 0;
    const [first, last] = range;
    if (last < first) return 0;
    let lost = 0;
    if (first > this.newestLine + 1) {
      lost = first - this.newestLine - 1;
      this.lostLines += lost;
      this.gaps += 1;
    } else if (first <= this.newestLine) {
      this.repeatedLines += Math.min(last, this.newestLine) - first + 1;
    }
    if (lost === 0 && this.contiguousLine === this.newestLine) this.contiguousLine = Math.max(this.contiguousLine, last);
    this.newestLine = Math.max(this.newestLine, last);
    return lost;
  }

  /** Journaled by the core but not (yet) received here: in flight, not lost. */
  inFlight(journaledLines: number): number {
    return Math.max(0, journaledLines - this.newestLine);
  }
}

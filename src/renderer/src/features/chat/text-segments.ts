/**
 * Cuts a long streaming text into segments whose boundaries never move as the text grows, so
 * React re-renders only the last segment and the browser re-lays out only its block, while
 * earlier ones stay untouched DOM (a 1 MB reply would otherwise be re-laid out as one paragraph
 * on every frame, blocking the window for hundreds of milliseconds).
 *
 * Invariants:
 * - Each finished segment followed by a newline, then the tail, is exactly the text: a finished
 *   segment stops before the newline that ends it, so each can be its own block without
 *   changing how the text looks or copies (the newline becomes the block's end).
 * - Stable: a boundary depends only on the text before it (the first newline at or after
 *   `SEGMENT_CHARS` past the previous boundary).
 * - Incremental: a block's text only ever grows at its end (session-view.ts), so when the new
 *   text is at least as long and still holds the last finished segment where it was, only the
 *   appended part is scanned, and the finished segments are the very same strings (the same
 *   array when none was added): a frame costs what arrived in it, not the length of the reply,
 *   and memoized segment views compare by reference. Any other text starts the cut over. (The
 *   check is that cheap on purpose: comparing the whole text would cost a megabyte per frame.)
 */

export const SEGMENT_CHARS = 4_096;

export interface TextSegments {
  /** Segments that will never change, each without the newline that ends it. */
  finished: readonly string[];
  /** The text after the last finished segment: the part that still grows. */
  tail: string;
}

export class SegmentCutter {
  private finished: string[] = [];
  /** Length of the text the finished segments cover. */
  private covered = 0;

  cut(text: string): TextSegments {
    const lastFinished = this.finished[this.finished.length - 1];
    if (lastFinished !== undefined && (text.length < this.covered || !text.startsWith(lastFinished, this.covered - lastFinished.length - 1))) {
      this.finished = [];
      this.covered = 0;
    }
    let added: string[] | undefined;
    while (text.length - this.covered > SEGMENT_CHARS) {
      const newline = text.indexOf('\n', this.covered + SEGMENT_CHARS);
      if (newline === -1) break;
      (added ??= []).push(text.slice(this.covered, newline));
      this.covered = newline + 1;
    }
    if (added !== undefined) this.finished = [...this.finished, ...added];
    return { finished: this.finished, tail: text.slice(this.covered) };
  }
}

/**
 * Cuts a long streaming markdown text into segments whose boundaries never move as the text
 * grows, so each finished segment is parsed, sanitized and laid out once, and only the growing
 * tail is rendered again on each frame (a 1 MB reply would otherwise be re-parsed and re-laid
 * out whole on every frame, blocking the window for hundreds of milliseconds).
 *
 * Invariants:
 * - Lossless: the sources of the finished segments and of the tail, joined, are exactly the text.
 * - Stable: a boundary depends only on the text before it, and text only grows at its end.
 * - Markdown-aware: once a segment holds at least `SEGMENT_CHARS`, it ends before a line that
 *   follows a blank line outside fenced code and starts a block of its own (not indented, not a
 *   list item, which could continue a list above), so each segment renders on its own as it
 *   would inside the whole. Only a segment that reached `LONG_SEGMENT_CHARS` without such a
 *   line (one huge paragraph, list or code block) may end at any line end; if that is inside
 *   fenced code, the next segment carries the fence's opening line in `reopen`, so its lines
 *   still render as code.
 * - Incremental: a block's text only ever grows at its end (session-view.ts), so while the new
 *   text is at least as long and still holds the last finished segment where it was, only the
 *   complete lines added since the last call are scanned, and finished segments are the very
 *   same objects (the same array when none was added): a frame costs what arrived in it, and
 *   memoized segment views compare by reference. Any other text starts the cut over. (The check
 *   is that cheap on purpose: comparing the whole text would cost a megabyte per frame.)
 */

export const SEGMENT_CHARS = 4_096;
export const LONG_SEGMENT_CHARS = 4 * SEGMENT_CHARS;

export interface TextSegment {
  /** This segment's part of the text. */
  source: string;
  /** The opening line of the fenced code block this segment starts inside, if any. */
  reopen: string | null;
}

export interface TextSegments {
  /** Segments that will never change. */
  finished: readonly TextSegment[];
  /** The rest of the text: the part that still grows. */
  tail: TextSegment;
}

/** An opening or closing code fence: up to three spaces, then three or more ` or ~. */
const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
/** A line that can only continue the block above it: indented, or a list item. */
const CONTINUATION = /^(\s|[-+*]\s|\d{1,9}[.)]\s)/;

interface Fence {
  marker: string;
  line: string;
}

export class SegmentCutter {
  private finished: TextSegment[] = [];
  /** Length of the text the finished segments cover. */
  private covered = 0;
  /** Start of the first line not yet scanned. */
  private scanned = 0;
  /** The fence open at `scanned`, if any. */
  private fence: Fence | null = null;
  /** The fence open where the current tail starts. */
  private tailReopen: string | null = null;
  /** The last scanned line was blank and outside fenced code. */
  private afterBlank = false;

  cut(text: string): TextSegments {
    const last = this.finished[this.finished.length - 1];
    if (text.length < this.scanned || (last !== undefined && !text.startsWith(last.source, this.covered - last.source.length))) {
      this.finished = [];
      this.covered = 0;
      this.scanned = 0;
      this.fence = null;
      this.tailReopen = null;
      this.afterBlank = false;
    }
    let added: TextSegment[] | undefined;
    for (let newline = text.indexOf('\n', this.scanned); newline !== -1; newline = text.indexOf('\n', this.scanned)) {
      const start = this.scanned;
      const line = text.slice(start, newline);
      const blank = line.trim() === '';
      if (this.afterBlank && !blank && !CONTINUATION.test(line) && start - this.covered >= SEGMENT_CHARS) {
        (added ??= []).push(this.finish(text, start));
      }
      this.afterBlank = this.fence === null && blank;
      this.fence = nextFence(this.fence, line);
      this.scanned = newline + 1;
      if (this.scanned - this.covered >= LONG_SEGMENT_CHARS) (added ??= []).push(this.finish(text, this.scanned));
    }
    if (added !== undefined) this.finished = [...this.finished, ...added];
    return { finished: this.finished, tail: { source: text.slice(this.covered), reopen: this.tailReopen } };
  }

  /** Ends the current segment at `end` (= `scanned`); the fence open there reopens the next one. */
  private finish(text: string, end: number): TextSegment {
    const segment = { source: text.slice(this.covered, end), reopen: this.tailReopen };
    this.covered = end;
    this.tailReopen = this.fence?.line ?? null;
    return segment;
  }
}

/** The fence open after `line`, given the one open before it (CommonMark's rules, simplified). */
function nextFence(open: Fence | null, line: string): Fence | null {
  const match = FENCE.exec(line);
  if (match === null) return open;
  const marker = match[1]!;
  const rest = match[2]!;
  if (open === null) return marker[0] === '`' && rest.includes('`') ? null : { marker, line };
  const closes = marker[0] === open.marker[0] && marker.length >= open.marker.length && rest.trim() === '';
  return closes ? null : open;
}

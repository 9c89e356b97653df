/**
 * Cuts a long streaming text into segments whose boundaries never move as the text grows, so
 * React re-renders only the last segment and the browser re-lays out only its block, while
 * earlier ones stay untouched DOM (a 1 MB reply would otherwise be re-laid out as one paragraph
 * on every frame, blocking the window for hundreds of milliseconds).
 *
 * Invariants:
 * - Joined, the segments are exactly the text.
 * - Every segment but the last ends with a newline, so each can be its own block without
 *   changing how the text looks (the newline becomes the block's end).
 * - Stable: a boundary depends only on the text before it (the first newline at or after
 *   `SEGMENT_CHARS` past the previous boundary), and text only ever grows at its end.
 */

export const SEGMENT_CHARS = 4_096;

export function textSegments(text: string): string[] {
  if (text.length <= SEGMENT_CHARS) return [text];
  const segments: string[] = [];
  let start = 0;
  while (text.length - start > SEGMENT_CHARS) {
    const cut = text.indexOf('\n', start + SEGMENT_CHARS);
    if (cut === -1) break;
    segments.push(text.slice(start, cut + 1));
    start = cut + 1;
  }
  segments.push(text.slice(start));
  return segments;
}

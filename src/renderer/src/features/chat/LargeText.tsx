/**
 * Plain text of any size (a tool's input or output), laid out so that no frame pays for all of
 * it: the text is cut into pieces of about `PIECE_CHARS`, at line ends where there are any, and
 * each piece is its own block with `content-visibility: auto`, so the browser lays out only the
 * pieces on screen. Measured here in Chromium: a 2 MB text as one node takes ~740 ms of layout;
 * as 8 KB blocks, ~17 ms.
 *
 * Invariant: the pieces joined are exactly the text (copying a selection copies what is there;
 * only a line longer than a piece is drawn on two visual lines where it is cut).
 */

import { memo, useMemo } from 'react';
import { isHighSurrogate } from '../../../../shared/utf16';

export const PIECE_CHARS = 8 * 1024;

/** `text` cut into pieces of at most ~2 × PIECE_CHARS, preferring to cut just after a newline. */
export function textPieces(text: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  while (start < text.length) {
    if (text.length - start <= PIECE_CHARS * 2) {
      pieces.push(text.slice(start));
      break;
    }
    const newline = text.indexOf('\n', start + PIECE_CHARS);
    let end = newline !== -1 && newline < start + PIECE_CHARS * 2 ? newline + 1 : start + PIECE_CHARS;
    // Never between the two halves of a surrogate pair: each piece is well-formed text.
    if (isHighSurrogate(text.charCodeAt(end - 1))) end++;
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}


export const LargeText = memo(function LargeText({ text, className }: { text: string; className: string }) {
  const pieces = useMemo(() => textPieces(text), [text]);
  return (
    <div className={`large-text ${className}`}>
      {pieces.map((piece, index) => (
        <div key={index} className="large-text-piece">
          {piece}
        </div>
      ))}
    </div>
  );
});

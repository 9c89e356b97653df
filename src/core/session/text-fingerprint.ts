/**
 * What the reducer remembers of a streamed text block: its length and a running hash, not the
 * text itself, so a reply of any length costs constant memory in the reducer (the text lives in
 * the view, the journal, and the spill file; see text-spill.ts).
 *
 * Invariants:
 * - `extend` folds text in exactly as `matchesPrefixOf` hashes it (FNV-1a over UTF-16 code
 *   units), so a complete block whose first `length` code units are the streamed text matches.
 * - A mismatch is certain to be reported; a match can be wrong only by a 32-bit hash collision.
 */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

export class TextFingerprint {
  private hash = FNV_OFFSET;
  private chars = 0;

  get length(): number {
    return this.chars;
  }

  extend(text: string): void {
    this.hash = fold(this.hash, text, text.length);
    this.chars += text.length;
  }

  /** True when `text` starts with the text folded in so far. */
  matchesPrefixOf(text: string): boolean {
    return text.length >= this.chars && fold(FNV_OFFSET, text, this.chars) === this.hash;
  }
}

function fold(start: number, text: string, count: number): number {
  let hash = start;
  for (let i = 0; i < count; i++) hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME);
  return hash;
}

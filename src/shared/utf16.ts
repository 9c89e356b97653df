/**
 * Facts about JavaScript strings (UTF-16) that code cutting text needs: a cut must never fall
 * between the two halves of a surrogate pair, or the pieces stop being well-formed text.
 */

/** The first half of a surrogate pair: a cut just after it splits a character. */
export function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

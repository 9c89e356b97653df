/**
 * The start of a text on one line, for the summary of something folded away (a tool call's
 * input, a tool result's output).
 *
 * Invariants:
 * - Whitespace runs become one space; at most PREVIEW_CHARS characters, with `…` when cut.
 * - Reads a bounded prefix only, whatever the text's size.
 */

export const PREVIEW_CHARS = 120;

export function oneLinePreview(text: string): string {
  const flat = text.slice(0, PREVIEW_CHARS * 2).replace(/\s+/g, ' ').trim();
  return flat.length > PREVIEW_CHARS || text.length > PREVIEW_CHARS * 2 ? `${flat.slice(0, PREVIEW_CHARS)}…` : flat;
}

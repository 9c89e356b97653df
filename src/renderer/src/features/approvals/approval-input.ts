/**
 * A tool's proposed input as a person reads it: indented JSON.
 *
 * Invariant: total — whatever the agent sent (including nothing, or a bare string), the result
 * is a string to show; it is never parsed as markup.
 */

export function approvalInputText(input: unknown): string {
  if (input === undefined) return '{}';
  try {
    return JSON.stringify(input, null, 2) ?? String(input);
  } catch {
    return String(input);
  }
}

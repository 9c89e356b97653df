/**
 * Recovers the end of a turn from a `result` line too long to parse.
 *
 * The CLI repeats the whole answer in its `result` line, so a very long answer can pass the
 * framer's line cap. The line is kept (spilled, journaled) and reported, but if the turn were left
 * open it would never end. Its head and tail are kept by the framer: the type and the flags that
 * decide the turn's outcome sit there in either key order the CLI uses (before the text in
 * 2.1.331, after `"type":"result"` at the start in 2.1.197).
 *
 * Invariant: only a line that names itself a result and says whether it is an error is turned
 * into one; anything less returns null and the turn stays as it was.
 */

import type { ResultLine } from '../../shared/agent-messages';

export function resultFromOversize(head: Buffer, tail: Buffer): ResultLine | null {
  const text = `${head.toString('utf8')}\n${tail.toString('utf8')}`;
  if (!/"type":"result"/.test(text)) return null;
  const isError = /"is_error":(true|false)/.exec(text)?.[1];
  if (isError === undefined) return null;
  const result: ResultLine = { type: 'result', subtype: /"subtype":"([a-z_]+)"/.exec(text)?.[1] ?? 'success', is_error: isError === 'true' };
  const terminalReason = /"terminal_reason":"([a-z_]+)"/.exec(text)?.[1];
  if (terminalReason !== undefined) result.terminal_reason = terminalReason;
  const numTurns = /"num_turns":(\d+)/.exec(text)?.[1];
  if (numTurns !== undefined) result.num_turns = Number(numTurns);
  const durationMs = /"duration_ms":(\d+)/.exec(text)?.[1];
  if (durationMs !== undefined) result.duration_ms = Number(durationMs);
  const cost = /"total_cost_usd":([0-9.eE+-]+)/.exec(text)?.[1];
  if (cost !== undefined && Number.isFinite(Number(cost))) result.total_cost_usd = Number(cost);
  return result;
}

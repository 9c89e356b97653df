/**
 * Routes a command that arrived from a view (IPC or WebSocket) to the core, after validation:
 * the one dispatcher both transports use, driven by the command table (shared/commands.ts).
 *
 * Invariants:
 * - Unknown channels and invalid payloads are refused with `invalid-request` before any handler
 *   runs; the renderer cannot reach anything the table does not name.
 * - Every failure becomes a `{code, message}` pair a view can show; nothing else leaks.
 */

import { SluiceError } from '../shared/agent-error';
import { COMMANDS, isChannel, parsePayload } from '../shared/commands';
import type { SluiceApi } from '../shared/protocol';

export type DispatchResult = { ok: true; result: unknown } | { ok: false; error: { code: string; message: string } };

export async function dispatchCommand(api: SluiceApi, channel: unknown, payload: unknown): Promise<DispatchResult> {
  if (!isChannel(channel)) return refused(`Unknown command: ${String(channel)}`);
  const checked = parsePayload(channel, payload);
  if (!checked.ok) return refused(checked.message);
  const handler = api[COMMANDS[channel].method] as (request: unknown) => Promise<unknown>;
  try {
    return { ok: true, result: await handler.call(api, checked.payload) };
  } catch (error) {
    if (error instanceof SluiceError) return { ok: false, error: { code: error.code, message: error.message } };
    return { ok: false, error: { code: 'internal', message: (error as Error).message } };
  }
}

function refused(message: string): DispatchResult {
  return { ok: false, error: { code: 'invalid-request', message } };
}

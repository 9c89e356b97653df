/**
 * Routes a command that arrived from a view (IPC or WebSocket) to the core, after validation.
 *
 * Invariants:
 * - Unknown channels and invalid payloads are refused with `invalid-request` before any handler
 *   runs; the renderer cannot reach anything the contract does not name.
 * - Every failure becomes a `{code, message}` pair a view can show; nothing else leaks.
 */

import { SluiceError } from '../../shared/agent-error';
import { isChannel, parsePayload } from '../../shared/command-schemas';
import type { ApprovalAnswer, Channel, SessionSettings, SettingsChange, SluiceApi } from '../../shared/protocol';

export type DispatchResult = { ok: true; result: unknown } | { ok: false; error: { code: string; message: string } };

export async function dispatchCommand(api: SluiceApi, channel: unknown, payload: unknown): Promise<DispatchResult> {
  if (!isChannel(channel)) return refused(`Unknown command: ${String(channel)}`);
  const checked = parsePayload(channel, payload);
  if (!checked.ok) return refused(checked.message);
  try {
    return { ok: true, result: await run(api, channel, checked.payload) };
  } catch (error) {
    if (error instanceof SluiceError) return { ok: false, error: { code: error.code, message: error.message } };
    return { ok: false, error: { code: 'internal', message: (error as Error).message } };
  }
}

function run(api: SluiceApi, channel: Channel, payload: unknown): Promise<unknown> {
  switch (channel) {
    case 'app:hello':
      return api.hello();
    case 'session:send':
      return api.send(payload as { text: string });
    case 'session:interrupt':
      return api.interrupt();
    case 'session:continue':
      return api.continueTurn(payload as { turnId: string });
    case 'session:retry':
      return api.retryTurn(payload as { turnId: string });
    case 'session:approve':
      return api.approve(payload as ApprovalAnswer);
    case 'sessions:list':
      return api.listSessions();
    case 'sessions:open':
      return api.openSession(payload as { id: string });
    case 'sessions:new':
      return api.newSession(payload as SessionSettings);
    case 'session:settings':
      return api.changeSettings(payload as SettingsChange);
    case 'app:pick-folder':
      return api.pickFolder();
    case 'stream:credit':
      return api.credit(payload as { channel: number; batch: number });
  }
}

function refused(message: string): DispatchResult {
  return { ok: false, error: { code: 'invalid-request', message } };
}

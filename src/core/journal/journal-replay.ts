/**
 * Rebuilds a session from its journal, the source of truth: after Sluice crashed or was killed,
 * the conversation, including a partial answer, comes back exactly as far as it was journaled.
 *
 * Invariants:
 * - Records are replayed in file order through the same parser and reducer as the live
 *   pipeline (`in` user lines open turns, `out` lines are parsed and folded, `event` exits end
 *   an open turn), so a restored view shows what the live view showed.
 * - A torn last line (the write a kill interrupted) is detected, reported and ignored; any other
 *   unreadable record is counted, never fatal.
 * - A turn still open at the end of the journal (the app died mid-turn) is closed `failed` with
 *   `agent-crashed`, so it offers Continue and Retry.
 * - Time is the journal's: messages keep the time their line was recorded.
 * - Settings are the last ones recorded (a `spawn`'s `settings`, or a `settings` event for a
 *   live change). A journal from before settings existed gives the working directory its agent
 *   was spawned in (`spawn.cwd`). A recorded value that would not pass today's checks (a model
 *   of unsafe characters, an unknown mode, a relative path) is left out, never passed on.
 */

import { readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { agentError } from '../../shared/agent-error';
import { isObject, isAgentMessage } from '../../shared/agent-messages';
import { MAX_MODEL_CHARS, MODEL_PATTERN, PERMISSION_MODES, type PermissionMode, type SessionSettings } from '../../shared/protocol';
import { applyPatches, emptySessionView, type AgentInfo, type SessionPatch, type SessionView, type StreamCounters } from '../../shared/session-view';
import { LineProblem, parseLine } from '../stream/line-parser';
import { ConversationReducer } from '../session/reducer';
import type { AgentExitStatus } from '../agent/agent-process';
import { exitError } from '../session/agent-exit';

export interface ReplayedSession {
  view: SessionView;
  /** Turns opened so far (the next turn is numbered after them). */
  turns: number;
  /** Journal lines that could not be read; the last one torn by a kill is counted here too. */
  unreadableRecords: number;
  tornTail: boolean;
  /** The settings the session last ran with (or was set to), as far as the journal says. */
  settings: SessionSettings;
}

interface JournalRecord {
  dir?: unknown;
  raw?: unknown;
  rawBase64?: unknown;
  event?: unknown;
  t?: unknown;
  agent?: unknown;
  code?: unknown;
  signal?: unknown;
  spawnError?: unknown;
  cwd?: unknown;
  settings?: unknown;
}

export function replayJournal(path: string, sessionId: string): ReplayedSession {
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  // A complete journal ends with a newline; anything after the last one is a torn write.
  const tornTail = lines[lines.length - 1] !== '';
  lines.pop();

  let now = 0;
  const reducer = new ConversationReducer(() => now);
  const patches: SessionPatch[] = [];
  let agent: AgentInfo = { kind: 'custom', label: 'Agent', commandLine: '' };
  let turns = 0;
  let unreadableRecords = tornTail ? 1 : 0;
  /** Sluice was stopping the agent itself (a `close` record): its exit is not a crash. */
  let closing = false;
  const counters = { lines: 0, messages: 0, bytes: 0, parseErrors: 0 };
  let settings: SessionSettings = {};

  for (const line of lines) {
    let record: JournalRecord;
    try {
      record = JSON.parse(line) as JournalRecord;
    } catch {
      unreadableRecords++;
      continue;
    }
    if (typeof record.t === 'number') now = record.t;
    if (record.dir === 'in' && typeof record.raw === 'string') turns = replayInput(record.raw, turns, now, reducer, patches);
    else if (record.dir === 'out') replayOutput(record, reducer, patches, counters);
    else if (record.dir === 'event' && record.event === 'spawn') {
      if (isObject(record.agent)) agent = record.agent as unknown as AgentInfo;
      settings = recordedSettings(isObject(record.settings) ? record.settings : { cwd: record.cwd });
      closing = false;
    } else if (record.dir === 'event' && record.event === 'settings' && isObject(record.settings)) {
      settings = recordedSettings(record.settings);
    } else if (record.dir === 'event' && record.event === 'close') closing = true;
    else if (record.dir === 'event' && record.event === 'exit' && reducer.currentTurnId !== null) {
      const status: AgentExitStatus = { code: typeof record.code === 'number' ? record.code : null, signal: typeof record.signal === 'string' ? (record.signal as NodeJS.Signals) : null };
      if (typeof record.spawnError === 'string') status.spawnError = record.spawnError;
      // The stderr tail is not journaled: the restored error has the live one's code and message.
      const error = exitError(status, '', true, closing);
      if (error) reducer.failTurn(error, patches);
    }
  }
  if (reducer.currentTurnId !== null) {
    reducer.failTurn(agentError('agent-crashed', 'Sluice stopped during this turn; what was received before is kept.'), patches);
  }
  patches.push({ op: 'counters', counters });
  const view = applyPatches(emptySessionView(sessionId, agent, path), patches);
  return { view: { ...view, agentState: 'exited', settings }, turns, unreadableRecords, tornTail, settings };
}

function recordedSettings(recorded: Record<string, unknown>): SessionSettings {
  const settings: SessionSettings = {};
  const { cwd, model, permissionMode } = recorded;
  if (typeof cwd === 'string' && isAbsolute(cwd)) settings.cwd = cwd;
  if (typeof model === 'string' && model.length <= MAX_MODEL_CHARS && MODEL_PATTERN.test(model)) settings.model = model;
  if (typeof permissionMode === 'string' && (PERMISSION_MODES as readonly string[]).includes(permissionMode)) settings.permissionMode = permissionMode as PermissionMode;
  return settings;
}

/** A user line Sluice wrote opens a turn, exactly as `Session.send` did; control lines do not. */
function replayInput(raw: string, turns: number, now: number, reducer: ConversationReducer, out: SessionPatch[]): number {
  const parsed = parseLine(raw);
  if (parsed === null || parsed instanceof LineProblem || parsed.type !== 'user' || !isObject(parsed.message)) return turns;
  const content = parsed.message.content;
  if (typeof content !== 'string') return turns;
  const turnId = `turn-${turns + 1}`;
  reducer.beginTurn(turnId);
  out.push(
    { op: 'turn-start', turn: { id: turnId, status: 'streaming', startedAt: now } },
    { op: 'user-message', message: { role: 'user', id: `${turnId}:user`, turnId, text: content, at: now } },
  );
  return turns + 1;
}

function replayOutput(record: JournalRecord, reducer: ConversationReducer, out: SessionPatch[], counters: StreamCounters): void {
  counters.lines++;
  if (typeof record.raw !== 'string' && typeof record.rawBase64 !== 'string') {
    counters.parseErrors++; // An oversize line, kept in its spill file.
    return;
  }
  const bytes = typeof record.raw === 'string' ? Buffer.from(record.raw, 'utf8') : Buffer.from(record.rawBase64 as string, 'base64');
  counters.bytes += bytes.length + 1;
  const parsed = parseLine(bytes.toString('utf8'));
  if (parsed instanceof LineProblem || typeof record.rawBase64 === 'string') counters.parseErrors++;
  if (parsed !== null && !(parsed instanceof LineProblem) && isAgentMessage(parsed)) {
    counters.messages++;
    reducer.apply(parsed, out);
  }
}

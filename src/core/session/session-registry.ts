/**
 * Every session the person has: the live ones (each with its own agent process) and the past
 * ones whose journals are on disk, one of them active, that is, shown in the views.
 *
 * Invariants:
 * - Commands from a view go to the active session; switching never stops the others: a session
 *   keeps streaming into its journal while another is shown.
 * - A past session is rebuilt from its journal only when opened (journal-replay.ts) and then
 *   lives on like any other (its next prompt starts its agent).
 * - Each view is bound to the active session: on a switch it gets the new session's snapshot,
 *   then its patches; a `sessions` event tells it the list changed.
 * - Only ids of journals in the sessions folder can be opened (no paths from a view).
 * - A new session runs with the settings it was created with, checked first (session-settings.ts:
 *   nothing starts when they are refused); a restored one with the settings its journal recorded,
 *   so claude resumes in the working directory it ran in.
 */

import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SluiceError, agentError } from '../../shared/agent-error';
import { SESSION_ID_PATTERN, type SessionSettings, type SessionSummary, type SubscribeOptions, type ViewEvent } from '../../shared/protocol';
import type { AgentLaunch } from '../agent/agent-launch';
import type { Clock } from '../clock';
import { newSessionId, sessionsDir } from '../journal/data-dir';
import { journalUnwritable } from '../journal/journal';
import { replayJournal } from '../journal/journal-replay';
import { Session } from './session';
import { SPILL_SUFFIX } from './text-spill';
import { resolveSessionSettings, type ResolvedSessionSettings } from './session-settings';

/** How many past sessions the list offers (newest first). */
export const LISTED_SESSIONS = 50;
/** How much of a journal is read to find its title (its first prompt). */
const TITLE_SCAN_BYTES = 64 * 1024;
const TITLE_CHARS = 80;


interface BoundView {
  listener: (event: ViewEvent) => void;
  options: SubscribeOptions | undefined;
  unsubscribe: () => void;
}

export interface RegistryOptions {
  dataDir: string;
  launch: AgentLaunch;
  clock: Clock;
}

export class SessionRegistry {
  private readonly live = new Map<string, Session>();
  private readonly views = new Set<BoundView>();
  private activeSession: Session;
  private readonly folder: string;

  constructor(private readonly options: RegistryOptions) {
    this.folder = sessionsDir(options.dataDir);
    try {
      mkdirSync(this.folder, { recursive: true });
    } catch (error) {
      throw journalUnwritable(this.folder, error);
    }
    removeStaleSpills(this.folder);
    this.activeSession = this.startSession({ cwd: options.launch.cwd });
  }

  get active(): Session {
    return this.activeSession;
  }

  /** A new live session with its own agent, made active; refused settings start nothing. */
  create(settings: SessionSettings = {}): Session {
    const resolved = resolveSessionSettings(settings, { defaultCwd: this.options.launch.cwd, agentKind: this.options.launch.info.kind });
    this.activate(this.startSession(resolved));
    return this.activeSession;
  }

  /** Shows a session: a live one, or a past one rebuilt from its journal. */
  open(id: string): Session {
    const session = this.live.get(id) ?? this.restore(id);
    this.activate(session);
    return session;
  }

  /** Live sessions and past journals, newest first. */
  list(): SessionSummary[] {
    const summaries = new Map<string, SessionSummary>();
    for (const session of this.live.values()) summaries.set(session.id, this.summaryOf(session));
    const journals = readdirSync(this.folder)
      .filter((name) => name.endsWith('.ndjson'))
      .map((name) => name.slice(0, -'.ndjson'.length))
      .filter((id) => SESSION_ID_PATTERN.test(id) && !summaries.has(id))
      .sort()
      .reverse()
      .slice(0, LISTED_SESSIONS);
    for (const id of journals) summaries.set(id, { id, title: journalTitle(join(this.folder, `${id}.ndjson`)), live: false, streaming: false, active: false });
    return [...summaries.values()].sort((a, b) => (a.id < b.id ? 1 : -1));
  }

  /** Binds a view to whichever session is active, now and after every switch. */
  subscribe(listener: (event: ViewEvent) => void, options?: SubscribeOptions): () => void {
    const view: BoundView = { listener, options, unsubscribe: () => undefined };
    view.unsubscribe = this.activeSession.subscribe(listener, options);
    this.views.add(view);
    return () => {
      view.unsubscribe();
      this.views.delete(view);
    };
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.live.values()].map((session) => session.close()));
  }

  private startSession(settings: ResolvedSessionSettings): Session {
    const id = newSessionId(new Date(this.options.clock.now()), randomUUID());
    const session = new Session({ id, launch: this.options.launch, journalPath: join(this.folder, `${id}.ndjson`), clock: this.options.clock, settings });
    this.live.set(id, session);
    return session;
  }

  private restore(id: string): Session {
    const journalPath = join(this.folder, `${id}.ndjson`);
    if (!SESSION_ID_PATTERN.test(id) || !existsSync(journalPath)) {
      throw new SluiceError(agentError('invalid-request', `There is no session ${id} to open.`));
    }
    const restored = replayJournal(journalPath, id);
    const settings: ResolvedSessionSettings = { cwd: this.options.launch.cwd, ...restored.settings };
    const session = new Session({ id, launch: this.options.launch, journalPath, clock: this.options.clock, restored, settings });
    this.live.set(id, session);
    return session;
  }

  private activate(session: Session): void {
    if (session === this.activeSession) return;
    this.activeSession = session;
    const sessions = this.list();
    for (const view of this.views) {
      view.unsubscribe();
      view.unsubscribe = session.subscribe(view.listener, view.options);
      view.listener({ kind: 'sessions', sessions, activeId: session.id });
    }
  }

  private summaryOf(session: Session): SessionSummary {
    const { firstPrompt, lastTurn } = session.overview;
    return {
      id: session.id,
      title: firstPrompt !== undefined ? titleFrom(firstPrompt) : 'New session',
      live: true,
      streaming: lastTurn?.status === 'streaming',
      active: session === this.activeSession,
      lastStatus: lastTurn?.status,
    };
  }
}

function titleFrom(prompt: string): string {
  const firstLine = prompt.split('\n').find((line) => line.trim() !== '' && !line.startsWith('/sim ')) ?? prompt;
  const text = firstLine.trim();
  return text.length > TITLE_CHARS ? `${text.slice(0, TITLE_CHARS)}…` : text;
}

/** The first prompt of a journal, read from its beginning only. */
function journalTitle(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(TITLE_SCAN_BYTES);
    const read = readSync(fd, buffer, 0, TITLE_SCAN_BYTES, 0);
    for (const line of buffer.subarray(0, read).toString('utf8').split('\n')) {
      if (!line.startsWith('{"dir":"in"')) continue;
      try {
        const record = JSON.parse(line) as { raw: string };
        const input = JSON.parse(record.raw) as { type?: string; message?: { content?: unknown } };
        if (input.type === 'user' && typeof input.message?.content === 'string') return titleFrom(input.message.content);
      } catch {
        // A torn or odd first record: keep looking.
      }
    }
    return 'Untitled session';
  } finally {
    closeSync(fd);
  }
}

/**
 * Spill files are caches of journaled text (text-spill.ts); one a crash left behind is removed.
 * A live session elsewhere keeps reading its own through the open descriptor (POSIX), and
 * Windows refuses to delete an open one, so this never takes text from a running session.
 */
function removeStaleSpills(folder: string): void {
  for (const name of readdirSync(folder)) {
    if (!name.endsWith(SPILL_SUFFIX)) continue;
    try {
      rmSync(join(folder, name), { force: true });
    } catch {
      // In use (Windows): it goes at a later start.
    }
  }
}

// @vitest-environment jsdom
import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { applyPatches, type ApprovalRequest, type SessionPatch, type SessionView } from '../../../../shared/session-view';
import type { ConnectionState } from '../../api';
import { App } from '../../App';
import { createAppStore } from '../../store/app-store';
import { fakeFrameScheduler } from '../../store/fake-frame-scheduler';
import { fakeStoreApi, simSession, snapshot, turnPatches } from '../../store/session-fixtures';
import { StoreProvider } from '../../store/store-context';
import { ChatView } from '../chat/ChatView';

// jsdom (markdown is sanitized against a DOM) has no matchMedia, which uPlot reads as it loads.
vi.hoisted(() => {
  window.matchMedia ??= () => ({ matches: false, addEventListener() {}, removeEventListener() {} }) as unknown as MediaQueryList;
});

interface RenderOptions {
  connection?: ConnectionState;
  sending?: boolean;
}

function render(session: SessionView, node: ReactNode, options: RenderOptions = {}): string {
  const scheduler = fakeFrameScheduler();
  const store = createAppStore({ api: fakeStoreApi(), scheduler, readHeap: () => null });
  store.getState().setConnection(options.connection ?? 'open');
  store.getState().receive(snapshot(session));
  scheduler.runFrame();
  if (options.sending === true) store.setState({ sending: true });
  // Server rendering reads zustand's initial state (hydration); point it at the current state.
  const current = { ...store, getInitialState: () => store.getState() };
  return renderToStaticMarkup(<StoreProvider store={current}>{node}</StoreProvider>);
}

/** A turn whose answer stopped: the prompt, one assistant message with `text`, then the end. */
function stoppedTurn(turnId: string, status: 'interrupted' | 'failed', text = 'partial answer', intent?: { kind: 'continue' | 'retry'; of: string }): SessionPatch[] {
  const messageId = `msg-${turnId}`;
  return [
    { op: 'turn-start', turn: { id: turnId, status: 'streaming', startedAt: 1_000 } },
    { op: 'user-message', message: { role: 'user', id: `${turnId}:user`, turnId, text: 'Tell me everything', at: 1_000, ...(intent ? { intent } : {}) } },
    { op: 'assistant-start', message: { role: 'assistant', id: messageId, turnId, blocks: [], status: 'streaming', at: 1_001 } },
    { op: 'block-start', messageId, index: 0, block: { kind: 'text', text, done: false } },
    { op: 'assistant-end', messageId, status: status },
    { op: 'turn-end', turnId, status, endedAt: 4_250 },
  ];
}

function session(...turns: SessionPatch[][]): SessionView {
  return applyPatches(simSession({ agentState: 'ready' }), turns.flat());
}

const ARTICLE = /<article[^>]*aria-label="Assistant message"/g;

function count(html: string, pattern: RegExp): number {
  return (html.match(pattern) ?? []).length;
}

describe('Continue and Retry', () => {
  it('appear once, under the last assistant message of an interrupted last turn', () => {
    const html = render(session(turnPatches('turn-1', 'hi', ['hello']), stoppedTurn('turn-2', 'interrupted')), <ChatView />);
    expect(count(html, />Continue<\/button>/g)).toBe(1);
    expect(count(html, />Retry<\/button>/g)).toBe(1);
    // After the last assistant article, not before it.
    const lastArticle = [...html.matchAll(ARTICLE)].at(-1)?.index ?? -1;
    expect(html.indexOf('>Continue</button>')).toBeGreaterThan(lastArticle);
    expect(html).toMatch(/<div class="recovery-actions" role="group" aria-label="This answer was interrupted">/);
  });

  it('appear after a failed turn too', () => {
    const html = render(session(stoppedTurn('turn-1', 'failed')), <ChatView />);
    expect(html).toContain('aria-label="This answer failed"');
    expect(count(html, />Retry<\/button>/g)).toBe(1);
  });

  it('do not appear for a completed turn, nor for an interrupted turn a later turn followed', () => {
    expect(render(session(turnPatches('turn-1', 'hi', ['hello'])), <ChatView />)).not.toContain('recovery-actions');
    const html = render(session(stoppedTurn('turn-1', 'interrupted'), turnPatches('turn-2', 'next', ['ok'])), <ChatView />);
    expect(html).toContain('>Interrupted</span>');
    expect(html).not.toContain('recovery-actions');
  });

  it('do not appear while a turn streams', () => {
    const streaming = session(stoppedTurn('turn-1', 'interrupted'), [
      { op: 'turn-start', turn: { id: 'turn-2', status: 'streaming', startedAt: 5_000 } },
      { op: 'user-message', message: { role: 'user', id: 'turn-2:user', turnId: 'turn-2', text: 'more', at: 5_000 } },
    ]);
    expect(render(streaming, <ChatView />)).not.toContain('recovery-actions');
  });

  it('are disabled while a turn cannot start (sending, or disconnected)', () => {
    const stopped = session(stoppedTurn('turn-1', 'interrupted'));
    expect(render(stopped, <ChatView />)).not.toMatch(/disabled=""[^>]*>.*Continue/);
    expect(render(stopped, <ChatView />, { sending: true })).toMatch(/<button type="button" class="recovery-button recovery-continue" disabled=""/);
    expect(render(stopped, <ChatView />, { connection: 'closed' })).toMatch(/class="recovery-button recovery-retry" disabled=""/);
  });

  it('sit beside a badge row that says what arrived and for how long', () => {
    const html = render(session(stoppedTurn('turn-1', 'interrupted', 'x'.repeat(1_234))), <ChatView />);
    expect(html).toContain('1,234 characters · 1 block · 3.2 s');
  });
});

describe('a continued answer', () => {
  const continued = session(
    stoppedTurn('turn-1', 'interrupted'),
    turnPatches('turn-2', 'Your previous answer was interrupted. Continue it…', ['…and the rest']).map((patch): SessionPatch =>
      patch.op === 'user-message' ? { ...patch, message: { ...patch.message, intent: { kind: 'continue', of: 'turn-1' } } } : patch,
    ),
  );

  it('shows a "Continued" divider instead of Sluice’s request, with the reason as its tooltip', () => {
    const html = render(continued, <ChatView />);
    expect(html).toMatch(/<div class="continue-divider" role="separator" aria-label="Continued" title="Sluice asked the agent to continue/);
    expect(html).not.toContain('Your previous answer was interrupted');
    expect(count(html, /aria-label="Your message"/g)).toBe(1);
  });

  it('draws the continuation joined to the partial answer, which no longer offers recovery', () => {
    const html = render(continued, <ChatView />);
    expect(count(html, /class="message message-assistant is-continuation"/g)).toBe(1);
    expect(html.indexOf('is-continuation')).toBeGreaterThan(html.indexOf('partial answer'));
    expect(html).not.toContain('recovery-actions');
  });

  it('shows a retried prompt as the person’s bubble with a Retry tag', () => {
    const retried = session(stoppedTurn('turn-1', 'failed'), stoppedTurn('turn-2', 'failed', 'again', { kind: 'retry', of: 'turn-1' }));
    const html = render(retried, <ChatView />);
    expect(count(html, /aria-label="Your message"/g)).toBe(2);
    expect(count(html, /<span class="retry-tag"[^>]*>Retry<\/span>/g)).toBe(1);
    // Only the last (retry) turn offers recovery.
    expect(count(html, />Continue<\/button>/g)).toBe(1);
    expect(html.indexOf('>Continue</button>')).toBeGreaterThan(html.indexOf('again'));
  });
});

describe('turn summary', () => {
  it('closes the last assistant message of a completed turn with duration, tokens and cost', () => {
    const patchesWithSummary = turnPatches('turn-1', 'hi', ['hello']).map((patch): SessionPatch =>
      patch.op === 'turn-end' ? { ...patch, endedAt: 3_201, summary: { durationMs: 3_200, inputTokens: 1_234, outputTokens: 56, costUsd: 0.0023 } } : patch,
    );
    const html = render(session(patchesWithSummary), <ChatView />);
    expect(html).toMatch(/<p class="turn-summary"[^>]*>3\.2 s · 1,234 in \/ 56 out tokens · \$0\.0023<\/p>/);
  });

  it('is not shown for an interrupted turn (its badge row tells instead)', () => {
    expect(render(session(stoppedTurn('turn-1', 'interrupted')), <ChatView />)).not.toContain('turn-summary');
  });
});

describe('turn notices', () => {
  function streamingSession(overrides: Partial<SessionView>): SessionView {
    const open = session([
      { op: 'turn-start', turn: { id: 'turn-1', status: 'streaming', startedAt: Date.now() - 60_000 } },
      { op: 'user-message', message: { role: 'user', id: 'turn-1:user', turnId: 'turn-1', text: 'go', at: 0 } },
    ]);
    return { ...open, ...overrides };
  }

  it('says how long the agent has been silent, with its own Interrupt', () => {
    const html = render(streamingSession({ stalledSince: Date.now() - 12_400 }), <App />);
    expect(html).toMatch(/role="status"><svg[^]*?<span class="turn-notice-message">No output from the agent for 12 s<\/span>/);
    expect(html).toContain('aria-label="Interrupt stalled turn"');
    expect(html).toContain('aria-label="Interrupt"');
  });

  it('counts a stall from the turn’s start when the agent’s last output is older', () => {
    const html = render(streamingSession({ stalledSince: 0 }), <App />);
    expect(html).toMatch(/No output from the agent for 6\d s/);
  });

  it('shows no stall while an approval waits for the person, nor once the turn ended', () => {
    const approval: ApprovalRequest = { requestId: 'req-1', toolName: 'Bash', input: {}, at: 0 };
    expect(render(streamingSession({ stalledSince: Date.now() - 50_000, approvals: [approval] }), <App />)).not.toContain('No output from the agent');
    const ended = { ...session(stoppedTurn('turn-1', 'interrupted')), stalledSince: Date.now() - 50_000 };
    expect(render(ended, <App />)).not.toContain('No output from the agent');
  });

  it('says the model API failed and when the next retry comes', () => {
    const html = render(streamingSession({ apiRetry: { attempt: 2, maxRetries: 10, delayMs: 1_100, error: '529' } }), <App />);
    expect(html).toMatch(/role="status">.*The model API failed \(529\) — retry 2 of 10 in 1\.1 s/);
  });

  it('shows each waiting approval as a card: tool, description, indented input, Allow and Deny', () => {
    const approvals: ApprovalRequest[] = [
      { requestId: 'req-1', toolName: 'Bash', description: 'Run a shell command', input: { command: 'rm -rf <build>' }, at: 0 },
      { requestId: 'req-2', toolName: 'Write', input: { path: 'a.txt' }, at: 0 },
    ];
    const html = render(streamingSession({ approvals }), <App />);
    expect(count(html, /<section class="approval-card" role="dialog" aria-modal="false" aria-label="Approval needed"/g)).toBe(2);
    expect(html).toContain('<span class="approval-tool">Bash</span>');
    expect(html).toMatch(/<p class="approval-description" id="[^"]+">Run a shell command<\/p>/);
    expect(html).toContain('{\n  &quot;command&quot;: &quot;rm -rf &lt;build&gt;&quot;\n}');
    expect(count(html, />Allow<\/button>/g)).toBe(2);
    expect(count(html, />Deny<\/button>/g)).toBe(2);
    expect(html).not.toContain('Deny with message');
  });
});

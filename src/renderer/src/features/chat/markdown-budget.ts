/**
 * Rationing markdown work so a burst of text cannot freeze the window.
 *
 * A finished segment (text-segments.ts) is rendered to HTML once. In a normal reply one segment
 * finishes now and then, and renders at once. Under a firehose, dozens finish in one frame and
 * most scroll out of sight before anyone reads them: rendering them all in that frame would be
 * one long task. So:
 *
 * Invariants:
 * - `renderNow` renders while the markdown work done in the current window of
 *   `BUDGET_WINDOW_MS` stays under `BUDGET_MS`; past that it returns null, and the caller shows
 *   the segment as plain text (the same characters, unstyled) and asks `renderLater`.
 * - `renderLater` renders in idle time, oldest first, as many as fit in the idle period (at
 *   least one per callback, so a page that is never idle still progresses on the timeout), and
 *   hands each HTML to its callback. A cancelled request is skipped.
 * - The clock and the idle scheduler are injectable, so the policy is tested without a browser.
 */

import { renderMarkdown } from './markdown';

export const BUDGET_MS = 6;
export const BUDGET_WINDOW_MS = 16;
/** The longest a deferred segment waits when the page is never idle. */
export const IDLE_TIMEOUT_MS = 500;

export interface IdleScheduler {
  now(): number;
  /** Runs `work` when idle (or after `timeoutMs`), with the time left in that idle period. */
  requestIdle(work: (timeRemaining: () => number) => void, timeoutMs: number): void;
}

interface Deferred {
  source: string;
  deliver: (html: string) => void;
  cancelled: boolean;
}

export class MarkdownBudget {
  private windowStart = Number.NEGATIVE_INFINITY;
  private spent = 0;
  private readonly queue: Deferred[] = [];
  private idleRequested = false;

  constructor(
    private readonly scheduler: IdleScheduler = browserIdleScheduler(),
    private readonly render: (source: string) => string = renderMarkdown,
  ) {}

  /** The HTML now, or null when this window's budget is spent. */
  renderNow(source: string): string | null {
    const start = this.scheduler.now();
    if (start - this.windowStart >= BUDGET_WINDOW_MS) {
      this.windowStart = start;
      this.spent = 0;
    }
    if (this.spent >= BUDGET_MS) return null;
    const html = this.render(source);
    this.spent += this.scheduler.now() - start;
    return html;
  }

  /** Renders `source` in idle time and calls `deliver` with the HTML; returns a cancel function. */
  renderLater(source: string, deliver: (html: string) => void): () => void {
    const request: Deferred = { source, deliver, cancelled: false };
    this.queue.push(request);
    this.requestIdle();
    return () => {
      request.cancelled = true;
    };
  }

  private requestIdle(): void {
    if (this.idleRequested) return;
    this.idleRequested = true;
    this.scheduler.requestIdle((timeRemaining) => {
      this.idleRequested = false;
      let first = true;
      while (this.queue.length > 0 && (first || timeRemaining() > BUDGET_MS)) {
        const request = this.queue.shift()!;
        if (request.cancelled) continue;
        request.deliver(this.render(request.source));
        first = false;
      }
      if (this.queue.length > 0) this.requestIdle();
    }, IDLE_TIMEOUT_MS);
  }
}

function browserIdleScheduler(): IdleScheduler {
  return {
    now: () => performance.now(),
    requestIdle(work, timeoutMs) {
      if (typeof globalThis.requestIdleCallback === 'function') {
        globalThis.requestIdleCallback((deadline) => work(() => deadline.timeRemaining()), { timeout: timeoutMs });
      } else {
        globalThis.setTimeout(() => work(() => 0), 0);
      }
    },
  };
}

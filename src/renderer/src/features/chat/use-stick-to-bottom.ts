/**
 * Keeps a scrolling transcript pinned to its newest line while content streams in, until the
 * person scrolls up to read; then it leaves the scroll position alone and reports `stuck:
 * false` so the view can offer a way back.
 *
 * Invariants:
 * - "Stuck" is decided only from scroll positions the person can see (within
 *   `STICK_THRESHOLD_PX` of the bottom), never from timers, so a fast stream cannot fight a
 *   person who is scrolling.
 * - Pinning happens in a layout effect, before paint: a stuck transcript never shows a frame
 *   scrolled one chunk short of the bottom. It runs when the content changes or when its
 *   measured height does (a virtualized list learns a row's real height after rendering it).
 * - The scroll element's ref belongs to the caller, so a virtualizer can read the same element.
 */

import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';

export const STICK_THRESHOLD_PX = 48;

export interface StickToBottom {
  stuck: boolean;
  onScroll(): void;
  jumpToLatest(): void;
}

export function useStickToBottom(scrollRef: RefObject<HTMLElement | null>, content: unknown, contentHeight = 0): StickToBottom {
  const stuckRef = useRef(true);
  const [stuck, setStuck] = useState(true);

  const onScroll = useCallback(() => {
    const element = scrollRef.current;
    if (element === null) return;
    const atBottom = element.scrollHeight - element.scrollTop - element.clientHeight <= STICK_THRESHOLD_PX;
    if (atBottom === stuckRef.current) return;
    stuckRef.current = atBottom;
    setStuck(atBottom);
  }, [scrollRef]);

  const jumpToLatest = useCallback(() => {
    stuckRef.current = true;
    setStuck(true);
    const element = scrollRef.current;
    // Instant, not smooth: the scroll events of an animation would read as "scrolled up".
    if (element !== null) element.scrollTop = element.scrollHeight;
  }, [scrollRef]);

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (element !== null && stuckRef.current) element.scrollTop = element.scrollHeight;
  }, [scrollRef, content, contentHeight]);

  // The viewport also changes size (window resize, the composer growing): stay pinned then too.
  useEffect(() => {
    const element = scrollRef.current;
    if (element === null || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      if (stuckRef.current) element.scrollTop = element.scrollHeight;
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [scrollRef]);

  return { stuck, onScroll, jumpToLatest };
}

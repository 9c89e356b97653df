/**
 * A live count of whole seconds since a moment, for notices that count up ("… for 47 s").
 *
 * Invariants:
 * - It re-renders once per second, on the second boundary of the count (not of the wall
 *   clock), so the number never lags its moment by up to a second; nothing ticks when `since`
 *   is null.
 * - The first render already shows the true count (a notice that appears after 45 s of silence
 *   never flashes "0 s").
 */

import { useEffect, useState } from 'react';

export function useSecondsSince(since: number | null, now: () => number = Date.now): number | null {
  const [reading, setReading] = useState(() => ({ since, now: now() }));

  useEffect(() => {
    if (since === null) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = (at: number): void => {
      const intoSecond = (((at - since) % 1000) + 1000) % 1000;
      timer = setTimeout(() => {
        const next = now();
        setReading({ since, now: next });
        schedule(next);
      }, 1000 - intoSecond + 5);
    };
    schedule(now());
    return () => clearTimeout(timer);
  }, [since, now]);

  if (since === null) return null;
  // A new moment before its first tick: the reading taken for the old one still dates "now".
  const at = Math.max(reading.now, since);
  return Math.max(0, Math.floor((at - since) / 1000));
}

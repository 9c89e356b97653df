import { describe, expect, it } from 'vitest';
import { LatencyWindow } from './latency-window';

describe('LatencyWindow', () => {
  it('gives nearest-rank p50 and p99 of the measurements in the window', () => {
    const window = new LatencyWindow(1_024, 2_000);
    let now = 10_000;
    // Latencies 1…100 ms, one per 10 ms of fake clock.
    for (let latency = 1; latency <= 100; latency++) {
      now += 10;
      window.record(now, now - latency);
    }
    expect(window.percentiles(now)).toEqual({ p50: 50, p99: 99, count: 100 });
  });

  it('forgets measurements older than the window', () => {
    const window = new LatencyWindow(1_024, 2_000);
    window.record(1_000, 1_000 - 500);
    window.record(3_500, 3_500 - 7);
    expect(window.percentiles(3_500)).toEqual({ p50: 7, p99: 7, count: 1 });
    expect(window.percentiles(6_000)).toBeNull();
  });

  it('stays bounded: a firehose of stamps keeps only the newest capacity', () => {
    const window = new LatencyWindow(64, 1_000_000);
    for (let i = 0; i < 10_000; i++) window.record(i, i - (i % 10));
    expect(window.size).toBe(64);
    expect(window.percentiles(10_000)?.count).toBe(64);
  });

  it('reads a stamp from the future as zero latency', () => {
    const window = new LatencyWindow();
    window.record(1_000, 1_005);
    expect(window.percentiles(1_000)).toMatchObject({ p50: 0, p99: 0 });
  });
});

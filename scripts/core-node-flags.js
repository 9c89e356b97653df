/**
 * V8 flags for every process that runs Sluice's core: the Electron main process and the web
 * host (both started by scripts/start.js), the `sluice` command (bin/sluice.js repeats them in
 * its first line), and the benchmarks (bench/run.ts passes them to Sluice's cases; the `bench`
 * script in package.json repeats them for the suites that run in its own process).
 *
 * The core makes many short-lived strings (a line, its text, its patch). V8 lets the young
 * generation grow to 16 MB per semi-space by default, which shows as ~30 MB of RSS that a long
 * stream never gives back; 2 MB semi-spaces keep the process flat at ~20 MB over a 200 MB stream
 * at the same throughput. With a young generation that small, scavenging it on several threads
 * costs more in hand-offs than it saves, the more so as the agent and the journal writer keep
 * the other core busy: one thread parses a stream 5–8 % faster (measured: docs/BENCHMARKS.md).
 */
export const CORE_NODE_FLAGS = ['--max-semi-space-size=2', '--no-parallel-scavenge'];

/**
 * V8 flags and environment for every process that runs Sluice's core: the Electron main process
 * and the web host (both started by scripts/start.js), the `sluice` command (bin/sluice.js
 * repeats both in its first line), and the benchmarks (bench/run.ts passes both to Sluice's
 * cases; the `bench` script in package.json repeats the flags for the suites that run in its own
 * process).
 *
 * The core makes many short-lived strings (a line, its text, its patch). V8 lets the young
 * generation grow to 16 MB per semi-space by default, which shows as ~30 MB of RSS that a long
 * stream never gives back; 2 MB semi-spaces keep the process flat at ~20 MB over a 200 MB stream
 * at the same throughput. With a young generation that small, scavenging it on several threads
 * costs more in hand-offs than it saves, the more so as the agent and the journal writer keep
 * the other core busy: one thread parses a stream 5–8 % faster (measured: docs/BENCHMARKS.md).
 */
export const CORE_NODE_FLAGS = ['--max-semi-space-size=2', '--no-parallel-scavenge'];

/**
 * glibc gives threads that allocate their own malloc arenas (up to eight per core), and memory
 * freed into one arena is not reused by another: with the journal writer thread and V8's helper
 * threads, sluice-core's RSS growth over a 200 MB stream ranged 18–30 MB from run to run; with
 * two arenas, 18–20 MB at the same speed (docs/BENCHMARKS.md). glibc reads the variable when a
 * process starts, so it goes in the environment of those processes; other C libraries ignore it.
 */
export const CORE_NODE_ENV = { MALLOC_ARENA_MAX: '2' };

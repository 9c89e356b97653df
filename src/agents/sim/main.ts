/**
 * Entry point of the simulator agent: a stand-in for `claude -p --input-format stream-json
 * --output-format stream-json --verbose --include-partial-messages` that needs no network.
 * Run: `node --import tsx src/agents/sim/main.ts [flags]` (flags: see options.ts).
 *
 * Invariants:
 * - This file only wires the process (argv, stdin lines, stdout with backpressure, the system
 *   clock, random UUIDs, signals, exit codes); the behaviour lives in SimAgent.
 * - A bad flag fails before stdin is read: stderr only, empty stdout, exit 1 (like the CLI).
 * - SIGTERM exits 143 at once with no further stdout; every other exit first hands everything
 *   already written to the OS, so a reader sees each line the agent produced.
 */

import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { systemClock } from './clock';
import { LineWriter } from './line-writer';
import { parseArgv } from './options';
import { SimAgent } from './sim-agent';

const parsed = parseArgv(process.argv.slice(2));
if (!parsed.ok) {
  process.stderr.write(`error: ${parsed.error}\n`);
  process.exit(1);
}

const writer = new LineWriter(process.stdout);
let exiting = false;

async function exitAfterFlush(code: number, stderrMessage?: string): Promise<void> {
  if (exiting) return;
  exiting = true;
  input.close();
  await writer.flush();
  if (stderrMessage) await new Promise<void>((resolve) => process.stderr.write(stderrMessage, () => resolve()));
  process.exit(code);
}

const agent = new SimAgent({
  write: (line) => writer.write(line),
  clock: systemClock,
  newUuid: () => randomUUID(),
  cwd: process.cwd(),
  launch: parsed.options,
  warn: (text) => process.stderr.write(text),
  exit: (code, stderrMessage) => void exitAfterFlush(code, stderrMessage),
});

const input = createInterface({ input: process.stdin, crlfDelay: Infinity });
input.on('line', (line) => agent.receiveLine(line));
input.on('close', () => agent.endInput());

process.on('SIGINT', () => agent.receiveSigint());
process.on('SIGTERM', () => {
  writer.discard();
  process.exit(143);
});
// The reader went away (EPIPE): nobody can see our output any more, so stop like a killed CLI.
process.stdout.on('error', () => {
  writer.discard();
  process.exit(1);
});

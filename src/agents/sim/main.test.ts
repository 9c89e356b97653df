import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../shared/agent-messages';
import { interruptRequestLine, isObject, userInputLine } from '../../shared/agent-messages';
import { INTERRUPT_TAIL, TEXT_TURN_SEQUENCE } from './reference-sequences.test-support';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The real simulator program on real pipes; stdout is framed on bytes, as a host must. */
class SimProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly rawLines: string[] = [];
  readonly closed: Promise<ExitStatus>;
  stderr = '';
  stdoutBytes = 0;
  private partial: Buffer = Buffer.alloc(0);

  constructor(flags: string[]) {
    this.child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...flags], { cwd: REPO_ROOT, stdio: 'pipe' });
    running.add(this.child);
    this.child.stdin.on('error', () => {});
    this.child.stdout.on('data', (chunk: Buffer) => {
      this.stdoutBytes += chunk.length;
      let data = Buffer.concat([this.partial, chunk]);
      let newline = data.indexOf(0x0a);
      while (newline !== -1) {
        this.rawLines.push(data.subarray(0, newline).toString('utf8'));
        data = data.subarray(newline + 1);
        newline = data.indexOf(0x0a);
      }
      this.partial = Buffer.from(data);
    });
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (text: string) => {
      this.stderr += text;
    });
    this.closed = new Promise((resolve) => this.child.on('close', (code, signal) => resolve({ code, signal })));
  }

  send(line: string): void {
    this.child.stdin.write(`${line}\n`);
  }

  lines(): JsonObject[] {
    return this.rawLines.flatMap((raw) => {
      try {
        const parsed: unknown = JSON.parse(raw);
        return isObject(parsed) ? [parsed] : [];
      } catch {
        return [];
      }
    });
  }

  async waitFor(condition: (lines: JsonObject[]) => boolean, timeoutMs = 10_000): Promise<JsonObject[]> {
    const deadline = Date.now() + timeoutMs;
    while (!condition(this.lines())) {
      if (Date.now() > deadline) throw new Error(`timed out; stdout so far:\n${this.rawLines.slice(-5).join('\n')}\nstderr: ${this.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return this.lines();
  }
}

const running = new Set<ChildProcessWithoutNullStreams>();

afterEach(() => {
  for (const child of running) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  running.clear();
});

function eventOf(line: JsonObject): JsonObject {
  return isObject(line.event) ? line.event : {};
}

function deltaOf(line: JsonObject): JsonObject {
  const delta = eventOf(line).delta;
  return isObject(delta) ? delta : {};
}

function kindOf(line: JsonObject): string {
  if (line.type === 'stream_event') return `stream_event/${String(eventOf(line).type)}`;
  if (line.type === 'system' || line.type === 'result') return `${line.type}/${String(line.subtype)}`;
  return String(line.type);
}

function collapsedKinds(lines: JsonObject[]): string[] {
  const kinds: string[] = [];
  for (const line of lines) {
    const kind = kindOf(line) === 'stream_event/content_block_delta' ? `delta/${String(deltaOf(line).type)}` : kindOf(line);
    if (kinds.at(-1) !== kind) kinds.push(kind);
  }
  return kinds;
}

function textDeltaCount(lines: JsonObject[]): number {
  return lines.filter((line) => deltaOf(line).type === 'text_delta').length;
}

function resultsOf(lines: JsonObject[]): JsonObject[] {
  return lines.filter((line) => line.type === 'result');
}

/** Drops what legitimately differs between runs: ids, clocks and durations. */
function withoutRunNoise(raw: string): string {
  return raw
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>')
    .replace(/"timestamp":"[^"]*"/g, '"timestamp":"<time>"')
    .replace(/"(duration_ms|duration_api_ms|ttft_ms|sim_ts)":\d+/g, '"$1":0');
}

describe('sim main (real process)', () => {
  it('streams a text turn in the reference order and exits 0 when stdin closes', async () => {
    const sim = new SimProcess(['--delay', '0']);
    sim.send(userInputLine('Tell me about rivers'));
    const lines = await sim.waitFor((seen) => resultsOf(seen).length === 1);
    expect(collapsedKinds(lines)).toEqual(TEXT_TURN_SEQUENCE);
    expect(lines[0]).toMatchObject({ cwd: REPO_ROOT.replace(/\/$/, ''), sluice_simulator: true });
    sim.child.stdin.end();
    expect(await sim.closed).toEqual({ code: 0, signal: null });
  });

  it('produces byte-identical content for the same prompt in two processes', async () => {
    const outputs = await Promise.all(
      [1, 2].map(async () => {
        const sim = new SimProcess(['--delay', '0', '--thinking', '--tool', '--seq', '--stamp']);
        sim.send(userInputLine('Determinism, please'));
        sim.child.stdin.end();
        await sim.closed;
        return sim.rawLines.map(withoutRunNoise);
      }),
    );
    expect(outputs[0]?.length).toBeGreaterThan(20);
    expect(outputs[1]).toEqual(outputs[0]);
  });

  it('answers an interrupt mid-stream with the abort sequence and then serves a second turn', async () => {
    const sim = new SimProcess(['--delay', '5', '--words', '2000']);
    sim.send(userInputLine('a long answer'));
    await sim.waitFor((seen) => textDeltaCount(seen) >= 3);
    sim.send(interruptRequestLine('int-1'));
    const aborted = await sim.waitFor((seen) => resultsOf(seen).length === 1);
    expect(collapsedKinds(aborted).slice(5)).toEqual(INTERRUPT_TAIL);
    expect(resultsOf(aborted)[0]).toMatchObject({ terminal_reason: 'aborted_streaming', is_error: true });

    sim.send(userInputLine('/sim words=5\nand now a short one'));
    const both = await sim.waitFor((seen) => resultsOf(seen).length === 2);
    expect(collapsedKinds(both.slice(aborted.length))).toEqual(TEXT_TURN_SEQUENCE);
    sim.child.stdin.end();
    expect((await sim.closed).code).toBe(0);
  });

  it('only answers an interrupt that arrives while idle, and stays alive', async () => {
    const sim = new SimProcess([]);
    sim.send(interruptRequestLine('idle-1'));
    await sim.waitFor((seen) => seen.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(sim.lines()).toEqual([{ type: 'control_response', response: { subtype: 'success', request_id: 'idle-1', response: { still_queued: [] } } }]);
    expect(sim.child.exitCode).toBeNull();
  });

  it('finishes the running turn when stdin closes mid-turn, then exits 0', async () => {
    const sim = new SimProcess(['--delay', '5', '--words', '40']);
    sim.send(userInputLine('finish this'));
    await sim.waitFor((seen) => textDeltaCount(seen) >= 2);
    sim.child.stdin.end();
    expect(await sim.closed).toEqual({ code: 0, signal: null });
    const lines = sim.lines();
    expect(textDeltaCount(lines)).toBe(20);
    expect(lines.at(-1)).toMatchObject({ type: 'result', subtype: 'success', is_error: false });
  });

  it('writes the abort lines on SIGINT mid-turn and exits 0 with stdin still open', async () => {
    const sim = new SimProcess(['--delay', '5', '--words', '2000']);
    sim.send(userInputLine('interrupt me by signal'));
    await sim.waitFor((seen) => textDeltaCount(seen) >= 3);
    sim.child.kill('SIGINT');
    expect(await sim.closed).toEqual({ code: 0, signal: null });
    expect(collapsedKinds(sim.lines()).slice(5)).toEqual(INTERRUPT_TAIL.slice(1));
  });

  it('exits 143 on SIGTERM mid-turn without writing a result', async () => {
    const sim = new SimProcess(['--delay', '5', '--words', '2000']);
    sim.send(userInputLine('terminate me'));
    await sim.waitFor((seen) => textDeltaCount(seen) >= 3);
    sim.child.kill('SIGTERM');
    expect(await sim.closed).toEqual({ code: 143, signal: null });
    const lines = sim.lines();
    expect(resultsOf(lines)).toEqual([]);
    expect(lines.some((line) => line.aborted === true)).toBe(false);
  });

  it('exits 1 with the CLI parse error on a non-JSON stdin line', async () => {
    const sim = new SimProcess([]);
    sim.send('this is not json');
    expect((await sim.closed).code).toBe(1);
    expect(sim.stderr).toMatch(/^Error parsing streaming input line \(type=unknown, 16 chars\): SyntaxError/);
    expect(sim.rawLines).toEqual([]);
  });

  it('fails on an unknown flag before reading stdin: stderr only, exit 1', async () => {
    const sim = new SimProcess(['--no-such-flag']);
    expect((await sim.closed).code).toBe(1);
    expect(sim.stderr).toBe("error: unknown option '--no-such-flag'\n");
    expect(sim.stdoutBytes).toBe(0);
  });

  it('crashes with exit 3 and a stderr line after N deltas with --crash-after', async () => {
    const sim = new SimProcess(['--delay', '0', '--words', '1000', '--crash-after', '7']);
    sim.send(userInputLine('crash'));
    expect((await sim.closed).code).toBe(3);
    expect(sim.stderr).toBe('sim: simulated crash\n');
    expect(textDeltaCount(sim.lines())).toBe(7);
    expect(resultsOf(sim.lines())).toEqual([]);
  });

  it('emits malformed lines that a host must skip with --malformed-every', async () => {
    const sim = new SimProcess(['--delay', '0', '--words', '20', '--malformed-every', '5']);
    sim.send(userInputLine('garbage'));
    sim.child.stdin.end();
    await sim.closed;
    const malformed = sim.rawLines.filter((line) => line === 'this is not json {');
    expect(malformed.length).toBe(Math.floor(sim.lines().length / 5));
    expect(resultsOf(sim.lines())).toHaveLength(1);
  });

  it('reads an interrupt during a delay-0 firehose', async () => {
    const sim = new SimProcess(['--delay', '0', '--words', '5000000']);
    sim.send(userInputLine('firehose'));
    await sim.waitFor((seen) => textDeltaCount(seen) >= 100);
    sim.send(interruptRequestLine('int-fire'));
    const lines = await sim.waitFor((seen) => resultsOf(seen).length === 1, 5000);
    expect(resultsOf(lines)[0]).toMatchObject({ terminal_reason: 'aborted_streaming' });
    expect(textDeltaCount(lines)).toBeLessThan(2_500_000);
  });

  it('stops generating while the reader does not read (backpressure) and still takes an interrupt', async () => {
    const sim = new SimProcess(['--delay', '0', '--words', '5000000']);
    sim.send(userInputLine('firehose into a full pipe'));
    await sim.waitFor((seen) => textDeltaCount(seen) >= 1);
    sim.child.stdout.pause();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    sim.send(interruptRequestLine('int-stalled'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    sim.child.stdout.resume();
    const lines = await sim.waitFor((seen) => resultsOf(seen).length === 1, 10_000);
    // Unthrottled, one second of firehose is tens of megabytes; stalled, only what the pipe and
    // the buffers on both ends hold was produced before the interrupt was read.
    const responseIndex = sim.rawLines.findIndex((raw) => raw.includes('"control_response"'));
    const bytesBeforeInterrupt = sim.rawLines.slice(0, responseIndex).reduce((sum, raw) => sum + Buffer.byteLength(raw) + 1, 0);
    expect(bytesBeforeInterrupt).toBeLessThan(2 * 1024 * 1024);
    expect(resultsOf(lines)[0]).toMatchObject({ terminal_reason: 'aborted_streaming' });
  });
});

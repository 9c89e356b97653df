/**
 * The end-to-end flow benchmark: agent → core → view, through the in-process transport and
 * through the web host's WebSocket.
 *
 * Two agents: the simulator (a real stream-json program, paced for the latency run) and, for
 * raw throughput, a recorded firehose replayed by `cat` — the simulator itself tops out near
 * 120k deltas/s on this class of machine, which would measure the agent, not Sluice.
 *
 * Each run checks its own result: the simulator numbers every delta (`seq`), and the view
 * counts gaps and duplicates, so "zero loss" is measured, not assumed. Latency is agent write
 * (the simulator's `sim_ts`) → view receive, on the same machine clock.
 */

import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { ViewEvent, WireEvent } from '../src/shared/protocol';
import type { AgentLaunch } from '../src/core/agent/agent-launch';
import { systemClock } from '../src/core/clock';
import { createCore } from '../src/core/core';
import { Session } from '../src/core/session/session';
import { startWebHost } from '../src/server/web-host';

const simScript = join(import.meta.dirname, '..', 'src', 'agents', 'sim', 'main.ts');

function simulator(): AgentLaunch {
  return {
    info: { kind: 'sim', label: 'Simulator', commandLine: 'sim' },
    command: process.execPath,
    args: ['--import', 'tsx', simScript],
    cwd: process.cwd(),
    env: process.env,
  };
}

function replay(file: string): AgentLaunch {
  return { info: { kind: 'custom', label: 'Replay', commandLine: `cat ${file}` }, command: 'cat', args: [file], cwd: process.cwd(), env: process.env };
}

/** One turn of `deltas` numbered text deltas, in the CLI's framing, written once to a temp file. */
function firehoseFile(deltas: number): string {
  const path = join(tmpdir(), `sluice-firehose-v1-${deltas}.jsonl`);
  if (existsSync(path)) return path;
  const session = '5c1f3e0a-7b7e-4c44-9a51-2f1b5f0e9d11';
  const fd = openSync(`${path}.partial`, 'w');
  const envelope = (n: number) => `"session_id":"${session}","parent_tool_use_id":null,"uuid":"00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}","api_message_id":"msg_fire_1"`;
  writeSync(fd, `{"type":"system","subtype":"init","cwd":"/tmp","session_id":"${session}","model":"replay","tools":[],"uuid":"u0"}\n`);
  writeSync(fd, `{"type":"stream_event","event":{"type":"message_start","message":{"id":"msg_fire_1","type":"message","role":"assistant","content":[]}},${envelope(0)}}\n`);
  writeSync(fd, `{"type":"stream_event","event":{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}},${envelope(0)}}\n`);
  let pending = '';
  for (let n = 1; n <= deltas; n++) {
    pending += `{"type":"stream_event","event":{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"⟦${n}⟧ flow "}},${envelope(n)}}\n`;
    if (pending.length > 1 << 20) {
      writeSync(fd, pending);
      pending = '';
    }
  }
  writeSync(fd, pending);
  writeSync(fd, `{"type":"stream_event","event":{"type":"content_block_stop","index":0},${envelope(0)}}\n`);
  writeSync(fd, `{"type":"stream_event","event":{"type":"message_stop"},${envelope(0)}}\n`);
  writeSync(fd, `{"duration_api_ms":1,"type":"result","subtype":"success","is_error":false,"terminal_reason":"completed","result":"","num_turns":1,"session_id":"${session}","uuid":"u1"}\n`);
  closeSync(fd);
  renameSync(`${path}.partial`, path);
  return path;
}

export interface FlowRun {
  transport: 'in-process' | 'web';
  agent: string;
  deltas: number;
  seconds: number;
  deltasPerSec: number;
  lost: number;
  duplicates: number;
  latencyP50Ms: number | null;
  latencyP99Ms: number | null;
  rssGrowthMb: number;
  /** How far RSS in the second half of the deltas peaked above its peak in the first half. */
  lateRssGrowthMb: number;
}

/** Counts seq markers (⟦n⟧) as they arrive: gaps are lost deltas, repeats are duplicates. */
class SeqChecker {
  private expected = 1;
  lost = 0;
  duplicates = 0;
  private carry = '';

  take(text: string): void {
    // A marker may be split across two appends only if the agent split it; keep a short tail.
    const joined = this.carry + text;
    const pattern = /⟦(\d+)⟧/g;
    let match: RegExpExecArray | null;
    let end = 0;
    while ((match = pattern.exec(joined)) !== null) {
      const value = Number(match[1]);
      if (value < this.expected) this.duplicates++;
      else {
        this.lost += value - this.expected;
        this.expected = value + 1;
      }
      end = pattern.lastIndex;
    }
    this.carry = joined.slice(Math.max(end, joined.length - 16));
  }

  get seen(): number {
    return this.expected - 1;
  }
}

/** A view that applies nothing but grants credit for every batch at once (a fast screen). */
function fastView(credit: (channel: number, batch: number) => void, onText: (text: string) => void, onStamps: (stamps: number[]) => void) {
  let channel = 0;
  return (event: ViewEvent): void => {
    if (event.kind === 'snapshot') {
      // A view that connects late starts from the snapshot: its text counts as received.
      channel = event.channel;
      for (const message of event.session.messages) {
        if (message.role === 'assistant') for (const block of message.blocks) if (block.kind === 'text' && block.text !== '') onText(block.text);
      }
    } else if (event.kind === 'patches') {
      for (const patch of event.patches) if (patch.op === 'block-append') onText(patch.text);
      if (event.agentStamps.length > 0) onStamps(event.agentStamps);
      credit(channel, event.batch);
    }
  };
}

function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

async function measure(transport: FlowRun['transport'], launch: AgentLaunch, prompt: string, deltas: number): Promise<FlowRun> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sluice-flow-bench-'));
  const checker = new SeqChecker();
  const latencies: number[] = [];
  const onStamps = (stamps: number[]): void => {
    const now = Date.now();
    for (const stamp of stamps) latencies.push(now - stamp);
  };
  const baseRss = process.memoryUsage.rss();
  let peakRss = baseRss;
  const halfPeaks = [baseRss, baseRss];
  const sampler = setInterval(() => {
    const rss = process.memoryUsage.rss();
    peakRss = Math.max(peakRss, rss);
    const half = checker.seen < deltas / 2 ? 0 : 1;
    halfPeaks[half] = Math.max(halfPeaks[half] as number, rss);
  }, 100);
  let started = 0;
  const onFirstText = (text: string): void => {
    if (started === 0) started = performance.now();
    checker.take(text);
  };
  try {
    if (transport === 'in-process') {
      const session = new Session({ id: 'bench', launch, journalPath: join(dataDir, 'bench.ndjson'), clock: systemClock });
      session.subscribe(fastView((channel, batch) => session.credit(channel, batch), onFirstText, onStamps), { flowControl: true });
      const { turnId } = session.send(prompt);
      await session.turnEnded(turnId);
      await session.close();
    } else {
      const core = createCore({ dataDir, launch, transport: 'web', version: 'bench' });
      const host = await startWebHost({ api: core, staticDir: dataDir });
      const socket = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, { origin: `http://127.0.0.1:${host.port}` });
      let requestId = 0;
      const credit = (channel: number, batch: number): void =>
        socket.send(JSON.stringify({ id: ++requestId, channel: 'stream:credit', payload: { channel, batch } }));
      const view = fastView(credit, onFirstText, onStamps);
      let ended: () => void = () => undefined;
      const done = new Promise<void>((resolve) => (ended = resolve));
      socket.on('message', (data) => {
        const message = JSON.parse(data.toString()) as WireEvent | { id: number };
        if (!('event' in message)) return;
        view(message.event);
        if (message.event.kind === 'patches' && message.event.patches.some((patch) => patch.op === 'turn-end')) ended();
      });
      await new Promise((resolve) => socket.once('open', resolve));
      socket.send(JSON.stringify({ id: ++requestId, channel: 'session:send', payload: { text: prompt } }));
      await done;
      socket.close();
      await host.close();
      await core.close();
    }
  } finally {
    clearInterval(sampler);
    rmSync(dataDir, { recursive: true, force: true });
  }
  // From the first delta the view saw to the turn's end: the agent's start-up is not the pipeline.
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    transport,
    agent: launch.info.label,
    deltas: checker.seen,
    seconds: Math.round(seconds * 100) / 100,
    deltasPerSec: Math.round(checker.seen / seconds),
    lost: checker.lost + Math.max(0, deltas - checker.seen),
    duplicates: checker.duplicates,
    latencyP50Ms: percentile(latencies, 50),
    latencyP99Ms: percentile(latencies, 99),
    rssGrowthMb: Math.round((Math.max(peakRss, process.memoryUsage.rss()) - baseRss) / 1e5) / 10,
    lateRssGrowthMb: Math.round(((halfPeaks[1] as number) - (halfPeaks[0] as number)) / 1e5) / 10,
  };
}

export interface FlowReport {
  throughput: FlowRun[];
  latencyAt10k: FlowRun;
  memory: FlowRun;
  /** The same in-process run over a fifth of the deltas, for comparison. */
  memoryShort: FlowRun;
  /** The same agent's stdout read and dropped by a bare pipe reader: this harness's floor. */
  rawPipeRssGrowthMb: number;
}

/** RSS growth of this process while it reads `launch`'s stdout to the end and drops it. */
async function rawPipeRssGrowth(launch: AgentLaunch): Promise<number> {
  const baseRss = process.memoryUsage.rss();
  let peakRss = baseRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 100);
  const child = spawn(launch.command, launch.args, { stdio: ['ignore', 'pipe', 'ignore'] });
  let bytes = 0;
  child.stdout.on('data', (chunk: Buffer) => (bytes += chunk.length));
  await new Promise((resolve) => child.once('close', resolve));
  clearInterval(sampler);
  if (bytes === 0) throw new Error(`${launch.info.commandLine} wrote nothing`);
  return Math.round((Math.max(peakRss, process.memoryUsage.rss()) - baseRss) / 1e5) / 10;
}

/** `deltas` per throughput run; `memoryDeltas` for the long run that watches RSS. */
export async function runFlowBench(deltas: number, memoryDeltas: number): Promise<FlowReport> {
  const fire = replay(firehoseFile(deltas));
  const throughput = [
    await measure('in-process', fire, 'go', deltas),
    await measure('web', fire, 'go', deltas),
    await measure('web', simulator(), `/sim words=${deltas} chunk=1 delay=0 seq ascii\nfirehose`, deltas),
  ];
  const latencyDeltas = 50_000;
  const latencyAt10k = await measure('web', simulator(), `/sim words=${latencyDeltas} chunk=1 rate=10000 seq stamp ascii\nsteady`, latencyDeltas);
  const rawPipeRssGrowthMb = await rawPipeRssGrowth(replay(firehoseFile(memoryDeltas)));
  const shortDeltas = Math.round(memoryDeltas / 5);
  const memoryShort = await measure('in-process', replay(firehoseFile(shortDeltas)), 'go', shortDeltas);
  const memory = await measure('in-process', replay(firehoseFile(memoryDeltas)), 'go', memoryDeltas);
  return { throughput, latencyAt10k, memory, memoryShort, rawPipeRssGrowthMb };
}

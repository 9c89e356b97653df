import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FlowSample, ViewEvent } from '../../shared/protocol';
import type { AgentLaunch } from '../agent/agent-launch';
import { systemClock } from '../clock';
import { FLOW_LIMITS } from '../flow/view-channel';
import { Session } from './session';

const simScript = join(import.meta.dirname, '..', '..', 'agents', 'sim', 'main.ts');
const firehose: AgentLaunch = {
  info: { kind: 'sim', label: 'Simulator', commandLine: 'sim' },
  command: process.execPath,
  args: ['--import', 'tsx', simScript, '--words', '300000', '--delay', '0', '--chunk', '3', '--seq'],
  cwd: process.cwd(),
  env: process.env,
};

let dir: string;
let session: Session | null = null;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sluice-flow-'));
});
afterEach(async () => {
  await session?.close();
  session = null;
  rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Session flow control', () => {
  it('slows the agent for a view that stops granting credits, then delivers every delta in order once it resumes', async () => {
    session = new Session({ id: 's', launch: firehose, journalPath: join(dir, 's.ndjson'), clock: systemClock });
    let channel = 0;
    let lastBatch = 0;
    let granting = false;
    let text = '';
    const samples: FlowSample[] = [];
    const current = session;
    const listener = (event: ViewEvent): void => {
      if (event.kind === 'snapshot') channel = event.channel;
      else if (event.kind === 'metrics') samples.push(event.sample);
      else if (event.kind === 'patches') {
        expect(event.batch).toBe(lastBatch + 1);
        lastBatch = event.batch;
        for (const patch of event.patches) if (patch.op === 'block-append') text += patch.text;
        if (granting) current.credit(channel, event.batch);
      }
    };
    current.subscribe(listener, { flowControl: true });
    const { turnId } = current.send('firehose');

    // Frozen view: reading must stop, with the queue bounded near the hard cap.
    await sleep(2_000);
    const bytesWhenFrozen = current.view.counters.bytes;
    await sleep(500);
    expect(current.view.counters.bytes).toBe(bytesWhenFrozen);
    const frozen = samples.at(-1) as FlowSample;
    expect(frozen.paused).toBe(true);
    expect(frozen.creditStarved).toBe(true);
    expect(frozen.pauses).toBeGreaterThanOrEqual(1);
    expect(frozen.queueBytes).toBeLessThan(FLOW_LIMITS.hardCapBytes * 2);

    // The view catches up: everything arrives, in order, exactly once.
    granting = true;
    current.credit(channel, lastBatch);
    const turn = await current.turnEnded(turnId);
    await sleep(100);
    expect(turn.status).toBe('completed');
    const markers = [...text.matchAll(/⟦(\d+)⟧/g)].map((match) => Number(match[1]));
    expect(markers.length).toBeGreaterThan(50_000);
    expect(markers.every((value, i) => value === i + 1)).toBe(true);
    const assistant = current.view.messages.find((message) => message.role === 'assistant');
    expect(assistant?.role === 'assistant' && assistant.blocks[0]?.text).toBe(text);
    expect(samples.at(-1)?.paused).toBe(false);
  }, 60_000);
});

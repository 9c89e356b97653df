/**
 * `npm run bench [-- --json] [-- --suite core|flow|all] [-- --mb 200] [-- --reps 5]
 *   [-- --flow-deltas 1000000] [-- --memory-deltas 10000000]`
 *
 * Suite `core`: the stream core against peers' line readers. Every case reads the same generated
 * corpus (bench/corpus.ts), each in a fresh process, and the figures that matter are ratios
 * between cases measured in this one run, so they hold on a noisy 2-core machine.
 * Suite `flow`: agent → view end to end (bench/flow.ts): throughput, loss, latency, memory.
 * Suite `interrupt`: how fast an interrupt takes effect (bench/interrupt.ts).
 * Suite `ui`: reply shapes in Chromium through the web host (bench/ui/ui-bench.ts): longest main-thread
 *   task, time until shown, renderer heap. Needs a build (`npm run build`) and Chromium.
 * With --json, the last line of stdout is one JSON object (`npm run -s` drops npm's banner).
 */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { CaseName, SourceName } from './cases';
import { corpusFile } from './corpus';
import { runFlowBench, type FlowReport } from './flow';
import { runInterruptBench, type InterruptReport } from './interrupt';
import { runUiBench, type ShapeFigures } from './ui/ui-bench';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean' },
    suite: { type: 'string' },
    mb: { type: 'string' },
    reps: { type: 'string' },
    'flow-deltas': { type: 'string' },
    'memory-deltas': { type: 'string' },
  },
});
const suite = values.suite ?? 'all';
const flowDeltas = Number(values['flow-deltas'] ?? 1_000_000);
const memoryDeltas = Number(values['memory-deltas'] ?? 10_000_000);
const targetBytes = Number(values.mb ?? 200) * 1e6;
const reps = Number(values.reps ?? 5);
const log = (line: string): void => {
  if (!values.json) process.stdout.write(`${line}\n`);
  else process.stderr.write(`${line}\n`);
};

interface Measurement {
  case: CaseName;
  source: SourceName;
  messages: number;
  bytes: number;
  seconds: number;
  msgsPerSec: number;
  mbPerSec: number;
  peakRssMb: number;
  rssGrowthMb: number;
  corrupted?: number;
}

const plan: [CaseName, SourceName[]][] = [
  ['raw-read', ['file', 'pipe']],
  ['json-parse', ['file']],
  ['readline', ['file', 'pipe']],
  ['split2', ['file', 'pipe']],
  ['naive', ['file', 'pipe']],
  ['sluice-parse', ['file', 'pipe']],
  ['sluice-core', ['file', 'pipe']],
  ['sluice-core-plain', ['file', 'pipe']],
];

function measure(name: CaseName, source: SourceName, corpus: string, scratch: string): Measurement {
  // Every case runs with Node's defaults, as the app's core does.
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'cases.ts'), name, source, corpus, scratch], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (child.status !== 0) throw new Error(`case ${name}/${source} failed:\n${child.stderr}`);
  const outcome = JSON.parse(child.stdout) as Omit<Measurement, 'case' | 'source' | 'msgsPerSec' | 'mbPerSec'>;
  return {
    case: name,
    source,
    ...outcome,
    msgsPerSec: Math.round(outcome.messages / outcome.seconds),
    mbPerSec: Math.round((outcome.bytes / 1e6 / outcome.seconds) * 10) / 10,
    peakRssMb: Math.round(outcome.peakRssMb),
    rssGrowthMb: Math.round(outcome.rssGrowthMb * 10) / 10,
  };
}

async function main(): Promise<void> {
  const core = suite === 'all' || suite === 'core' ? coreSuite() : null;
  const flow = suite === 'all' || suite === 'flow' ? await flowSuite() : null;
  const interrupt = suite === 'all' || suite === 'interrupt' ? await interruptSuite() : null;
  const ui = suite === 'all' || suite === 'ui' ? await uiSuite() : null;
  if (values.json) process.stdout.write(`${JSON.stringify({ machine: { node: process.version, cpus: `${availableParallelism()} x ${process.arch}` }, core, flow, interrupt, ui })}\n`);
}

async function uiSuite(): Promise<{ shapes: ShapeFigures[]; targets: Record<string, boolean> }> {
  log('UI: each reply shape streamed into Chromium through the web host (longest main-thread task in ms)…');
  const shapes = await runUiBench();
  log(`  ${'shape'.padEnd(20)} ${'stream'.padStart(7)} ${'reload'.padStart(7)} ${'scroll'.padStart(7)} ${'shown'.padStart(9)} ${'heap'.padStart(8)}`);
  for (const figures of shapes) {
    log(
      `  ${figures.shape.padEnd(20)} ${String(figures.streamLongestTaskMs).padStart(7)} ${String(figures.reloadLongestTaskMs).padStart(7)} ${String(figures.scrollLongestTaskMs).padStart(7)} ${`${figures.shownMs} ms`.padStart(9)} ${figures.heapMb === null ? '-' : `${figures.heapMb} MB`.padStart(8)}`,
    );
  }
  const longest = (figures: ShapeFigures): number => Math.max(figures.streamLongestTaskMs, figures.reloadLongestTaskMs, figures.scrollLongestTaskMs);
  const targets = {
    'no main-thread task over 100 ms, any shape (hard ceiling)': shapes.every((figures) => longest(figures) <= 100),
    'longest task <= 50 ms, every shape': shapes.every((figures) => longest(figures) <= 50),
  };
  for (const [key, met] of Object.entries(targets)) log(`  ${met ? 'met ' : 'MISS'} ${key}`);
  return { shapes, targets };
}

async function interruptSuite(): Promise<{ report: InterruptReport; targets: Record<string, boolean> }> {
  log('Interrupt: 100 cooperative runs, 10 with an agent that ignores the request and SIGINT…');
  const report = await runInterruptBench(100, 10);
  for (const [name, figures] of [['view stops growing', report.viewStops], ['turn ended', report.turnEnded], ['process gone (uncooperative)', report.processGone]] as const) {
    log(`  ${name.padEnd(30)} p50 ${figures.p50Ms} ms  p99 ${figures.p99Ms} ms  max ${figures.maxMs} ms  (${figures.runs} runs)`);
  }
  const targets = {
    'view stops <= 50 ms p99': report.viewStops.p99Ms <= 50,
    'turn ended <= 1 s p99 (cooperative)': report.turnEnded.p99Ms <= 1_000,
    [`process gone <= escalation bound (${report.escalationBoundMs} ms) + 1 s`]: report.processGone.maxMs <= report.escalationBoundMs + 1_000,
  };
  for (const [key, met] of Object.entries(targets)) log(`  ${met ? 'met ' : 'MISS'} ${key}`);
  return { report, targets };
}

async function flowSuite(): Promise<{ report: FlowReport; targets: Record<string, boolean> }> {
  log(`Flow: ${flowDeltas} numbered deltas per throughput run, ${memoryDeltas} for the memory run…`);
  const report = await runFlowBench(flowDeltas, memoryDeltas);
  for (const run of [...report.throughput, report.latencyAt10k, report.memoryShort, report.memory]) {
    log(`  ${run.transport.padEnd(10)} ${run.agent.padEnd(9)} ${String(run.deltasPerSec).padStart(8)} deltas/s  lost ${run.lost}  dup ${run.duplicates}  p50 ${run.latencyP50Ms ?? '-'} ms  p99 ${run.latencyP99Ms ?? '-'} ms  RSS +${run.rssGrowthMb} MB`);
  }
  log(`  memory: +${report.memoryShort.rssGrowthMb} MB over ${report.memoryShort.deltas} deltas, +${report.memory.rssGrowthMb} MB over ${report.memory.deltas} (its second half peaked ${report.memory.lateRssGrowthMb} MB above its first); a bare pipe read of the same stream: +${report.rawPipeRssGrowthMb} MB`);
  const replayRuns = report.throughput.filter((run) => run.agent === 'Replay');
  const targets = {
    '>= 100k deltas/s sustained (replayed agent)': replayRuns.every((run) => run.deltasPerSec >= 100_000),
    'zero loss, zero duplicates': [...report.throughput, report.latencyAt10k, report.memoryShort, report.memory].every((run) => run.lost === 0 && run.duplicates === 0),
    'p99 <= 16 ms at 10k deltas/s': (report.latencyAt10k.latencyP99Ms ?? Infinity) <= 16,
    'RSS growth <= 30 MB over the memory run': report.memory.rssGrowthMb <= 30,
    // Flat: a leak would keep climbing through the second half. (Comparing against the short run
    // instead flipped with the order of the cases: the one run first grows the heap for both.)
    'RSS flat: the second half of the memory run peaks at most 10 MB above the first': report.memory.lateRssGrowthMb <= 10,
  };
  for (const [key, met] of Object.entries(targets)) log(`  ${met ? 'met ' : 'MISS'} ${key}`);
  return { report, targets };
}

function coreSuite() {
  log(`Generating or reusing a ${targetBytes / 1e6} MB corpus…`);
  const corpus = corpusFile(targetBytes);
  const scratch = mkdtempSync(join(tmpdir(), 'sluice-bench-'));
  const results: Measurement[] = [];
  try {
    // Best of `reps` rounds; each round runs every case once, so a slow spell of this shared
    // machine slows all cases alike instead of whichever case it falls on.
    const cases = plan.flatMap(([name, sources]) => sources.map((source) => ({ name, source })));
    const best = new Map<string, Measurement>();
    for (let rep = 0; rep < reps; rep++) {
      log(`  round ${rep + 1} of ${reps}…`);
      for (const { name, source } of cases) {
        const run = measure(name, source, corpus.path, scratch);
        const key = `${name}/${source}`;
        const previous = best.get(key);
        // The fastest run, with the largest RSS growth seen in any run (memory is not best-of).
        if (!previous || run.seconds < previous.seconds) best.set(key, { ...run, rssGrowthMb: Math.max(run.rssGrowthMb, previous?.rssGrowthMb ?? 0) });
        else previous.rssGrowthMb = Math.max(previous.rssGrowthMb, run.rssGrowthMb);
      }
    }
    for (const { name, source } of cases) {
      const result = best.get(`${name}/${source}`) as Measurement;
      results.push(result);
      log(`  ${name.padEnd(17)} ${source.padEnd(5)} ${String(result.msgsPerSec).padStart(9)} msg/s ${String(result.mbPerSec).padStart(7)} MB/s  peak RSS ${result.peakRssMb} MB (+${result.rssGrowthMb})${result.corrupted !== undefined ? `  corrupted: ${result.corrupted}` : ''}`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }

  const get = (name: CaseName, source: SourceName = 'file'): Measurement => results.find((r) => r.case === name && r.source === source) as Measurement;
  const exact = {
    parseVsReadlineFile: get('sluice-parse').msgsPerSec / get('readline').msgsPerSec,
    parseVsReadlinePipe: get('sluice-parse', 'pipe').msgsPerSec / get('readline', 'pipe').msgsPerSec,
    parseVsJsonParseFile: get('sluice-parse').msgsPerSec / get('json-parse').msgsPerSec,
    parseVsJsonParsePipe: get('sluice-parse', 'pipe').msgsPerSec / get('json-parse').msgsPerSec,
    coreVsReadlineFile: get('sluice-core').msgsPerSec / get('readline').msgsPerSec,
    coreVsReadlinePipe: get('sluice-core', 'pipe').msgsPerSec / get('readline', 'pipe').msgsPerSec,
    coreRssGrowthMb: Math.max(get('sluice-core').rssGrowthMb, get('sluice-core', 'pipe').rssGrowthMb),
    runReaderGainFile: get('sluice-core').msgsPerSec / get('sluice-core-plain').msgsPerSec,
    runReaderGainPipe: get('sluice-core', 'pipe').msgsPerSec / get('sluice-core-plain', 'pipe').msgsPerSec,
  };
  // The targets are judged on the exact ratios; the report shows them to three decimals.
  const targets = {
    'sluice-parse >= 1.5x readline': Math.min(exact.parseVsReadlineFile, exact.parseVsReadlinePipe) >= 1.5,
    'sluice-parse >= 0.8x JSON.parse': Math.min(exact.parseVsJsonParseFile, exact.parseVsJsonParsePipe) >= 0.8,
    'sluice-core >= 1.0x readline': Math.min(exact.coreVsReadlineFile, exact.coreVsReadlinePipe) >= 1.0,
    'sluice-core RSS growth <= 30 MB': exact.coreRssGrowthMb <= 30,
    // The WebAssembly run reader earns its keep only at this gain over the plain path (DECISIONS).
    'sluice-core >= 1.3x sluice-core-plain': Math.min(exact.runReaderGainFile, exact.runReaderGainPipe) >= 1.3,
  };
  const ratios = Object.fromEntries(Object.entries(exact).map(([key, value]) => [key, Math.round(value * 1000) / 1000]));
  log('Ratios (same run):');
  for (const [key, value] of Object.entries(ratios)) log(`  ${key}: ${value}`);
  for (const [key, met] of Object.entries(targets)) log(`  ${met ? 'met ' : 'MISS'} ${key}`);
  return { corpus: { path: corpus.path, bytes: corpus.bytes, messages: get('json-parse').messages }, reps, results, ratios, targets };
}


void main();

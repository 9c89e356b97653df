/**
 * A generated stream-json corpus shaped like real Claude Code traffic, written once to a temp
 * file and reused across runs (its name carries the generator version and size).
 *
 * Shape: turns of `system/init`, then assistant messages made of `message_start`,
 * `content_block_start`, many 150–400 byte `content_block_delta` lines, the complete 2–20 KB
 * `assistant` line, `content_block_stop`, `message_delta`, `message_stop`; some 2–20 KB `user`
 * tool_result lines; a `result` per turn. More than half of the delta lines carry multibyte
 * UTF-8. Deterministic (seeded), and never contains U+FFFD, so a decoded U+FFFD proves
 * corruption.
 */

import { closeSync, existsSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const GENERATOR_VERSION = 1;
const ASCII_WORDS = ['stream', 'buffer', 'line', 'the', 'agent', 'writes', 'bytes', 'quickly', 'and', 'Sluice', 'keeps', 'every', 'one', 'of', 'them', 'safe'];
const MULTIBYTE_WORDS = ['Grüße', 'café', 'naïve', 'straße', '日本語', '中文字', 'Ωmega', 'προσοχή', 'данные', '🚀', '👍🏽', '✓', '—', '…', 'ñandú'];

export interface Corpus {
  path: string;
  bytes: number;
}

export function corpusFile(targetBytes: number): Corpus {
  const path = join(tmpdir(), `sluice-bench-corpus-v${GENERATOR_VERSION}-${targetBytes}.jsonl`);
  if (!existsSync(path)) writeCorpus(path, targetBytes);
  return { path, bytes: statSync(path).size };
}

function writeCorpus(path: string, targetBytes: number): void {
  const random = mulberry32(0x5eed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const fd = openSync(`${path}.partial`, 'w');
  const sessionId = '5c1f3e0a-7b7e-4c44-9a51-2f1b5f0e9d11';
  let written = 0;
  let pending: string[] = [];
  let pendingChars = 0;
  let uuidCounter = 0;
  const uuid = () => `00000000-0000-4000-8000-${(uuidCounter++).toString(16).padStart(12, '0')}`;
  const emit = (line: string): void => {
    pending.push(line, '\n');
    pendingChars += line.length + 1;
    if (pendingChars > 1 << 20) flush();
  };
  const flush = (): void => {
    const chunk = Buffer.from(pending.join(''), 'utf8');
    written += chunk.length;
    writeSync(fd, chunk);
    pending = [];
    pendingChars = 0;
  };
  const text = (words: number, multibyte: boolean): string => {
    const out: string[] = [];
    for (let i = 0; i < words; i++) out.push(multibyte && random() < 0.35 ? pick(MULTIBYTE_WORDS) : pick(ASCII_WORDS));
    return `${out.join(' ')} `;
  };
  const event = (payload: string, messageId: string): string =>
    `{"type":"stream_event","event":${payload},"session_id":"${sessionId}","parent_tool_use_id":null,"uuid":"${uuid()}","api_message_id":"${messageId}"}`;

  let message = 0;
  while (written + pendingChars < targetBytes) {
    emit(`{"type":"system","subtype":"init","cwd":"/home/user/project","session_id":"${sessionId}","tools":["Bash","Read","Edit"],"mcp_servers":[],"model":"claude-bench-1","permissionMode":"default","apiKeySource":"ANTHROPIC_API_KEY","uuid":"${uuid()}"}`);
    const messagesInTurn = 1 + Math.floor(random() * 3);
    for (let m = 0; m < messagesInTurn; m++) {
      const id = `msg_bench_${++message}`;
      emit(event(`{"type":"message_start","message":{"id":"${id}","type":"message","role":"assistant","model":"claude-bench-1","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":12,"output_tokens":1}}}`, id));
      emit(event('{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}', id));
      const deltas = 10 + Math.floor(random() * 90);
      const pieces: string[] = [];
      for (let d = 0; d < deltas; d++) {
        const piece = text(2 + Math.floor(random() * 18), random() < 0.7);
        pieces.push(piece);
        emit(event(`{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":${JSON.stringify(piece)}}}`, id));
      }
      emit(`{"type":"assistant","message":{"id":"${id}","type":"message","role":"assistant","model":"claude-bench-1","content":[{"type":"text","text":${JSON.stringify(pieces.join(''))}}],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":12,"output_tokens":${deltas}}},"parent_tool_use_id":null,"session_id":"${sessionId}","uuid":"${uuid()}"}`);
      emit(event('{"type":"content_block_stop","index":0}', id));
      emit(event(`{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":${deltas}}}`, id));
      emit(event('{"type":"message_stop"}', id));
      if (random() < 0.3) {
        const output = text(300 + Math.floor(random() * 2500), random() < 0.5);
        emit(`{"type":"user","message":{"role":"user","content":[{"tool_use_id":"toolu_bench_${message}","type":"tool_result","content":${JSON.stringify(output)},"is_error":false}]},"parent_tool_use_id":null,"session_id":"${sessionId}","uuid":"${uuid()}"}`);
      }
    }
    emit(`{"duration_api_ms":1200,"stop_reason":"end_turn","session_id":"${sessionId}","total_cost_usd":0.01,"usage":{"input_tokens":12,"output_tokens":90},"is_error":false,"num_turns":1,"subtype":"success","result":"ok","type":"result","duration_ms":1300,"uuid":"${uuid()}"}`);
  }
  flush();
  closeSync(fd);
  renameSync(`${path}.partial`, path);
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

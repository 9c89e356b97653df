/**
 * Keeps the core's copy of a session's view small however long its replies grow: once a block's
 * text passes `SPILL_AT_CHARS`, all of it but the last `KEEP_CHARS` moves to an append-only file
 * beside the journal, and `hydrate` puts it back whenever the whole view is needed (a view's
 * snapshot, Continue, `sluice run`'s report). Memory then stays flat over a stream of any
 * length; the text itself is never lost, only moved.
 *
 * Invariants:
 * - Lossless: `hydrate(trim(view))` deep-equals `view`, and `lengthsOf` counts moved-out text.
 * - Bounded: after `trim`, no assistant block in the view holds more than `SPILL_AT_CHARS`
 *   characters (only blocks the given patches appended to are looked at; all without patches).
 * - A cut never splits a surrogate pair, so every moved-out piece is well-formed UTF-8 on disk.
 * - A spill file that cannot be written (disk full, a write error) costs memory, never text: the
 *   text stays in the view, nothing more is moved out, and `onFailure` is told once.
 * - The file is a cache of text the journal already holds: it is created on the first cut,
 *   unlinked on `close` (its open descriptor still reads it back, so a closed session's view
 *   stays whole for a final report), and written anew when a session is restored. A file a
 *   crash left behind is removed when the next registry starts.
 */

import { openSync, readSync, rmSync, writeSync } from 'node:fs';
import type { AssistantMessage, ContentBlock, SessionPatch, SessionView } from '../../shared/session-view';
import { isHighSurrogate } from '../../shared/utf16';

export const SPILL_AT_CHARS = 256 * 1024;
export const KEEP_CHARS = 16 * 1024;
export const SPILL_SUFFIX = '.spill';

interface SpilledPiece {
  offset: number;
  bytes: number;
  chars: number;
}

export class TextSpill {
  private fd: number | null = null;
  private size = 0;
  /** Moved-out pieces per block, in text order, keyed by `blockKey`. */
  private readonly pieces = new Map<string, SpilledPiece[]>();

  /** Set once a write failed: from then on every text stays in memory. */
  private broken = false;

  constructor(
    readonly path: string,
    private readonly onFailure: (message: string) => void = () => undefined,
  ) {}

  /** The view with the long texts of the blocks `patches` appended to (all, without) moved out. */
  trim(view: SessionView, patches?: readonly SessionPatch[]): SessionView {
    const long = patches === undefined ? allLongBlocks(view) : appendedLongBlocks(view, patches);
    let messages: SessionView['messages'] | null = null;
    for (const [position, index] of long) {
      if (this.broken) break;
      messages ??= view.messages.slice();
      const message = messages[position] as AssistantMessage;
      const block = message.blocks[index] as ContentBlock;
      const kept = this.moveOut(message.id, index, block.text);
      const blocks = message.blocks.slice();
      blocks[index] = { ...block, text: kept };
      messages[position] = { ...message, blocks };
    }
    return messages === null ? view : { ...view, messages };
  }

  /** The view with every moved-out text put back in front of what stayed. */
  hydrate(view: SessionView): SessionView {
    if (this.pieces.size === 0) return view;
    const messages = view.messages.map((message) => {
      if (message.role !== 'assistant' || !message.blocks.some((_, index) => this.pieces.has(blockKey(message.id, index)))) return message;
      const blocks = message.blocks.map((block, index) => {
        const pieces = this.pieces.get(blockKey(message.id, index));
        return pieces === undefined ? block : { ...block, text: pieces.map((piece) => this.read(piece)).join('') + block.text };
      });
      return { ...message, blocks };
    });
    return { ...view, messages };
  }

  /** The characters of each block of `message`, moved-out text included. */
  lengthsOf(message: AssistantMessage): number[] {
    return message.blocks.map((block, index) => {
      const pieces = this.pieces.get(blockKey(message.id, index)) ?? [];
      return pieces.reduce((chars, piece) => chars + piece.chars, block.text.length);
    });
  }

  /** Unlinks the file; the descriptor stays open, so `hydrate` still works until the process ends. */
  close(): void {
    if (this.fd === null) return;
    try {
      rmSync(this.path, { force: true });
    } catch {
      // Windows refuses to delete an open file: the next registry start removes it.
    }
  }

  /** Writes all of `text` but its last KEEP_CHARS to the file; returns what stays (all of it if the write fails). */
  private moveOut(messageId: string, index: number, text: string): string {
    let cut = text.length - KEEP_CHARS;
    if (isHighSurrogate(text.charCodeAt(cut - 1))) cut--;
    const bytes = Buffer.from(text.slice(0, cut), 'utf8');
    try {
      this.fd ??= openSync(this.path, 'w+');
      let written = 0;
      while (written < bytes.length) written += writeSync(this.fd, bytes, written, bytes.length - written, this.size + written);
    } catch (error) {
      this.broken = true;
      this.onFailure(error instanceof Error ? error.message : String(error));
      return text;
    }
    const key = blockKey(messageId, index);
    const pieces = this.pieces.get(key) ?? [];
    pieces.push({ offset: this.size, bytes: bytes.length, chars: cut });
    this.pieces.set(key, pieces);
    this.size += bytes.length;
    return text.slice(cut);
  }

  private read(piece: SpilledPiece): string {
    const buffer = Buffer.allocUnsafe(piece.bytes);
    readSync(this.fd as number, buffer, 0, piece.bytes, piece.offset);
    return buffer.toString('utf8');
  }
}

function blockKey(messageId: string, index: number): string {
  return `${messageId}\u0000${index}`;
}


/** [message position, block index] of every assistant block longer than SPILL_AT_CHARS. */
function allLongBlocks(view: SessionView): Array<[number, number]> {
  const long: Array<[number, number]> = [];
  view.messages.forEach((message, position) => {
    if (message.role !== 'assistant') return;
    message.blocks.forEach((block, index) => block.text.length > SPILL_AT_CHARS && long.push([position, index]));
  });
  return long;
}

/** Like `allLongBlocks`, for the blocks `patches` appended to only (the streaming end). */
function appendedLongBlocks(view: SessionView, patches: readonly SessionPatch[]): Array<[number, number]> {
  const long: Array<[number, number]> = [];
  const seen = new Set<string>();
  for (const patch of patches) {
    if (patch.op !== 'block-append' || seen.has(blockKey(patch.messageId, patch.index))) continue;
    seen.add(blockKey(patch.messageId, patch.index));
    const position = view.messages.findLastIndex((message) => message.role === 'assistant' && message.id === patch.messageId);
    const message = view.messages[position];
    if (message?.role === 'assistant' && (message.blocks[patch.index]?.text.length ?? 0) > SPILL_AT_CHARS) long.push([position, patch.index]);
  }
  return long;
}

import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { applyPatches, emptySessionView, type AssistantMessage, type SessionPatch, type SessionView } from '../../shared/session-view';
import { SPILL_AT_CHARS, TextSpill } from './text-spill';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function spill(): TextSpill {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-spill-'));
  dirs.push(dir);
  return new TextSpill(join(dir, 's.spill'));
}

const base = (): SessionView => emptySessionView('s', { kind: 'sim', label: 'Simulator', commandLine: 'sim' }, '/j');
const start = (id: string): SessionPatch[] => [
  { op: 'assistant-start', message: { role: 'assistant', id, turnId: 't1', blocks: [], status: 'streaming', at: 0 } },
  { op: 'block-start', messageId: id, index: 0, block: { kind: 'thinking', text: '', done: false } },
  { op: 'block-start', messageId: id, index: 1, block: { kind: 'text', text: '', done: false } },
];
const append = (id: string, index: number, text: string): SessionPatch => ({ op: 'block-append', messageId: id, index, text });

describe('TextSpill', () => {
  it('moves long texts out as they stream and gives back exactly the full view (property)', () => {
    const piece = fc.string({ unit: fc.constantFrom('a', 'é', '日', '🚀', '\n'), minLength: 1, maxLength: 40 }).map((text) => text.repeat(2_000));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), piece), { minLength: 1, maxLength: 40 }), (appends) => {
        const subject = spill();
        let full = applyPatches(base(), start('m1'));
        let kept = subject.trim(full, start('m1'));
        for (const [index, text] of appends) {
          const patches = [append('m1', index, text)];
          full = applyPatches(full, patches);
          kept = subject.trim(applyPatches(kept, patches), patches);
          const message = kept.messages[0] as AssistantMessage;
          expect(message.blocks.every((block) => block.text.length <= SPILL_AT_CHARS)).toBe(true);
          expect(subject.lengthsOf(message)).toEqual((full.messages[0] as AssistantMessage).blocks.map((block) => block.text.length));
        }
        expect(subject.hydrate(kept)).toEqual(full);
        subject.close();
      }),
      { numRuns: 30 },
    );
  });

  it('trims every long block of a restored view, and leaves a short view as the same object', () => {
    const subject = spill();
    const short = applyPatches(base(), [...start('m1'), append('m1', 1, 'hello')]);
    expect(subject.trim(short)).toBe(short);
    const long = applyPatches(base(), [...start('m1'), append('m1', 1, 'x'.repeat(SPILL_AT_CHARS + 5))]);
    const kept = subject.trim(long);
    expect((kept.messages[0] as AssistantMessage).blocks[1]!.text.length).toBeLessThanOrEqual(SPILL_AT_CHARS);
    expect(subject.hydrate(kept)).toEqual(long);
  });

  it('never cuts a surrogate pair; on close its file goes, yet the view still hydrates', () => {
    const subject = spill();
    const text = '🚀'.repeat(SPILL_AT_CHARS);
    const kept = subject.trim(applyPatches(base(), [...start('m1'), append('m1', 1, text)]));
    expect((kept.messages[0] as AssistantMessage).blocks[1]!.text.codePointAt(0)).toBe(0x1f680);
    expect((subject.hydrate(kept).messages[0] as AssistantMessage).blocks[1]!.text).toBe(text);
    expect(existsSync(subject.path)).toBe(true);
    subject.close();
    expect(existsSync(subject.path)).toBe(false);
    expect((subject.hydrate(kept).messages[0] as AssistantMessage).blocks[1]!.text).toBe(text);
  });

  it('keeps the text in memory when the file cannot be written (a full disk), and says so once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-spill-'));
    dirs.push(dir);
    symlinkSync('/dev/full', join(dir, 's.spill'));
    const failures: string[] = [];
    const subject = new TextSpill(join(dir, 's.spill'), (message) => failures.push(message));
    let full = applyPatches(base(), start('m1'));
    let kept = subject.trim(full, start('m1'));
    for (let i = 0; i < 3; i++) {
      const patches = [append('m1', 1, 'y'.repeat(SPILL_AT_CHARS))];
      full = applyPatches(full, patches);
      kept = subject.trim(applyPatches(kept, patches), patches);
    }
    expect(kept).toEqual(full);
    expect(subject.hydrate(kept)).toEqual(full);
    expect(failures).toEqual([expect.stringMatching(/ENOSPC/)]);
  });
});

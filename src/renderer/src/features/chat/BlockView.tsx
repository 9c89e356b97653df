/**
 * One content block of an assistant message: text, thinking or a tool call.
 *
 * Invariants:
 * - Text is shown exactly as received, as plain text with whitespace and newlines kept (no
 *   markdown yet, and never as HTML).
 * - Memoized on the block object: a finished block (same reference after every patch) does not
 *   re-render while a later block streams; inside a long streaming block, only its growing tail
 *   does (text-segments.ts).
 * - A tool call's input is shown as streamed; only once it is complete and valid JSON is it
 *   re-indented for reading.
 */

import { memo, useMemo, useState } from 'react';
import type { ContentBlock, ThinkingBlock, ToolUseBlock } from '../../../../shared/session-view';
import { SegmentCutter } from './text-segments';

export interface BlockViewProps {
  block: ContentBlock;
  /** Shows the streaming caret at the end of this block. */
  caret: boolean;
}

export const BlockView = memo(function BlockView({ block, caret }: BlockViewProps) {
  switch (block.kind) {
    case 'text':
      return (
        <div className="block-text">
          <SegmentedText text={block.text} caret={caret} />
        </div>
      );
    case 'thinking':
      return <ThinkingView block={block} caret={caret} />;
    case 'tool_use':
      return <ToolUseView block={block} caret={caret} />;
  }
});

function SegmentedText({ text, caret }: { text: string; caret: boolean }) {
  const [cutter] = useState(() => new SegmentCutter());
  const { finished, tail } = useMemo(() => cutter.cut(text), [cutter, text]);
  if (finished.length === 0) {
    return (
      <>
        {text}
        {caret && <StreamingCaret />}
      </>
    );
  }
  // A segment's index is its identity: boundaries never move (text-segments.ts). Each is its own
  // block, ending where its newline was, so only the growing tail is laid out again.
  return (
    <>
      {finished.map((segment, index) => (
        <TextSegment key={index} text={segment} />
      ))}
      <div className="text-segment">
        {tail}
        {caret && <StreamingCaret />}
      </div>
    </>
  );
}

const TextSegment = memo(function TextSegment({ text }: { text: string }) {
  return <div className="text-segment">{text}</div>;
});

export function StreamingCaret() {
  return <span className="caret" aria-hidden="true" />;
}

function ThinkingView({ block, caret }: { block: ThinkingBlock; caret: boolean }) {
  return (
    <details className="block-thinking">
      <summary>
        <span className="block-thinking-title">Thinking…</span>
        {!block.done && <span className="pulse" aria-hidden="true" />}
      </summary>
      <div className="block-thinking-text">
        {block.text}
        {caret && <StreamingCaret />}
      </div>
    </details>
  );
}

function ToolUseView({ block, caret }: { block: ToolUseBlock; caret: boolean }) {
  const input = useMemo(() => readableInput(block), [block]);
  return (
    <div className="tool-card" role="group" aria-label={`Tool call: ${block.name}`}>
      <div className="tool-card-head">
        <span className="tool-card-kind">Tool</span>
        <span className="tool-card-name">{block.name}</span>
        {!block.done && <span className="tool-card-state">preparing input…</span>}
      </div>
      {(input !== '' || caret) && (
        <pre className="tool-card-input">
          {input}
          {caret && <StreamingCaret />}
        </pre>
      )}
      {block.inputError !== undefined && (
        <p className="tool-card-error">Input is not valid JSON ({block.inputError}); shown as received.</p>
      )}
    </div>
  );
}

function readableInput(block: ToolUseBlock): string {
  if (!block.done || block.inputError !== undefined || block.text === '') return block.text;
  try {
    return JSON.stringify(JSON.parse(block.text), null, 2);
  } catch {
    return block.text;
  }
}

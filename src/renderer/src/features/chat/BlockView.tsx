/**
 * One content block of an assistant message: text, thinking or a tool call.
 *
 * Invariants:
 * - Text is markdown, rendered to sanitized HTML (markdown.ts) as it streams; thinking and tool
 *   input are shown as plain text, whitespace and newlines kept.
 * - Memoized on the block object: a finished block (same reference after every patch) does not
 *   re-render while a later block streams; inside a long streaming block, each finished
 *   segment is rendered once and only the growing tail again (text-segments.ts); a burst of
 *   finished segments is rendered within a per-frame budget, the rest shown as plain text
 *   until idle time renders them (markdown-budget.ts). A tail with
 *   no line end for `LONG_SEGMENT_CHARS` (one enormous line) is shown as plain text until a
 *   line ends, so no frame re-parses an unbounded string.
 * - A tool call's input is shown as streamed; only once it is complete and valid JSON is it
 *   re-indented for reading, and folded away (its name stays; a click unfolds it). An input past
 *   `INLINE_INPUT_CHARS` never goes into the page whole while it streams: a bounded live preview
 *   (its last `LIVE_PREVIEW_CHARS` and its size) follows it; complete, it shows its size and opens
 *   on demand, laid out in pieces (LargeText.tsx). Nothing is cut from the data: the block keeps
 *   every character.
 */

import { memo, useEffect, useMemo, useState } from 'react';
import type { ContentBlock, ThinkingBlock, ToolUseBlock } from '../../../../shared/session-view';
import { formatCount } from '../status/human-units';
import { LargeText } from './LargeText';
import { renderMarkdown } from './markdown';
import { MarkdownBudget } from './markdown-budget';
import { oneLinePreview } from './one-line-preview';
import { LONG_SEGMENT_CHARS, SegmentCutter, type TextSegment } from './text-segments';

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
          <MarkdownText text={block.text} caret={caret} />
        </div>
      );
    case 'thinking':
      return <ThinkingView block={block} caret={caret} />;
    case 'tool_use':
      return <ToolUseView block={block} caret={caret} />;
  }
});

function MarkdownText({ text, caret }: { text: string; caret: boolean }) {
  const [cutter] = useState(() => new SegmentCutter());
  const { finished, tail } = useMemo(() => cutter.cut(text), [cutter, text]);
  // A segment's index is its identity: boundaries never move (text-segments.ts).
  return (
    <>
      {finished.map((segment, index) => (
        <FinishedSegment key={index} segment={segment} />
      ))}
      <TailSegment segment={tail} caret={caret} />
    </>
  );
}

const markdownBudget = new MarkdownBudget();

const FinishedSegment = memo(function FinishedSegment({ segment }: { segment: TextSegment }) {
  const [rendered, setRendered] = useState(() => ({ segment, html: markdownBudget.renderNow(markdownOf(segment)) }));
  let html = rendered.html;
  if (rendered.segment !== segment) {
    // A text that was not an extension of the last one was cut anew (text-segments.ts).
    html = markdownBudget.renderNow(markdownOf(segment));
    setRendered({ segment, html });
  }
  useEffect(() => {
    if (rendered.html !== null) return;
    return markdownBudget.renderLater(markdownOf(rendered.segment), (later) =>
      setRendered((current) => (current.segment === rendered.segment ? { segment: rendered.segment, html: later } : current)),
    );
  }, [rendered]);
  if (html === null) return <div className="text-segment plain-text">{segment.source}</div>;
  return <div className="text-segment markdown" dangerouslySetInnerHTML={{ __html: html }} />;
});

function TailSegment({ segment, caret }: { segment: TextSegment; caret: boolean }) {
  const plain = segment.source.length > LONG_SEGMENT_CHARS;
  const source = markdownOf(segment);
  const html = useMemo(() => (plain ? '' : renderMarkdown(source, { caret })), [plain, source, caret]);
  if (plain) {
    return (
      <div className="text-tail plain-text">
        {segment.source}
        {caret && <StreamingCaret />}
      </div>
    );
  }
  return <div className="text-tail markdown" dangerouslySetInnerHTML={{ __html: html }} />;
}

function markdownOf(segment: TextSegment): string {
  return segment.reopen === null ? segment.source : `${segment.reopen}\n${segment.source}`;
}

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

/** Past this, a tool input is not put into the page whole while it streams, nor opened unasked. */
export const INLINE_INPUT_CHARS = 64 * 1024;
/** How much of a big streaming input the live preview shows (its end). */
export const LIVE_PREVIEW_CHARS = 2_000;

function ToolUseView({ block, caret }: { block: ToolUseBlock; caret: boolean }) {
  const big = block.text.length > INLINE_INPUT_CHARS;
  const [shownWhole, setShownWhole] = useState(false);
  const input = useMemo(() => (big ? block.text : readableInput(block)), [big, block]);
  // Open while the input streams; folded once the call is complete (a click opens it again).
  return (
    <details className="tool-card" open={!block.done} role="group" aria-label={`Tool call: ${block.name}`}>
      <summary className="tool-card-head">
        <span className="tool-card-kind">Tool</span>
        <span className="tool-card-name">{block.name}</span>
        {block.done ? <span className="fold-preview">{oneLinePreview(block.text)}</span> : <span className="tool-card-state">preparing input…</span>}
      </summary>
      {big && !block.done && (
        <>
          <pre className="tool-card-input">
            …{block.text.slice(-LIVE_PREVIEW_CHARS)}
            {caret && <StreamingCaret />}
          </pre>
          <p className="tool-card-size">{formatCount(block.text.length)} characters so far; the end is shown while it streams.</p>
        </>
      )}
      {big && block.done && !shownWhole && (
        <p className="tool-card-size">
          Input of {formatCount(block.text.length)} characters.
          <button type="button" className="link-button" onClick={() => setShownWhole(true)}>
            Show all
          </button>
        </p>
      )}
      {big && block.done && shownWhole && <LargeText text={input} className="tool-card-input" />}
      {!big && (input !== '' || caret) && (
        <pre className="tool-card-input">
          {input}
          {caret && <StreamingCaret />}
        </pre>
      )}
      {block.inputError !== undefined && (
        <p className="tool-card-error">Input is not valid JSON ({block.inputError}); shown as received.</p>
      )}
    </details>
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

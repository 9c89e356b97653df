// @vitest-environment jsdom
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { AssistantMessage, ContentBlock, ToolResultMessage } from '../../../../shared/session-view';
import { MessageView } from './MessageView';

function assistant(blocks: ContentBlock[], status: AssistantMessage['status'] = 'complete'): AssistantMessage {
  return { role: 'assistant', id: 'msg_1', turnId: 'turn-1', blocks, status, at: 0 };
}

function render(message: Parameters<typeof MessageView>[0]['message']): string {
  return renderToStaticMarkup(<MessageView message={message} />);
}

describe('MessageView', () => {
  it('shows the person’s message as a bubble with its text as typed', () => {
    const html = render({ role: 'user', id: 'u1', turnId: 'turn-1', text: 'two\n  lines', at: 0 });
    expect(html).toContain('aria-label="Your message"');
    expect(html).toContain('<div class="bubble">two\n  lines</div>');
  });

  it('shows an assistant message as an article with its text rendered as markdown', () => {
    const html = render(assistant([{ kind: 'text', text: 'a **b**\nc\n\n```ts\nlet x\n```', done: true }]));
    expect(html).toMatch(/^<article[^>]*aria-label="Assistant message"/);
    expect(html).toContain('<p>a <strong>b</strong><br>\nc</p>');
    expect(html).toMatch(/<pre><code class="language-ts"><span class="hljs-keyword">let<\/span> x\n<\/code><\/pre>/);
  });

  it('shows text as text, never as markup', () => {
    const html = render(assistant([{ kind: 'text', text: '<img src=x onerror=alert(1)>', done: true }]));
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('shows a caret at the end of the last block only while streaming', () => {
    const blocks: ContentBlock[] = [
      { kind: 'text', text: 'first', done: true },
      { kind: 'text', text: 'second', done: false },
    ];
    const streaming = render(assistant(blocks, 'streaming'));
    expect(streaming.match(/class="caret"/g)).toHaveLength(1);
    expect(streaming).toMatch(/second<span class="caret"/);
    expect(render(assistant(blocks, 'complete'))).not.toContain('class="caret"');
  });

  it('shows a caret before the first block arrives', () => {
    expect(render(assistant([], 'streaming'))).toContain('class="caret"');
  });

  it('badges an interrupted or failed message', () => {
    expect(render(assistant([], 'interrupted'))).toContain('>Interrupted</span>');
    expect(render(assistant([], 'failed'))).toContain('>Failed</span>');
    expect(render(assistant([], 'complete'))).not.toContain('badge');
  });

  it('folds thinking away in a closed details element', () => {
    const html = render(assistant([{ kind: 'thinking', text: 'hmm', done: true }]));
    expect(html).toMatch(/<details class="block-thinking"><summary>.*Thinking….*<\/summary>/);
    expect(html).not.toContain('<details class="block-thinking" open');
  });

  it('shows a tool call with its name and its streamed input, re-indented and folded once complete', () => {
    const streaming = render(assistant([{ kind: 'tool_use', toolUseId: 't1', name: 'Read', text: '{"path":', done: false }], 'streaming'));
    expect(streaming).toContain('aria-label="Tool call: Read"');
    expect(streaming).toMatch(/<details class="tool-card" open=""/);
    expect(streaming).toContain('{&quot;path&quot;:');
    const done = render(assistant([{ kind: 'tool_use', toolUseId: 't1', name: 'Read', text: '{"path":"a"}', done: true }]));
    expect(done).toContain('{\n  &quot;path&quot;: &quot;a&quot;\n}');
    expect(done).toMatch(/<details class="tool-card" role="group"/);
  });

  it('keeps invalid tool input as received and says so', () => {
    const html = render(
      assistant([{ kind: 'tool_use', toolUseId: 't1', name: 'Bash', text: '{"cmd":', done: true, inputError: 'Unexpected end' }]),
    );
    expect(html).toContain('{&quot;cmd&quot;:');
    expect(html).toContain('Input is not valid JSON (Unexpected end)');
  });

  it('folds a tool result away, with an error badge when it failed; the output enters the page only when opened', () => {
    const result: ToolResultMessage = { role: 'tool_result', id: 'r1', turnId: 'turn-1', toolUseId: 't1', text: 'boom\nmore', isError: true, at: 0 };
    const html = render(result);
    expect(html).toContain('aria-label="Tool result"');
    expect(html).toMatch(/<details class="tool-result">/);
    expect(html).toContain('>Error</span>');
    expect(html).toContain('<span class="fold-preview">boom more</span>');
    expect(html).not.toContain('boom\nmore');
  });

  it('stops growing at the interrupt mark and counts what arrived after it', () => {
    const message: AssistantMessage = {
      ...assistant([{ kind: 'text', text: 'shown part and later words', done: true }], 'interrupted'),
      interruptMark: [10],
    };
    const html = render(message);
    expect(html).toContain('<p>shown part</p>');
    expect(html).not.toContain('later words');
    expect(html).toContain('16 more characters arrived after you interrupted');
    expect(html).toContain('Interrupted');
    expect(html).toContain('26 characters · 1 block');
  });

  it('folds away a message that started after the interrupt, keeping it', () => {
    const html = render({ ...assistant([{ kind: 'text', text: 'late', done: true }]), afterInterrupt: true });
    expect(html).toContain('Arrived after you interrupted (kept)');
    expect(html).toContain('late');
  });
});

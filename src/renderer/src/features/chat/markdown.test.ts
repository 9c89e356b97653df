// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown';

function dom(html: string): HTMLElement {
  const host = document.createElement('div');
  host.innerHTML = html;
  return host;
}

describe('renderMarkdown', () => {
  it('renders the usual markdown: paragraphs, line breaks, emphasis, lists, inline code, tables', () => {
    const host = dom(renderMarkdown('Hello **world**\nnext line\n\n- one\n- two\n\n`npm test`\n\n| a | b |\n|---|---|\n| 1 | 2 |'));
    expect(host.querySelector('strong')?.textContent).toBe('world');
    expect(host.querySelector('p')?.innerHTML).toContain('<br>');
    expect([...host.querySelectorAll('li')].map((item) => item.textContent)).toEqual(['one', 'two']);
    expect(host.querySelector('code')?.textContent).toBe('npm test');
    expect(host.querySelector('td')?.textContent).toBe('1');
  });

  it('highlights fenced code in a known language, and leaves other code escaped and unguessed', () => {
    const known = dom(renderMarkdown('```ts\nconst x: number = 1;\n```'));
    expect(known.querySelector('pre code')?.textContent).toBe('const x: number = 1;\n');
    expect(known.querySelector('.hljs-keyword')?.textContent).toBe('const');
    const unknown = dom(renderMarkdown('```nosuchlang\n<b>x</b>\n```'));
    expect(unknown.querySelector('pre code')?.textContent).toBe('<b>x</b>\n');
    expect(unknown.querySelector('b')).toBeNull();
    expect(unknown.querySelector('[class^="hljs-"]')).toBeNull();
  });

  it('shows raw HTML as text and lets no script, handler, style or frame through', () => {
    const attacks = [
      '<script>alert(1)</script>',
      '<img src=x onerror="alert(1)">',
      '<iframe src="https://example.com"></iframe>',
      '<a href="#" onclick="alert(1)">x</a>',
      '<style>body{display:none}</style>',
    ];
    for (const attack of attacks) {
      const host = dom(renderMarkdown(attack));
      expect(host.querySelector('script, img, iframe, style, [onclick], [onerror]')).toBeNull();
      expect(host.textContent).toContain(attack.slice(0, 8));
    }
  });

  it('makes only http(s) and mailto links, opening outside the app; an image is a link to it, never loaded', () => {
    const host = dom(renderMarkdown('[site](https://example.com) [js](javascript:alert(1)) [file](file:///etc/passwd) ![pic](https://example.com/a.png) https://auto.example.org'));
    const links = [...host.querySelectorAll('a')];
    expect(links.map((link) => link.getAttribute('href'))).toEqual(['https://example.com', 'https://example.com/a.png', 'https://auto.example.org']);
    for (const link of links) {
      expect(link.getAttribute('target')).toBe('_blank');
      expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    }
    expect(host.querySelector('img')).toBeNull();
    expect(host.textContent).toContain('[js](javascript:alert(1))');
  });

  it('puts the caret where the text ends: in the last paragraph, or in the code being written', () => {
    const paragraph = dom(renderMarkdown('First\n\nSecond half', { caret: true }));
    expect(paragraph.querySelector('p:last-child > .caret')).not.toBeNull();
    const code = dom(renderMarkdown('```ts\nconst x', { caret: true }));
    expect(code.querySelector('pre .caret')).not.toBeNull();
    expect(dom(renderMarkdown('done')).querySelector('.caret')).toBeNull();
  });

  it('keeps the agent’s own private-use characters: only the caret mark it added is replaced', () => {
    const host = dom(renderMarkdown('a \uE000 b', { caret: true }));
    expect(host.textContent?.trim()).toBe('a \uE000 b');
    expect(host.querySelectorAll('.caret')).toHaveLength(1);
  });
});

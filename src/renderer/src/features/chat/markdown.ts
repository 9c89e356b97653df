/**
 * Markdown source → sanitized HTML, for an assistant's text.
 *
 * Invariants:
 * - Agent text is untrusted. Raw HTML in it is shown as text (markdown-it `html: false`), links
 *   with a scheme other than http(s)/mailto are not links (markdown-it's `validateLink` plus
 *   the allow-list below), and the output passes DOMPurify anyway, so no script, handler,
 *   style or frame can come out of it whatever markdown-it does.
 * - Nothing loads from the network: images are not rendered (`![alt](url)` shows as `!` and a
 *   link to the image), and links open outside the app (`target="_blank"`, `rel="noopener noreferrer"`; Electron's
 *   window-open handler passes only https: links to the system browser).
 * - Fenced code with a known language is highlighted by highlight.js (class names only, styled
 *   by styles/markdown.css); an unknown or missing language is shown escaped, without guessing (auto-
 *   detection would run every grammar on every frame of a streaming block).
 * - A single newline is a line break: what the agent put on its own line stays on its own line.
 * - `caret: true` renders the streaming caret where the text ends, inside the last paragraph
 *   or code line, rather than on a line of its own below it.
 */

import DOMPurify from 'dompurify';
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import markdownLanguage from 'highlight.js/lib/languages/markdown';
import python from 'highlight.js/lib/languages/python';
import rust from 'highlight.js/lib/languages/rust';
import shell from 'highlight.js/lib/languages/shell';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';
import MarkdownIt from 'markdown-it';

const LANGUAGES = { bash, c, cpp, css, diff, go, java, javascript, json, markdown: markdownLanguage, python, rust, shell, sql, typescript, xml, yaml };
for (const [name, language] of Object.entries(LANGUAGES)) hljs.registerLanguage(name, language);

const LINK_SCHEMES = /^(https?:|mailto:)/i;
/** Private-use character standing for the caret until the HTML is sanitized. */
const CARET_MARK = '\uE000';
const CARET_HTML = '<span class="caret" aria-hidden="true"></span>';

const markdown = new MarkdownIt({
  html: false,
  linkify: true,
  breaks: true,
  highlight(code, language) {
    const name = language.trim().toLowerCase();
    if (name === '' || hljs.getLanguage(name) === undefined) return '';
    return hljs.highlight(code, { language: name, ignoreIllegals: true }).value;
  },
});
markdown.disable('image');

let purifier: ReturnType<typeof DOMPurify> | null = null;

function sanitizer(): ReturnType<typeof DOMPurify> {
  if (purifier !== null) return purifier;
  purifier = DOMPurify(globalThis.window);
  // Without a DOM, DOMPurify would hand HTML back as it is: never show unsanitized HTML.
  if (!purifier.isSupported) throw new Error('Markdown needs a DOM to sanitize its HTML.');
  purifier.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName !== 'A') return;
    const href = node.getAttribute('href') ?? '';
    if (!LINK_SCHEMES.test(href)) {
      node.removeAttribute('href');
      return;
    }
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  });
  return purifier;
}

export function renderMarkdown(source: string, options: { caret?: boolean } = {}): string {
  const html = markdown.render(options.caret === true ? source + CARET_MARK : source);
  const safe = sanitizer().sanitize(html, { USE_PROFILES: { html: true }, FORBID_TAGS: ['style', 'img', 'form', 'input'], FORBID_ATTR: ['style'] });
  if (options.caret !== true) return safe;
  // The last mark is ours: the agent's own text may hold the same private-use character.
  const at = safe.lastIndexOf(CARET_MARK);
  return at === -1 ? safe + CARET_HTML : safe.slice(0, at) + CARET_HTML + safe.slice(at + CARET_MARK.length);
}

import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

/**
 * Markdown to HTML that is safe to insert into a page. Raw HTML in the source is escaped
 * (markdown-it with `html: false`), and the output is then sanitized against an allow-list as
 * defence in depth: no script, no event handlers, no style, no `javascript:`/`data:` URLs.
 */
const markdown = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });

export const SAFE_HTML: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'strong',
    'em',
    's',
    'del',
    'code',
    'pre',
    'blockquote',
    'ul',
    'ol',
    'li',
    'a',
    'img',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'hr',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'span',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel', 'target'],
    img: ['src', 'alt', 'title'],
    span: ['class', 'data-user-id'],
    ol: ['start'],
    th: ['style'],
    td: ['style'],
    code: ['class'],
  },
  allowedStyles: { th: { 'text-align': [/^(left|right|center)$/] }, td: { 'text-align': [/^(left|right|center)$/] } },
  allowedClasses: { span: ['mention'], code: [/^language-[\w-]+$/] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['https'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'escape',
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow noopener noreferrer', target: '_blank' }),
  },
};

export function renderMarkdown(source: string): string {
  return sanitizeHtml(markdown.render(source), SAFE_HTML).trim();
}

/** Sanitizes HTML built after rendering (e.g. with mention markup added). */
export function sanitize(html: string): string {
  return sanitizeHtml(html, SAFE_HTML);
}

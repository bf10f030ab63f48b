import type { MarkdownBlock, MarkdownInline } from '@touchpoint/content';

/**
 * The Markdown subset's parsed blocks (`parseMarkdown`, the one parser of content text) as an
 * email's HTML and plain text. Every character of the content is escaped: the source's raw
 * HTML is text, as it is in the SDK. Links keep only absolute `http:`, `https:` and `mailto:`
 * URLs: an email has no page whose site a relative link could stay on, so those keep their
 * label as text.
 */
export function blocksToEmailHtml(blocks: readonly MarkdownBlock[]): string {
  return blocks
    .map((block) =>
      block.type === 'paragraph'
        ? `<p style="margin:0 0 16px">${inlineHtml(block.children)}</p>`
        : block.ordered
          ? `<ol start="${block.start}" style="margin:0 0 16px">${items(block.items)}</ol>`
          : `<ul style="margin:0 0 16px">${items(block.items)}</ul>`,
    )
    .join('\n');
}

/** The blocks as plain text: lists with their markers, links as `label <url>`, blocks apart by a blank line. */
export function blocksToEmailText(blocks: readonly MarkdownBlock[]): string {
  return blocks
    .map((block) =>
      block.type === 'paragraph'
        ? inlineText(block.children)
        : block.items.map((item, i) => `${block.ordered ? `${block.start + i}.` : '-'} ${inlineText(item)}`).join('\n'),
    )
    .join('\n\n');
}

/** Text escaped for HTML content and double- or single-quoted attribute values. */
export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A link's URL when an email can carry it (absolute http, https or mailto), else undefined. */
const emailHref = (href: string): string | undefined => (/^(https?:\/\/|mailto:)/i.test(href) ? href : undefined);

const items = (list: MarkdownInline[][]) => list.map((item) => `<li>${inlineHtml(item)}</li>`).join('');

function inlineHtml(nodes: readonly MarkdownInline[]): string {
  return nodes
    .map((node) => {
      switch (node.type) {
        case 'text':
          return escapeHtml(node.text);
        case 'break':
          return '<br>';
        case 'strong':
          return `<strong>${inlineHtml(node.children)}</strong>`;
        case 'em':
          return `<em>${inlineHtml(node.children)}</em>`;
        case 'link': {
          const href = emailHref(node.href);
          return href ? `<a href="${escapeHtml(href)}">${inlineHtml(node.children)}</a>` : inlineHtml(node.children);
        }
      }
    })
    .join('');
}

function inlineText(nodes: readonly MarkdownInline[]): string {
  return nodes
    .map((node) => {
      switch (node.type) {
        case 'text':
          return node.text;
        case 'break':
          return '\n';
        case 'strong':
        case 'em':
          return inlineText(node.children);
        case 'link': {
          const label = inlineText(node.children);
          const href = emailHref(node.href);
          const shown = href?.replace(/^mailto:/i, '');
          return href && shown !== label ? `${label} <${shown}>` : label;
        }
      }
    })
    .join('');
}

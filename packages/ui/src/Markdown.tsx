import type { MarkdownBlock, MarkdownInline } from '@touchpoint/content';
import { h } from 'preact';

/** Renders parsed Markdown-subset blocks as elements and text nodes: content is never parsed as HTML. */
export function Markdown({ blocks, id }: { blocks: MarkdownBlock[]; id?: string }) {
  return (
    <div class="body" id={id}>
      {blocks.map((block, i) =>
        block.type === 'paragraph' ? (
          <p key={i}>{inlines(block.children)}</p>
        ) : block.ordered ? (
          <ol key={i} start={block.start}>
            {block.items.map((item, j) => (
              <li key={j}>{inlines(item)}</li>
            ))}
          </ol>
        ) : (
          <ul key={i}>
            {block.items.map((item, j) => (
              <li key={j}>{inlines(item)}</li>
            ))}
          </ul>
        ),
      )}
    </div>
  );
}

function inlines(nodes: MarkdownInline[]) {
  return nodes.map((node, i) => {
    switch (node.type) {
      case 'text':
        return node.text;
      case 'break':
        return <br key={i} />;
      case 'strong':
        return <strong key={i}>{inlines(node.children)}</strong>;
      case 'em':
        return <em key={i}>{inlines(node.children)}</em>;
      case 'link':
        return (
          <a key={i} href={node.href} target="_blank" rel="noopener noreferrer">
            {inlines(node.children)}
          </a>
        );
    }
  });
}

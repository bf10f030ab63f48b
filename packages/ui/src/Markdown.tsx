import { parseMarkdown, type MarkdownInline } from '@touchpoint/content';

/** Renders the safe Markdown subset as elements and text nodes: content is never parsed as HTML. */
export function Markdown({ source, id }: { source: string; id?: string }) {
  return (
    <div class="body" id={id}>
      {parseMarkdown(source).map((block, i) =>
        block.type === 'paragraph' ? (
          <p key={i}>{inlines(block.children)}</p>
        ) : block.ordered ? (
          <ol key={i} start={block.start}>
            {block.items.map((item, j) => <li key={j}>{inlines(item)}</li>)}
          </ol>
        ) : (
          <ul key={i}>{block.items.map((item, j) => <li key={j}>{inlines(item)}</li>)}</ul>
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

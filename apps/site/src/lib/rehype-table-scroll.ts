/**
 * Wraps every table of the Markdown/MDX content in `<div class="table-scroll" tabindex="0">`, so a wide
 * table scrolls sideways on a phone instead of squeezing its columns, and the scrolling region can be
 * reached and scrolled with the keyboard. GFM column alignment (which hast writes as inline `style`,
 * forbidden by the CSP) is moved to a class.
 */
interface HastNode {
  type: string;
  tagName?: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
}

const ALIGN = /text-align:\s*(left|right|center)/;

function alignToClass(node: HastNode): void {
  const style = node.properties?.style;
  if (typeof style !== 'string') return;
  const match = style.match(ALIGN);
  delete node.properties!.style;
  if (match) node.properties!.className = [`align-${match[1]}`];
}

function walk(node: HastNode): void {
  if (!node.children) return;
  node.children = node.children.map((child) => {
    if (child.tagName === 'th' || child.tagName === 'td') alignToClass(child);
    walk(child);
    if (child.type !== 'element' || child.tagName !== 'table') return child;
    return {
      type: 'element',
      tagName: 'div',
      properties: { className: ['table-scroll'], tabIndex: 0 },
      children: [child],
    };
  });
}

export function rehypeTableScroll() {
  return (tree: HastNode): void => walk(tree);
}

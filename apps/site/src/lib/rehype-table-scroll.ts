/**
 * Code blocks get `tabindex="0"` (they scroll sideways when a line is long).
 *
 * Wraps every table of the Markdown/MDX content in `<div class="table-scroll" tabindex="0">`, so a wide
 * table scrolls sideways on a phone instead of squeezing its columns, and the scrolling region can be
 * reached and scrolled with the keyboard. GFM column alignment (which hast writes as inline `style`,
 * forbidden by the CSP) is moved to a class. Each body cell is labelled with its column's heading
 * (`data-label`), so that on a phone the CSS can show a row as a card of labelled lines instead (class
 * `table-stack`): a table of prose columns cut off at the screen's edge is hard to read.
 */
interface HastNode {
  type: string;
  tagName?: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
  value?: string;
}

const ALIGN = /text-align:\s*(left|right|center)/;

function alignToClass(node: HastNode): void {
  const style = node.properties?.style;
  if (typeof style !== 'string') return;
  const match = style.match(ALIGN);
  delete node.properties!.style;
  if (match) node.properties!.className = [`align-${match[1]}`];
}

function text(node: HastNode): string {
  if (node.type === 'text') return node.value ?? '';
  return (node.children ?? []).map(text).join('');
}

const elements = (node: HastNode, tagName: string): HastNode[] =>
  (node.children ?? []).filter((child) => child.type === 'element' && child.tagName === tagName);

/** Labels each body cell with its column's heading; false when the table has no heading row. */
function labelCells(table: HastNode): boolean {
  const head = elements(table, 'thead')[0];
  const headings = head ? elements(elements(head, 'tr')[0] ?? {}, 'th').map((th) => text(th).trim()) : [];
  if (headings.length < 2) return false;
  for (const body of elements(table, 'tbody')) {
    for (const row of elements(body, 'tr')) {
      elements(row, 'td').forEach((cell, i) => {
        if (headings[i]) cell.properties = { ...cell.properties, dataLabel: headings[i] };
      });
    }
  }
  return true;
}

function walk(node: HastNode): void {
  if (!node.children) return;
  node.children = node.children.map((child) => {
    if (child.tagName === 'th' || child.tagName === 'td') alignToClass(child);
    // A code block scrolls sideways when a line is long: like a table, it must be reachable by keyboard.
    if (child.type === 'element' && child.tagName === 'pre') child.properties = { ...child.properties, tabIndex: 0 };
    walk(child);
    if (child.type !== 'element' || child.tagName !== 'table') return child;
    return {
      type: 'element',
      tagName: 'div',
      properties: { className: labelCells(child) ? ['table-scroll', 'table-stack'] : ['table-scroll'], tabIndex: 0 },
      children: [child],
    };
  });
}

export function rehypeTableScroll() {
  return (tree: HastNode): void => walk(tree);
}

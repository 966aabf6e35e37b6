/**
 * "What changed" between two versions of a legal text: the MDX source reduced to its text blocks
 * (headings, paragraphs, list items, table rows; Markdown syntax removed), blocks aligned between the
 * versions, and each changed block compared word by word. A reader sees whole paragraphs, with the
 * inserted and deleted words marked inside them.
 */
import { diffArrays, diffWords, diffWordsWithSpace } from 'diff';

export type BlockKind = 'h2' | 'h3' | 'h4' | 'p' | 'li' | 'row';

export interface TextBlock {
  kind: BlockKind;
  text: string;
}

export interface DiffPart {
  type: 'same' | 'ins' | 'del';
  text: string;
}

export interface DiffBlock {
  kind: BlockKind;
  status: 'same' | 'changed' | 'added' | 'removed';
  parts: DiffPart[];
}

/** Markdown inline syntax to plain text: links keep their text, emphasis and code marks go. */
export function plainInline(text: string): string {
  return text
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<\/?[A-Za-z][^>]*>/g, '')
    .replace(/\{#[^}]*\}/g, '')
    .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '$2')
    .replace(/(^|[^\w*])\*(?=\S)([^*]*?\S)\*/g, '$1$2')
    .replace(/(^|[^\w])_(?=\S)([^_]*?\S)_(?!\w)/g, '$1$2')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\\([\\`*_{}[\]()#+\-.!|<>~])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** How a table row's cells are joined in its text (and split again for display). */
const CELL_SEPARATOR = ' | ';

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const LIST_ITEM = /^\s*(?:[-*+]|\d+[.)])\s+(.*)$/;
const TABLE_ROW = /^\s*\|(.*)\|?\s*$/;
const TABLE_RULE = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;

/** The text blocks of an MDX body (frontmatter already removed), in order. */
export function textBlocks(body: string): TextBlock[] {
  const blocks: TextBlock[] = [];
  let open: TextBlock | undefined;
  const flush = () => {
    if (open) {
      open.text = plainInline(open.text);
      if (open.text) blocks.push(open);
    }
    open = undefined;
  };
  let fence = false;
  for (const line of body.split(/\r?\n/)) {
    if (/^\s*(```|~~~)/.test(line)) {
      flush();
      fence = !fence;
      continue;
    }
    if (fence) {
      blocks.push({ kind: 'p', text: line });
      continue;
    }
    if (/^(import|export)\s/.test(line) || /^\s*$/.test(line)) {
      flush();
      continue;
    }
    const heading = line.match(HEADING);
    if (heading) {
      flush();
      const level = Math.min(Math.max(heading[1].length, 2), 4);
      blocks.push({ kind: `h${level}` as BlockKind, text: plainInline(heading[2]) });
      continue;
    }
    if (TABLE_RULE.test(line) && line.includes('-')) continue;
    const row = line.match(TABLE_ROW);
    if (row) {
      flush();
      const cells = row[1]
        .replace(/\|\s*$/, '')
        .split(/(?<!\\)\|/)
        .map((cell) => plainInline(cell));
      blocks.push({ kind: 'row', text: cells.join(CELL_SEPARATOR) });
      continue;
    }
    const item = line.match(LIST_ITEM);
    if (item) {
      flush();
      open = { kind: 'li', text: item[1] };
      continue;
    }
    const quote = line.replace(/^\s*>\s?/, '');
    if (open) open.text += ` ${quote}`;
    else open = { kind: 'p', text: quote };
  }
  flush();
  return blocks;
}

/** How alike two texts are, 0..1: the share of characters a word diff keeps. */
function similarity(a: string, b: string): number {
  const kept = diffWords(a, b)
    .filter((part) => !part.added && !part.removed)
    .reduce((sum, part) => sum + part.value.length, 0);
  return (2 * kept) / Math.max(1, a.length + b.length);
}

const SIMILAR = 0.45;

function wordDiff(before: string, after: string): DiffPart[] {
  return coalesce(
    diffWordsWithSpace(before, after).map((part) => ({
      type: part.added ? 'ins' : part.removed ? 'del' : 'same',
      text: part.value,
    })),
  );
}

const isChange = (part: DiffPart | undefined) => part !== undefined && part.type !== 'same';

/**
 * Joins changes separated only by spaces into one deletion and one insertion: "[− kept −] [+ stored as
 * hashes +]" reads better than "[− kept −][+ stored +] [+ as hashes +]".
 */
function coalesce(parts: DiffPart[]): DiffPart[] {
  const out: DiffPart[] = [];
  for (let i = 0; i < parts.length;) {
    if (!isChange(parts[i])) {
      out.push(parts[i++]);
      continue;
    }
    let removed = '';
    let added = '';
    while (i < parts.length) {
      const part = parts[i];
      const bridge = part.type === 'same' && part.text.trim() === '' && isChange(parts[i + 1]);
      if (!isChange(part) && !bridge) break;
      if (part.type !== 'ins') removed += part.text;
      if (part.type !== 'del') added += part.text;
      i++;
    }
    if (removed) out.push({ type: 'del', text: removed });
    if (added) out.push({ type: 'ins', text: added });
  }
  return out;
}

/**
 * Pairs removed and added blocks of one changed stretch: each added block takes the first later removed
 * block of the same kind that is similar enough, so a reworded paragraph shows as one paragraph with word
 * changes. Between pairs, the unpaired old blocks (deletions) come before the unpaired new ones
 * (insertions), as a reader compares them.
 */
function pairStretch(removed: TextBlock[], added: TextBlock[]): DiffBlock[] {
  const out: DiffBlock[] = [];
  let nextRemoved = 0;
  let pending: TextBlock[] = [];
  const emitUnpaired = (untilRemoved: number) => {
    for (const old of removed.slice(nextRemoved, untilRemoved)) {
      out.push({ kind: old.kind, status: 'removed', parts: [{ type: 'del', text: old.text }] });
    }
    for (const block of pending) {
      out.push({ kind: block.kind, status: 'added', parts: [{ type: 'ins', text: block.text }] });
    }
    nextRemoved = untilRemoved;
    pending = [];
  };
  for (const block of added) {
    const match = removed.findIndex(
      (old, i) => i >= nextRemoved && old.kind === block.kind && similarity(old.text, block.text) >= SIMILAR,
    );
    if (match < 0) {
      pending.push(block);
      continue;
    }
    emitUnpaired(match);
    out.push({ kind: block.kind, status: 'changed', parts: wordDiff(removed[match].text, block.text) });
    nextRemoved = match + 1;
  }
  emitUnpaired(removed.length);
  return out;
}

/** The blocks of `after`, with what `before` had instead marked as deletions. */
export function diffTexts(before: string, after: string): DiffBlock[] {
  const changes = diffArrays(textBlocks(before), textBlocks(after), {
    comparator: (a, b) => a.kind === b.kind && a.text === b.text,
  });
  const out: DiffBlock[] = [];
  let removed: TextBlock[] = [];
  let added: TextBlock[] = [];
  const settle = () => {
    out.push(...pairStretch(removed, added));
    removed = [];
    added = [];
  };
  for (const change of changes) {
    if (change.removed) removed.push(...change.value);
    else if (change.added) added.push(...change.value);
    else {
      settle();
      for (const block of change.value) {
        out.push({ kind: block.kind, status: 'same', parts: [{ type: 'same', text: block.text }] });
      }
    }
  }
  settle();
  return out;
}

/** The number of inserted and deleted stretches that contain more than whitespace. */
export function countChanges(blocks: DiffBlock[]): { ins: number; del: number } {
  const parts = blocks.flatMap((block) => block.parts).filter((part) => part.text.trim() !== '');
  return {
    ins: parts.filter((part) => part.type === 'ins').length,
    del: parts.filter((part) => part.type === 'del').length,
  };
}

/**
 * The cells of a table row's diff (its text joins cells with " | "), each cell keeping its marks. The
 * word diff may cut a separator in two (a changed cell's last space deleted, its " |" kept), so cells
 * are split at every bar of the new text (unchanged or inserted) and the spaces around a bar trimmed;
 * a stretch left as nothing but a space is dropped rather than shown as a marked blank.
 */
export function rowCells(parts: DiffPart[]): DiffPart[][] {
  const cells: DiffPart[][] = [[]];
  for (const part of parts) {
    const pieces = part.type === 'del' ? [part.text] : part.text.split(CELL_SEPARATOR.trim());
    pieces.forEach((text, i) => {
      if (i > 0) cells.push([]);
      if (text !== '') cells[cells.length - 1].push({ type: part.type, text });
    });
  }
  return cells.map((cell) => {
    // A removed space says nothing to a reader; an added one is just text.
    const kept = cell
      .filter((part) => part.type !== 'del' || part.text.trim() !== '')
      .map((part) => (part.text.trim() === '' ? { type: 'same' as const, text: part.text } : part));
    while (kept.length > 0 && kept[0].text.trim() === '') kept.shift();
    while (kept.length > 0 && kept[kept.length - 1].text.trim() === '') kept.pop();
    if (kept.length === 0) return kept;
    kept[0] = { ...kept[0], text: kept[0].text.trimStart() };
    const last = kept.length - 1;
    kept[last] = { ...kept[last], text: kept[last].text.trimEnd() };
    return kept;
  });
}

import { countChanges, diffTexts, plainInline, rowCells, textBlocks } from '../src/lib/legal-diff';

describe('legal text diff', () => {
  it('reads an MDX body as headings, paragraphs, list items and table rows without Markdown syntax', () => {
    const body = [
      'import Note from "./note.astro";',
      '',
      '## 2. What **we** collect',
      '',
      '| Category | Examples |',
      '| --- | --- |',
      '| Account | Email, [OAuth](https://example.com) subject |',
      '',
      'We do *not* keep',
      'prompt content.',
      '',
      '- Browser fingerprints.',
      '- Your `contacts`.',
    ].join('\n');
    expect(textBlocks(body)).toEqual([
      { kind: 'h2', text: '2. What we collect' },
      { kind: 'row', text: 'Category | Examples' },
      { kind: 'row', text: 'Account | Email, OAuth subject' },
      { kind: 'p', text: 'We do not keep prompt content.' },
      { kind: 'li', text: 'Browser fingerprints.' },
      { kind: 'li', text: 'Your contacts.' },
    ]);
    expect(plainInline('snake_case_name and _emphasis_')).toBe('snake_case_name and emphasis');
  });

  it('shows a reworded paragraph as one paragraph with word changes, and new paragraphs as insertions', () => {
    const before = '## 8. Security\n\nSession tokens are kept server-side.\n\nWe review access yearly.\n';
    const after =
      '## 8. Security\n\nSession tokens are stored as hashes server-side.\n\nA new paragraph about keys.\n\nWe review access yearly.\n';
    const blocks = diffTexts(before, after);
    expect(blocks.map((b) => [b.kind, b.status])).toEqual([
      ['h2', 'same'],
      ['p', 'changed'],
      ['p', 'added'],
      ['p', 'same'],
    ]);
    const changed = blocks[1].parts;
    expect(changed.filter((p) => p.type === 'del').map((p) => p.text.trim())).toEqual(['kept']);
    expect(changed.filter((p) => p.type === 'ins').map((p) => p.text.trim())).toEqual(['stored as hashes']);
    expect(changed.map((p) => p.text).join('')).toContain('Session tokens are ');
    expect(countChanges(blocks)).toEqual({ ins: 2, del: 1 });
  });

  it('shows a removed paragraph as a deletion', () => {
    const blocks = diffTexts('First.\n\nGone entirely, nothing like it.\n\nLast.\n', 'First.\n\nLast.\n');
    expect(blocks.map((b) => b.status)).toEqual(['same', 'removed', 'same']);
  });

  it('keeps a changed table row in its cells when the word diff cuts a separator', () => {
    const table = (middle: string, last: string) =>
      `| Category | Examples | Purpose |\n| --- | --- | --- |\n| Authentication | ${middle} | ${last} |\n`;
    const [, row] = diffTexts(
      table('Session tokens (encrypted at rest)', 'Login'),
      table('Session tokens (encrypted at rest), API keys (hashed)', 'Login, API requests'),
    );
    const cells = rowCells(row.parts);
    const text = (cell: (typeof cells)[number], type: string) =>
      cell
        .filter((p) => p.type !== type)
        .map((p) => p.text)
        .join('');
    expect(cells.map((cell) => text(cell, 'del'))).toEqual([
      'Authentication',
      'Session tokens (encrypted at rest), API keys (hashed)',
      'Login, API requests',
    ]);
    expect(cells.map((cell) => text(cell, 'ins'))).toEqual([
      'Authentication',
      'Session tokens (encrypted at rest)',
      'Login',
    ]);
  });
});

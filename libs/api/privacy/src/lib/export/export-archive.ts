import { ZipFile } from 'yazl';
import type { PersonalDataFile, PersonalDataRow } from '../ports/personal-data-source.port';

/** A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR): prefixed with `'`. */
const FORMULA_START = /^[=+\-@\t\r]/;

function csvCell(value: PersonalDataRow[string]): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 CSV: a header of every field any row has, then one line per row (CRLF, UTF-8 with BOM for Excel). */
export function toCsv(rows: readonly PersonalDataRow[]): string {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  if (columns.length === 0) return '\uFEFF';
  const lines = [
    columns.map((c) => csvCell(c)).join(','),
    ...rows.map((r) => columns.map((c) => csvCell(r[c] ?? null)).join(',')),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export function toJson(rows: readonly PersonalDataRow[]): string {
  return `${JSON.stringify(rows, null, 2)}\n`;
}

/** What the README says of each file. */
export interface ArchivedFile {
  name: string;
  description: string;
  records: number;
}

export function readme(files: readonly ArchivedFile[], createdAt: Date, expiresInDays: number): string {
  const lines = [
    'VIPCloud: your personal data',
    '============================',
    '',
    `This archive was made on ${createdAt.toISOString()} at your request. It holds every kind of personal`,
    'data VIPCloud keeps about your account, one file per kind: JSON files hold a list of objects, CSV files one',
    'record per line (UTF-8, comma-separated, first line the column names). Times are UTC (ISO 8601). Amounts of',
    'credit are in micro-USD (1 USD = 1,000,000). Empty fields mean "not set". A CSV value that a spreadsheet',
    "would run as a formula starts with ' so that it is shown, not run.",
    '',
    'Secrets are left out on purpose: the hashes of your API keys and of your sign-in sessions, and the tokens of',
    'your linked sign-in providers. The text of your requests (prompts and completions) is not kept with their',
    'metadata, so it is not in request-metadata.csv.',
    '',
    `The download link works for ${expiresInDays} days; then the archive is deleted from our servers.`,
    '',
    'Files',
    '-----',
    '',
  ];
  for (const f of files) {
    lines.push(`${f.name} (${f.records} record${f.records === 1 ? '' : 's'})`);
    lines.push(`  ${f.description}`, '');
  }
  lines.push(
    'Questions, corrections, objections: see "Your rights" in the privacy policy, or the privacy centre in the portal.',
  );
  return `${lines.join('\n')}\n`;
}

/**
 * Writes the archive: each source's files (JSON or CSV), then README.txt. A name two sources both
 * chose is kept apart by the second source's kind, so no file replaces another.
 */
export function buildArchive(
  sources: ReadonlyArray<{ kind: string; files: PersonalDataFile[] }>,
  createdAt: Date,
  expiresInDays: number,
): Promise<Buffer> {
  const zip = new ZipFile();
  const written: ArchivedFile[] = [];
  const taken = new Set<string>(['README.txt']);
  for (const { kind, files } of sources) {
    for (const file of files) {
      const name = taken.has(file.name) ? `${kind}-${file.name}` : file.name;
      taken.add(name);
      const body = file.format === 'csv' ? toCsv(file.rows) : toJson(file.rows);
      zip.addBuffer(Buffer.from(body, 'utf8'), name, { mtime: createdAt });
      written.push({ name, description: file.description, records: file.rows.length });
    }
  }
  zip.addBuffer(Buffer.from(readme(written, createdAt, expiresInDays), 'utf8'), 'README.txt', { mtime: createdAt });
  zip.end();
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    zip.outputStream.on('data', (part: Buffer) => parts.push(part));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => resolve(Buffer.concat(parts)));
  });
}

/** The archive in pieces of at most `size` bytes, for storage. */
export function split(archive: Buffer, size: number): Buffer[] {
  const pieces: Buffer[] = [];
  for (let at = 0; at < archive.length; at += size) pieces.push(archive.subarray(at, at + size));
  return pieces;
}

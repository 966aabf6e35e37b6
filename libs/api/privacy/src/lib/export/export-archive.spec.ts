import yauzl from 'yauzl';
import { buildArchive, readme, split, toCsv, toJson } from './export-archive';

function names(archive: Buffer): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(archive, { lazyEntries: false }, (err, zip) => {
      if (err || !zip) return reject(err);
      const found: string[] = [];
      zip.on('entry', (e: yauzl.Entry) => found.push(e.fileName));
      zip.on('end', () => resolve(found));
      zip.on('error', reject);
    });
  });
}

describe('export archive', () => {
  it('writes RFC 4180 CSV with a header of every field, quoting what needs it', () => {
    const csv = toCsv([
      { id: 'a', note: 'plain', n: 3 },
      { id: 'b', note: 'comma, "quote"\nline', extra: true },
    ]);
    expect(csv).toBe('\uFEFFid,note,n,extra\r\na,plain,3,\r\nb,"comma, ""quote""\nline",,true\r\n');
    expect(toCsv([])).toBe('\uFEFF');
  });

  it('keeps a spreadsheet from running a text cell as a formula, but not a negative number', () => {
    const csv = toCsv([{ name: '=HYPERLINK("http://x")', at: '@SUM(A1)', amount: -5 }]);
    expect(csv.split('\r\n')[1]).toBe(`"'=HYPERLINK(""http://x"")",'@SUM(A1),-5`);
  });

  it('writes JSON as a list of objects', () => {
    expect(JSON.parse(toJson([{ a: 1 }, { a: null }]))).toEqual([{ a: 1 }, { a: null }]);
  });

  it('describes each file with its record count in the README', () => {
    const text = readme(
      [
        { name: 'profile.json', description: 'Your account.', records: 1 },
        { name: 'sessions.csv', description: 'Your sign-ins.', records: 2 },
      ],
      new Date('2026-11-28T10:00:00Z'),
      7,
    );
    expect(text).toContain('profile.json (1 record)\n  Your account.');
    expect(text).toContain('sessions.csv (2 records)\n  Your sign-ins.');
    expect(text).toContain('7 days');
  });

  it('builds a ZIP a standard reader opens, keeping apart two files of the same name', async () => {
    const archive = await buildArchive(
      [
        { kind: 'a.one', files: [{ name: 'data.csv', description: 'One.', format: 'csv', rows: [{ x: 1 }] }] },
        { kind: 'b.two', files: [{ name: 'data.csv', description: 'Two.', format: 'json', rows: [] }] },
      ],
      new Date('2026-11-28T10:00:00Z'),
      7,
    );
    expect((await names(archive)).sort()).toEqual(['README.txt', 'b.two-data.csv', 'data.csv']);
    const pieces = split(archive, 100);
    expect(Buffer.concat(pieces).equals(archive)).toBe(true);
    expect(pieces.every((p) => p.length <= 100)).toBe(true);
  });
});

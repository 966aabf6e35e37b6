// A legal file with a missing or wrong frontmatter field fails the build, and the message names the
// file and the field, so the legal team can fix it without reading a stack trace.
import path from 'node:path';
import { buildSite } from './build-site';
import { mdx, TestContent, validLegal } from './site-test-content';

jest.setTimeout(180_000);

const FILE = 'legal/privacy/2026-04-26.en.mdx';

async function failingBuild(
  frontmatter: object,
  others: Record<string, object> = {},
): Promise<{ output: string; file: string; repoPath: (file: string) => string }> {
  const content = await TestContent.create();
  try {
    await content.write(FILE, mdx(frontmatter));
    for (const [file, data] of Object.entries(others)) await content.write(file, mdx(data));
    const { code, output } = await buildSite({
      contentDir: content.dir,
      outDir: path.join(content.dir, 'out'),
      cacheDir: path.join(content.dir, 'cache'),
    });
    expect(code).not.toBe(0);
    return { output, file: content.repoPath(FILE), repoPath: (file) => content.repoPath(file) };
  } finally {
    await content.remove();
  }
}

describe('the site build with a broken legal file', () => {
  it('fails when a field is missing, naming the file and the field', async () => {
    const { summary: _summary, ...withoutSummary } = validLegal('2026-04-26');
    const { output, file } = await failingBuild(withoutSummary);
    expect(output).toContain(`${file}: field "summary": Required`);
  });

  it('fails when the version differs from the file name, naming the file and the field', async () => {
    const { output, file } = await failingBuild({ ...validLegal('2026-04-26'), version: '2026-04-27' });
    expect(output).toContain(`${file}: field "version" is "2026-04-27" but the file name says "2026-04-26"`);
  });

  it('fails when a field has the wrong type, naming the file and the field', async () => {
    const { output, file } = await failingBuild({ ...validLegal('2026-04-26'), material: 'yes', effective: 'soon' });
    expect(output).toContain(`${file}: field "material": Expected boolean, received string`);
    expect(output).toContain(`${file}: field "effective": must be a date written YYYY-MM-DD`);
  });

  it('fails when a later version takes effect before an earlier one, naming the later file', async () => {
    const later = 'legal/privacy/2026-05-01.en.mdx';
    const { output, repoPath } = await failingBuild(
      { ...validLegal('2026-04-26'), effective: '2026-06-01' },
      { [later]: validLegal('2026-05-01') },
    );
    expect(output).toContain(
      `${repoPath(later)}: field "effective" is "2026-05-01", before version 2026-04-26's "2026-06-01"`,
    );
  });
});

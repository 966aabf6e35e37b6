import { rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { FakeClock } from '@vipcloud/platform/testing';
import { legalManifestFixture, manifestVersion, writeLegalManifest } from '../../testing';
import { LegalManifestError } from '../manifest/legal-manifest.loader';
import { LegalDocumentsService } from './legal-documents.service';

const manifest = legalManifestFixture({
  terms: [
    manifestVersion('terms', '2026-04-26', { material: true }),
    manifestVersion('terms', '2026-09-01', { material: true, summary: 'New section 4.' }),
    manifestVersion('terms', '2026-10-01', { summary: 'Typo.' }),
    manifestVersion('terms', '2027-01-01', { material: true, effective: '2027-02-01' }),
  ],
  privacy: [manifestVersion('privacy', '2026-04-26'), manifestVersion('privacy', '2026-11-28', { material: true })],
});

describe('LegalDocumentsService', () => {
  const files: string[] = [];
  afterAll(() => files.forEach((f) => rmSync(dirname(f), { recursive: true, force: true })));

  function service(at: string, content: unknown = manifest): LegalDocumentsService {
    const path = writeLegalManifest(manifest);
    files.push(path);
    if (content !== manifest) writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return new LegalDocumentsService({ manifestPath: path }, new FakeClock(new Date(at)));
  }

  it('takes the newest version whose effective day (UTC) has begun as current', () => {
    expect(service('2026-09-30T23:59:59Z').currentTermsVersion()).toBe('2026-09-01');
    expect(service('2026-10-01T00:00:00Z').currentTermsVersion()).toBe('2026-10-01');
    // Published ahead: 2027-01-01 takes effect on 2027-02-01.
    expect(service('2027-01-15T00:00:00Z').currentTermsVersion()).toBe('2026-10-01');
    expect(service('2027-02-01T00:00:00Z').currentTermsVersion()).toBe('2027-01-01');
    expect(service('2026-01-01T00:00:00Z').current('terms')).toBeNull();
  });

  it('lists material versions, never a document’s first', () => {
    expect(
      service('2026-11-28T00:00:00Z')
        .materialVersions()
        .map((v) => `${v.document} ${v.version}`),
    ).toEqual(['privacy 2026-11-28', 'terms 2026-09-01', 'terms 2027-01-01']);
  });

  it('asks for acceptance of the current version when a material version newer than the accepted one is in effect', () => {
    const legal = service('2026-10-05T00:00:00Z');
    expect(legal.termsAcceptanceRequired('2026-04-26')).toEqual({
      version: '2026-10-01',
      materialVersion: '2026-09-01',
      effective: '2026-09-01',
      summary: 'New section 4.',
      changesPath: '/legal/terms/2026-09-01/changes',
    });
    expect(legal.termsAcceptanceRequired(null)).toMatchObject({ version: '2026-10-01' });
    expect(legal.termsAcceptanceRequired('2026-09-01')).toBeNull();
    expect(legal.termsAcceptanceRequired('2026-10-01')).toBeNull();
    expect(service('2026-08-01T00:00:00Z').termsAcceptanceRequired('2026-04-26')).toBeNull();
  });

  it('says to build the site when the manifest is missing, naming the path', () => {
    const legal = new LegalDocumentsService({ manifestPath: '/nonexistent/legal-manifest.json' }, new FakeClock());
    expect(() => legal.manifest()).toThrow(LegalManifestError);
    expect(() => legal.manifest()).toThrow(
      '/nonexistent/legal-manifest.json does not exist: build the site first: npm run build',
    );
  });

  it('names the file and the problem when the manifest is invalid', () => {
    expect(() => service('2026-10-01T00:00:00Z', '{').manifest()).toThrow(/legal-manifest\.json is not JSON/);
    const noTerms = { ...manifest, documents: manifest.documents.filter((d) => d.id !== 'terms') };
    expect(() => service('2026-10-01T00:00:00Z', noTerms).manifest()).toThrow(/document 'terms' must appear once/);
    const badDate = legalManifestFixture({ terms: [manifestVersion('terms', '2026-02-30')] });
    expect(() => service('2026-10-01T00:00:00Z', badDate).manifest()).toThrow(
      /legal-manifest\.json is not valid[\s\S]*documents\[1\]\.versions\[0\]\.version/,
    );
    const unordered = legalManifestFixture({
      terms: [manifestVersion('terms', '2026-09-01'), manifestVersion('terms', '2026-04-26')],
    });
    expect(() => service('2026-10-01T00:00:00Z', unordered).manifest()).toThrow(/oldest first/);
    const effectiveBackwards = legalManifestFixture({
      terms: [
        manifestVersion('terms', '2026-04-26', { effective: '2027-01-01', material: true }),
        manifestVersion('terms', '2026-09-01', { effective: '2026-12-20' }),
      ],
    });
    expect(() => service('2026-10-01T00:00:00Z', effectiveBackwards).manifest()).toThrow(
      /takes effect \(2026-12-20\) before the version before it \(2027-01-01\)[\s\S]*versions\[1\]\.effective/,
    );
  });
});

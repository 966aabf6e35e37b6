import { Injectable } from '@nestjs/common';
import type { LegalDocumentId, LegalManifest, LegalManifestVersion } from '@vipcloud/contracts';
import { Clock } from '@vipcloud/platform';
import { InjectLegalConfig, LegalConfig } from '../legal.config';
import { loadLegalManifest } from '../manifest/legal-manifest.loader';

/** A material version of a document: users are told by email, and for the Terms asked to accept again. */
export interface MaterialVersion extends LegalManifestVersion {
  document: LegalDocumentId;
}

/** What a user who accepted older Terms must do: accept `version`, having read what changed. */
export interface TermsAcceptance {
  /** The current Terms version, the only one `acceptTerms` takes. */
  version: string;
  /** The newest material version newer than the one accepted (usually `version` itself). */
  materialVersion: string;
  effective: string;
  /** What changed in `materialVersion`, one or two sentences. */
  summary: string;
  /** The site's "what changed" page of `materialVersion`, e.g. /legal/terms/2026-11-28/changes. */
  changesPath: string;
}

/** The site's "what changed" page of a version (a path; the site is served on PUBLIC_URL). */
export function changesPath(document: LegalDocumentId, version: string): string {
  return `/legal/${document}/${version}/changes`;
}

/**
 * The legal documents' versions, from the manifest the site's build writes. The file is read on
 * first use, not at construction: the operator CLI composes this service (through accounts) but
 * only its legal commands need the file. The API and the worker read it at start (LegalModule),
 * so a missing or broken manifest stops them before they serve anything.
 */
@Injectable()
export class LegalDocumentsService {
  private loaded: LegalManifest | null = null;

  constructor(
    @InjectLegalConfig() private readonly config: LegalConfig,
    private readonly clock: Clock,
  ) {}

  /** The manifest, read and validated once; throws LegalManifestError when missing or invalid. */
  manifest(): LegalManifest {
    this.loaded ??= loadLegalManifest(this.config.manifestPath);
    return this.loaded;
  }

  /** Every version of a document, oldest first. */
  versions(document: LegalDocumentId): readonly LegalManifestVersion[] {
    const doc = this.manifest().documents.find((d) => d.id === document);
    // The schema requires every document; this only guards a manifest type widened later.
    if (!doc) throw new Error(`the legal manifest has no document '${document}'`);
    return doc.versions;
  }

  version(document: LegalDocumentId, version: string): LegalManifestVersion | null {
    return this.versions(document).find((v) => v.version === version) ?? null;
  }

  /** The day (UTC) a moment falls on, as the manifest writes dates. */
  today(at: Date = this.clock.now()): string {
    return at.toISOString().slice(0, 10);
  }

  /** The versions in effect at `at`: those whose effective day (UTC) has begun. */
  inEffect(document: LegalDocumentId, at: Date = this.clock.now()): LegalManifestVersion[] {
    const today = this.today(at);
    return this.versions(document).filter((v) => v.effective <= today);
  }

  /** The newest version in effect at `at` (null before the first takes effect). */
  current(document: LegalDocumentId, at: Date = this.clock.now()): LegalManifestVersion | null {
    return this.inEffect(document, at).at(-1) ?? null;
  }

  /** The Terms version sign-up must accept now. */
  currentTermsVersion(): string {
    const terms = this.current('terms');
    if (!terms) throw new Error('no version of the Terms of Service is in effect yet (see the legal manifest)');
    return terms.version;
  }

  /**
   * Every material version of both documents, oldest first per document. A document's first
   * version is never one: it changes nothing anybody accepted or was told before.
   */
  materialVersions(): MaterialVersion[] {
    return this.manifest().documents.flatMap((doc) =>
      doc.versions.slice(1).flatMap((v) => (v.material ? [{ ...v, document: doc.id }] : [])),
    );
  }

  /** The newest material Terms version in effect (null when none is). */
  latestMaterialTerms(at: Date = this.clock.now()): MaterialVersion | null {
    const today = this.today(at);
    return (
      this.materialVersions()
        .filter((v) => v.document === 'terms' && v.effective <= today)
        .at(-1) ?? null
    );
  }

  /**
   * Whether an account that accepted `accepted` (null: none recorded) must accept the Terms again:
   * when a material version newer than it is in effect. Versions are dates, so they compare as text.
   */
  termsAcceptanceRequired(accepted: string | null, at: Date = this.clock.now()): TermsAcceptance | null {
    const material = this.latestMaterialTerms(at);
    if (!material || (accepted !== null && accepted >= material.version)) return null;
    const current = this.current('terms', at) as LegalManifestVersion;
    return {
      version: current.version,
      materialVersion: material.version,
      effective: material.effective,
      summary: material.summary,
      changesPath: changesPath('terms', material.version),
    };
  }
}

/**
 * The privacy centre: every right of the privacy policy in one page — see the data (access), export
 * it, consents, debug captures, requests (objection, complaint) and closing the account. Each section
 * loads on its own, so one failing leaves the others usable.
 */
import { CONTACT_DEFAULTS } from '@vipcloud/contracts';
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { usePortal } from '../components/portal-app.component';
import { CloseAccountSection } from './close-account.component';
import { ConsentsSection } from './consents.component';
import { DataExportSection } from './data-export.component';
import { DataOverview } from './data-overview.component';
import { DebugCapturesSection } from './debug-captures.component';
import { privacyText as text } from './privacy.strings';
import { RightsRequestsSection } from './rights-requests.component';

/** The privacy address the site was built with (the page's Astro file writes it; the default otherwise). */
function privacyAddress(): string {
  return document.getElementById('privacy-contact')?.dataset['address'] || CONTACT_DEFAULTS.privacy;
}

const SECTIONS = [
  { id: 'data', heading: 'data.heading' },
  { id: 'export', heading: 'export.heading' },
  { id: 'consents', heading: 'consents.heading' },
  { id: 'debug', heading: 'debug.heading' },
  { id: 'requests', heading: 'requests.heading' },
  { id: 'close', heading: 'close.heading' },
] as const;

type SectionId = (typeof SECTIONS)[number]['id'];

function Section({ id, children }: { id: SectionId; children: ComponentChildren }) {
  const { locale } = usePortal();
  const heading = SECTIONS.find((s) => s.id === id)?.heading ?? 'data.heading';
  return (
    <section id={id} aria-labelledby={`${id}-heading`} class="privacy-section">
      <h2 id={`${id}-heading`}>{text(locale, heading)}</h2>
      {children}
    </section>
  );
}

export function PrivacyPage() {
  const { locale, me } = usePortal();
  // An export or a consent change records a rights request and adds to the data: the sections that
  // list those load again when it happens.
  const [revision, setRevision] = useState(0);
  const changed = () => setRevision((r) => r + 1);
  return (
    <div class="privacy">
      <nav class="privacy-contents" aria-label={text(locale, 'contents')}>
        <ul class="page-links">
          {SECTIONS.map((s) => (
            <li key={s.id}>
              <a href={`#${s.id}`}>{text(locale, s.heading)}</a>
            </li>
          ))}
        </ul>
      </nav>
      <Section id="data">
        <DataOverview locale={locale} revision={revision} />
      </Section>
      <Section id="export">
        <DataExportSection locale={locale} onChange={changed} />
      </Section>
      <Section id="consents">
        <ConsentsSection locale={locale} onChange={changed} />
      </Section>
      <Section id="debug">
        <DebugCapturesSection locale={locale} />
      </Section>
      <Section id="requests">
        <RightsRequestsSection locale={locale} privacyEmail={privacyAddress()} revision={revision} />
      </Section>
      <Section id="close">
        <CloseAccountSection locale={locale} email={me.email} />
      </Section>
    </div>
  );
}

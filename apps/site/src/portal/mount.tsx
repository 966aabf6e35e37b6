/**
 * Puts a portal island into its page. Each page's Astro file has an element `#portal-root` with
 * `data-locale`, and a bundled <script> that calls one of these. Astro's own island loader (client:*
 * directives) is an inline script, which the site's Content-Security-Policy (script-src 'self')
 * forbids, so the pages mount Preact themselves from a module file.
 */
import { render, type FunctionComponent } from 'preact';
import { PortalApp } from './components/portal-app.component';
import type { PortalPageId } from './i18n/portal-strings';
import { readLocale, type PortalLocale } from './lib/portal-locale';

function root(): HTMLElement {
  const el = document.getElementById('portal-root');
  if (!el) throw new Error('the page has no #portal-root');
  return el;
}

/** A signed-in page: the island renders inside PortalApp (account loaded, sign-in and Terms checked). */
export function mountPortalPage(page: PortalPageId, Page: FunctionComponent): void {
  const el = root();
  const locale = readLocale(el);
  el.replaceChildren();
  render(
    <PortalApp locale={locale} page={page}>
      <Page />
    </PortalApp>,
    el,
  );
}

/** A page for visitors who are not signed in (sign-in, sign-up): the island gets the locale only. */
export function mountPublicPage(Page: FunctionComponent<{ locale: PortalLocale }>): void {
  const el = root();
  const locale = readLocale(el);
  el.replaceChildren();
  render(<Page locale={locale} />, el);
}

/**
 * Every portal page as its visitor sees it — signed in for the portal's pages, signed out for
 * /signin and /signup — in both languages: axe finds no serious or critical violation, nothing
 * scrolls sideways on a 375 px phone, and screenshots at 1280 and 375 px are written to
 * test-artifacts/screenshots/portal-<name>-<lang>-<width>.png. Also: a signed-out visit to a portal
 * page goes to sign-in and back, and /signup without its token says what to do.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { BrowserContextOptions, Page } from 'playwright-core';
import { graphql } from '../../../api/test/kit';
import { expectNoSeriousAxeViolation, expectNoSidewaysScroll } from './page-checks';
import { PortalAccount, portalReady, usePortalBrowser } from './portal-harness';
import { inLang, Lang, PORTAL_PAGES, PUBLIC_PORTAL_PAGES } from './portal-paths';
import { SCREENSHOT_DIR } from './site-browser';

const portal = usePortalBrowser();
const LANGS: Lang[] = ['en', 'zh-cn'];
const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };
const PHONE: BrowserContextOptions = { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true };

/** One account with something on every page: a key, a paid purchase, a request; and one that must accept the Terms. */
let owner: PortalAccount;
let newcomer: PortalAccount;
let purchaseId: string;

beforeAll(async () => {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  [owner, newcomer] = await Promise.all([portal.account(), portal.account({ acceptTerms: false })]);
  const gql = graphql(portal.gateway, owner.token);
  const key = await gql('mutation { createApiKey(input: { name: "Build server" }) { secret } }');
  expect(key.body.errors).toBeUndefined();
  const started = await gql('mutation($p: ID!) { startCheckout(packId: $p) { purchaseId transactionId } }', {
    p: portal.packId,
  });
  expect(started.body.errors).toBeUndefined();
  purchaseId = started.body.data.startCheckout.purchaseId;
  await portal.completeTransaction(started.body.data.startCheckout.transactionId);
  const call = await fetch(`${portal.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key.body.data.createApiKey.secret}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'deepseek-flash', max_tokens: 20, messages: [{ role: 'user', content: 'Hello' }] }),
  });
  expect(call.status).toBe(200);
  await portal.gateway.settle();
});

/** The address each page is visited at: the checkout and receipt pages need their query. */
function target(name: string, path: string): string {
  if (name === 'checkout') return `${path}?pack=${encodeURIComponent(portal.packId)}`;
  if (name === 'receipt') return `${path}?purchase=${encodeURIComponent(purchaseId)}`;
  return path;
}

async function screenshot(page: Page, name: string, lang: Lang): Promise<void> {
  const width = page.viewportSize()?.width;
  await page.screenshot({ path: join(SCREENSHOT_DIR, `portal-${name}-${lang}-${width}.png`), fullPage: true });
}

/** Opens a page at both widths at once (two contexts), checks each and takes its screenshot. */
async function checkBothWidths(name: string, lang: Lang, open: (options: BrowserContextOptions) => Promise<Page>) {
  await Promise.all(
    [DESKTOP, PHONE].map(async (options) => {
      const page = await open(options);
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe(lang === 'en' ? 'en' : 'zh-CN');
      await screenshot(page, name, lang);
      if (options === PHONE) await expectNoSidewaysScroll(page);
      else await expectNoSeriousAxeViolation(page);
    }),
  );
}

describe.each(LANGS)('the portal signed in (%s)', (lang) => {
  it.each(PORTAL_PAGES.map((p) => [p.name, p.path] as const))(
    '%s passes axe, fits a phone; screenshots',
    async (name, path) => {
      // The Terms page is what someone who has not accepted the current Terms is sent to.
      const who = name === 'terms' ? newcomer : owner;
      await checkBothWidths(name, lang, async (options) => {
        const page = await portal.signedInPage(who.token, options);
        const response = await page.goto(inLang(lang, target(name, path)));
        expect(response?.status()).toBe(200);
        await portalReady(page);
        // Signed in, nothing sends the page elsewhere.
        expect(new URL(page.url()).pathname).toBe(inLang(lang, path));
        return page;
      });
    },
  );
});

describe.each(LANGS)('the sign-in pages signed out (%s)', (lang) => {
  it.each(PUBLIC_PORTAL_PAGES.map((p) => [p.name, p.path] as const))(
    '%s passes axe, fits a phone; screenshots',
    async (name, path) => {
      await checkBothWidths(name, lang, async (options) => {
        const page = await portal.newPage(options);
        const response = await page.goto(inLang(lang, path));
        expect(response?.status()).toBe(200);
        await portalReady(page);
        return page;
      });
    },
  );

  it('sends a signed-out visit to a portal page to sign in, and back afterwards', async () => {
    const page = await portal.newPage();
    await page.goto(inLang(lang, '/portal'));
    await page.waitForURL((url) => url.pathname === inLang(lang, '/signin'));
    const next = new URL(page.url()).searchParams.get('next');
    expect(next).toBe(inLang(lang, '/portal'));
    await portalReady(page);
    // The way back in is offered: the provider configured here.
    await expect(
      page.getByRole('link', { name: lang === 'en' ? 'Continue with GitHub' : '使用 GitHub 继续' }).count(),
    ).resolves.toBe(1);
  });

  it('explains /signup opened without its sign-up token', async () => {
    const page = await portal.newPage();
    const response = await page.goto(inLang(lang, '/signup'));
    expect(response?.status()).toBe(200);
    await portalReady(page);
    // No consent form without a pending sign-up; a sentence and the way to start one instead.
    await expect(page.getByRole('checkbox').count()).resolves.toBe(0);
    const main = (await page.locator('#portal-root').innerText()).trim();
    expect(main.length).toBeGreaterThan(20);
    await expect(page.locator(`#portal-root a[href^="${inLang(lang, '/signin')}"]`).count()).resolves.toBeGreaterThan(
      0,
    );
  });
});

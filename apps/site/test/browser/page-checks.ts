/**
 * The checks every page the build wrote gets, in one visit per page and width: axe finds no serious or
 * critical violation, a keyboard alone reaches every link and button in order after a skip link that
 * works, nothing scrolls sideways on a phone, and full-page screenshots at a desktop and a phone width
 * are written for people to look at (test-artifacts/screenshots/<lang>-<page>-<width>.png, git-ignored).
 * One spec file per language runs them, so Jest's workers share the pages.
 */
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Page } from 'playwright-core';
import { isPortalPath } from './portal-paths';
import { SCREENSHOT_DIR, SitePage, sitePages, useSiteBrowser } from './site-browser';

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

async function open(page: Page, target: SitePage): Promise<void> {
  const response = await page.goto(target.path);
  expect(response?.status()).toBe(target.notFound ? 404 : 200);
}

async function screenshot(page: Page, target: SitePage): Promise<void> {
  const width = page.viewportSize()?.width;
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${target.lang}-${target.name}-${width}.png`), fullPage: true });
}

export async function expectNoSeriousAxeViolation(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    // Passes and incomplete checks are not reported (nor collected: much faster).
    .options({ resultTypes: ['violations'] })
    .analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ rule: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  expect(serious).toEqual([]);
}

export async function expectKeyboardReachesEverything(page: Page): Promise<void> {
  // What a keyboard user must be able to reach: every visible focusable element, in document order.
  // The page records where each Tab lands (a stop outside the list counts as -1).
  const expected = await page.evaluate(() => {
    const selector =
      'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), ' +
      'textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';
    const all = Array.from(document.querySelectorAll<HTMLElement>(selector)).filter(
      (el) => el.tabIndex >= 0 && el.checkVisibility({ visibilityProperty: true }),
    );
    const stops: number[] = [];
    (window as unknown as { __stops: number[] }).__stops = stops;
    document.addEventListener('focusin', (event) => stops.push(all.indexOf(event.target as HTMLElement)));
    return all.length;
  });
  expect(expected).toBeGreaterThan(3);
  // One Tab per element and one more, which leaves the page for the browser's own interface.
  for (let i = 0; i <= expected; i++) await page.keyboard.press('Tab');
  const stops = await page.evaluate(() => (window as unknown as { __stops: number[] }).__stops);
  expect(stops).toEqual(Array.from({ length: expected }, (_, i) => i));

  // The first stop is the skip link; Enter on it moves focus to the main content, past the header.
  const skip = page.locator('a.skip-link');
  await expect(page.evaluate(() => document.querySelector('a[href]')?.className)).resolves.toBe('skip-link');
  await expect(skip.getAttribute('href')).resolves.toBe('#main');
  await skip.focus();
  await page.keyboard.press('Enter');
  await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('main');
  await page.keyboard.press('Tab');
  await expect(page.evaluate(() => Boolean(document.activeElement?.closest('header')))).resolves.toBe(false);
}

/**
 * Nothing scrolls sideways: only a wide table's own scroll box may, never the page. Measured against
 * the width the page was opened at: a phone (isMobile) widens its layout viewport to fit content that
 * overflows, so window.innerWidth grows with the overflow and would hide it.
 */
export async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const width = page.viewportSize()?.width ?? 0;
  const found = await page.evaluate((width) => {
    const widest = Math.max(document.documentElement.scrollWidth, window.innerWidth);
    if (widest <= width) return { overflow: 0, culprits: [] };
    // For the message, the elements that stick out while their parent does not: where a fix belongs.
    // (Only when the page overflows: content inside a scroll box sticks out of it harmlessly.)
    const culprits = Array.from(document.body.querySelectorAll<HTMLElement>('*'))
      .filter((el) => {
        const parent = el.parentElement;
        return (
          el.getBoundingClientRect().right > width + 1 && parent && parent.getBoundingClientRect().right <= width + 1
        );
      })
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ').join('.')}` : ''}`);
    return { overflow: widest - width, culprits };
  }, width);
  expect(found).toEqual({ overflow: 0, culprits: [] });
}

/**
 * Every page of one language (`en` or `zh-cn`), checked in a browser of the spec file's own. The
 * portal's pages are left out: signed out, their island sends the visitor to the sign-in page as soon
 * as it loads, so a visit here would check a page in the middle of leaving. They are checked signed in
 * (and /signin, /signup signed out) by portal-pages.browser-spec.ts.
 */
export function checkEveryPage(lang: SitePage['lang']): void {
  const site = useSiteBrowser();
  const pages = sitePages().filter((p) => p.lang === lang && !isPortalPath(p.path));
  beforeAll(() => mkdirSync(SCREENSHOT_DIR, { recursive: true }));

  it('finds the pages of the build', () => {
    expect(pages.map((p) => p.name)).toEqual(expect.arrayContaining(['home', '404', 'docs', 'legal-privacy']));
  });

  describe.each(pages.map((p) => [p.name, p] as const))('%s', (_name, target) => {
    it('passes axe and the keyboard walk at 1280 px; screenshot', async () => {
      const page = await site.newPage({ viewport: DESKTOP });
      await open(page, target);
      await screenshot(page, target);
      await expectNoSeriousAxeViolation(page);
      await expectKeyboardReachesEverything(page);
    });

    it('fits a phone at 390 px; screenshot', async () => {
      const page = await site.newPage({ viewport: PHONE, isMobile: true, hasTouch: true });
      await open(page, target);
      await expectNoSidewaysScroll(page);
      await screenshot(page, target);
    });
  });
}

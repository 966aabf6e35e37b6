/**
 * A reader's visit in a real browser: the policy and the Terms, the version list, an archived version
 * and what changed, the Chinese pages' notes, the language switch remembered on the next visit to /,
 * and the 404 pages.
 */
import { BrowserContext, Page } from 'playwright-core';
import { LANGUAGE_COOKIE_NAME, useSiteBrowser } from './site-browser';

const site = useSiteBrowser();

async function open(page: Page, path: string, status = 200): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status()).toBe(status);
}

async function languageCookie(page: Page): Promise<string | undefined> {
  const cookies = await page.context().cookies();
  return cookies.find((cookie) => cookie.name === LANGUAGE_COOKIE_NAME)?.value;
}

describe('reading the legal pages', () => {
  it('shows the current privacy policy with its sections and tables', async () => {
    const page = await site.newPage();
    await open(page, '/legal/privacy');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/Privacy Policy/i);
    expect(await page.locator('main h2').count()).toBeGreaterThanOrEqual(8);
    expect(await page.locator('main table').count()).toBeGreaterThan(0);
    expect(await page.locator('main table th').count()).toBeGreaterThan(0);
    await expect(page.locator('main').textContent()).resolves.toContain('2026-11-28');
  });

  it('shows the Terms of Service with the Acceptable Use Policy', async () => {
    const page = await site.newPage();
    await open(page, '/legal/terms');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/Terms of Service/i);
    expect(await page.locator('main h2').count()).toBeGreaterThanOrEqual(5);
    await expect(page.locator('main').textContent()).resolves.toMatch(/Acceptable Use/);
  });

  it('lists the versions, opens an archived one and what changed in its successor', async () => {
    const page = await site.newPage();
    await open(page, '/legal/privacy/versions');
    const rows = page.locator('main table tbody tr');
    expect(await rows.count()).toBe(2);
    await expect(rows.last().textContent()).resolves.toContain('First published version.');

    await page.locator('main a[href="/legal/privacy/2026-04-26"]').first().click();
    await page.waitForURL('**/legal/privacy/2026-04-26');
    const note = page.getByRole('note').first();
    await expect(note.textContent()).resolves.toMatch(/earlier version/);
    await expect(note.locator('a').getAttribute('href')).resolves.toBe('/legal/privacy');

    await open(page, '/legal/privacy/2026-11-28/changes');
    const insertions = page.locator('main ins');
    const deletions = page.locator('main del');
    expect(await insertions.count()).toBeGreaterThan(0);
    expect(await deletions.count()).toBeGreaterThan(0);
    // Without colour: a screen reader hears the words, a reader sees the brackets.
    const marks = async (el: typeof insertions) => el.first().locator('.mark').allTextContents();
    await expect(marks(insertions)).resolves.toEqual(['[+', '+]']);
    await expect(marks(deletions)).resolves.toEqual(['[−', '−]']);
    await expect(insertions.first().locator('.visually-hidden').allTextContents()).resolves.toEqual([
      'Added: ',
      ' (end of addition)',
    ]);
    await expect(deletions.first().locator('.visually-hidden').allTextContents()).resolves.toEqual([
      'Removed: ',
      ' (end of removal)',
    ]);
    const styles = await insertions.first().evaluate((ins) => {
      const del = document.querySelector('main del') as Element;
      return [getComputedStyle(ins).textDecorationLine, getComputedStyle(del).textDecorationLine];
    });
    expect(styles).toEqual(['underline', 'line-through']);
  });

  it('says on the Chinese policy that the English text is authoritative', async () => {
    const page = await site.newPage();
    await open(page, '/zh-cn/legal/privacy');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
    const note = page.getByRole('note').first();
    await expect(note.textContent()).resolves.toContain('以英文原文为准');
    await expect(note.locator('a[hreflang="en"]').getAttribute('href')).resolves.toBe('/legal/privacy/2026-11-28');
    expect(await page.locator('main table').count()).toBeGreaterThan(0);
  });

  it('shows the untranslated version in English with a note, marked as English', async () => {
    const page = await site.newPage();
    await open(page, '/zh-cn/legal/privacy/2026-04-26');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
    const notes = await page.getByRole('note').allTextContents();
    expect(notes.join('\n')).toContain('本版本暂无中文译文');
    const body = page.locator('.legal-body');
    await expect(body.getAttribute('lang')).resolves.toBe('en');
    await expect(body.textContent()).resolves.toMatch(/\bpersonal data\b|\bpersonal information\b/i);
  });
});

/** Clicks the header's switch and waits for the other language's page; the cookie remembers it. */
async function switchLanguage(page: Page, path: string, lang: 'en' | 'zh-CN'): Promise<void> {
  await page.locator('header a.lang-switch').click();
  await page.waitForURL((url) => url.pathname === path);
  await expect(page.locator('html').getAttribute('lang')).resolves.toBe(lang);
  await expect(languageCookie(page)).resolves.toBe(lang);
}

/** A new visit to / (a new page, same visitor): where it lands and in which language. */
async function visitRoot(context: BrowserContext): Promise<{ path: string; lang: string | null; page: Page }> {
  const page = await context.newPage();
  await page.goto('/');
  return { path: new URL(page.url()).pathname, lang: await page.locator('html').getAttribute('lang'), page };
}

describe('the language switch', () => {
  it('switches to Chinese and back, and the choice is remembered on the next visit to /', async () => {
    const context = await site.newContext();
    const page = await context.newPage();
    await open(page, '/legal/privacy');
    await switchLanguage(page, '/zh-cn/legal/privacy', 'zh-CN');

    const chinese = await visitRoot(context);
    expect({ path: chinese.path, lang: chinese.lang }).toEqual({ path: '/zh-cn', lang: 'zh-CN' });
    await switchLanguage(chinese.page, '/', 'en');

    const english = await visitRoot(context);
    expect({ path: english.path, lang: english.lang }).toEqual({ path: '/', lang: 'en' });
  });
});

describe('the 404 pages', () => {
  it('answers an unknown address with 404 and the page in the address language', async () => {
    const page = await site.newPage();
    await open(page, '/no/such/page', 404);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Page not found');

    await open(page, '/zh-cn/unknown', 404);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/页面/);
  });
});

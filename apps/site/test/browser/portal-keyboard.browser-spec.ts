/**
 * The API keys page with a keyboard alone (page.keyboard only: Tab, Shift+Tab, Enter, Space, Escape
 * and typing): create a key, reach its secret, revoke it after the question — where focus lands at
 * each step is part of what is checked.
 */
import { Locator, Page } from 'playwright-core';
import { portalReady, usePortalBrowser } from './portal-harness';

const portal = usePortalBrowser();

/** Whether the element is the one with focus. */
const hasFocus = (locator: Locator): Promise<boolean> => locator.evaluate((el) => el === document.activeElement);

/**
 * Waits until focus is inside the element. Pages move focus from an effect, which runs after the
 * render that made the element visible: so this waits for it rather than reading it once.
 */
async function focusLandsIn(page: Page, locator: Locator): Promise<void> {
  const element = await locator.elementHandle();
  await page.waitForFunction((el) => Boolean(el?.contains(document.activeElement)), element);
}

/** Waits until focus is on an element of the page, not dropped on the body (after what had it vanished). */
async function focusStaysOnThePage(page: Page): Promise<void> {
  await page.waitForFunction(() => document.activeElement !== null && document.activeElement !== document.body);
}

/** Describes the focused element, for a failure's message. */
const focused = (page: Page): Promise<string> =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'nothing (the body)';
    const name = el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 60) ?? '';
    return `<${el.tagName.toLowerCase()}> ${name}`;
  });

/**
 * Presses Tab (or Shift+Tab) until `target` has focus; fails after `limit` presses. A keyboard user
 * gets there the same way, so an element Tab never reaches fails here.
 */
async function tabTo(page: Page, target: Locator, { back = false, limit = 40 } = {}): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    if (await hasFocus(target)) return;
  }
  throw new Error(
    `${limit} presses of ${back ? 'Shift+Tab' : 'Tab'} never reached ${target}; focus is on ${await focused(page)}`,
  );
}

it('creates a key and revokes it with the keyboard alone', async () => {
  const { token } = await portal.account();
  const page = await portal.signedInPage(token);
  await page.goto('/portal/keys');
  await portalReady(page);
  const main = page.locator('main');

  // Creating: Tab to the name field, type, and send the form with Enter.
  const name = main.getByRole('textbox', { name: /^Name/ });
  await tabTo(page, name);
  await page.keyboard.type('Keyboard key');
  await page.keyboard.press('Enter');

  // The secret appears once, and focus moves to it (a reader is taken to what they must copy now).
  const secret = main.locator('code').filter({ hasText: /^vc-[\w-]{20,}$/ });
  await secret.waitFor();
  const panel = main
    .locator('section')
    .filter({ has: page.locator('code').filter({ hasText: /^vc-[\w-]{20,}$/ }) })
    .last();
  await focusLandsIn(page, panel);
  // Its buttons are reachable: Copy, then the one that closes the panel.
  const copy = panel.getByRole('button', { name: /^Copy/ });
  await tabTo(page, copy, { limit: 5 });
  const done = panel.getByRole('button', { name: /^Done/ });
  await tabTo(page, done, { limit: 5 });
  // Shift+Tab goes back the same way.
  await tabTo(page, copy, { back: true, limit: 5 });
  await tabTo(page, done, { limit: 5 });
  await page.keyboard.press('Space');
  await expect(secret.count()).resolves.toBe(0);
  // Closing the panel leaves focus on the page, not lost on the body.
  await focusStaysOnThePage(page);

  // The key is listed; its Revoke button opens the question, with focus on the safe choice.
  const revoke = main.getByRole('button', { name: 'Revoke key Keyboard key' });
  await tabTo(page, revoke);
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await focusLandsIn(page, dialog);
  await expect(focused(page)).resolves.toMatch(/Cancel/);

  // Escape closes it unchanged and focus returns to the button that opened it.
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  await focusLandsIn(page, revoke);

  // Again, and this time confirm (Shift+Tab from Cancel): focus stays inside the dialog until it closes.
  await page.keyboard.press('Enter');
  await dialog.waitFor();
  const confirm = dialog.getByRole('button', { name: /^Revoke key$/ });
  await tabTo(page, confirm, { back: true, limit: 4 });
  await page.keyboard.press('Enter');
  await dialog.waitFor({ state: 'hidden' });
  await main.getByRole('status').filter({ hasText: 'Key Keyboard key revoked.' }).waitFor();
  await expect(main.getByRole('button', { name: 'Revoke key Keyboard key' }).count()).resolves.toBe(0);
  // The key stays listed, marked revoked.
  const card = main.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Keyboard key' }) });
  await expect(card.textContent()).resolves.toContain('Revoked');
  await focusStaysOnThePage(page);
});

/**
 * Abuse reports in a real browser: a visitor (not signed in) reports a key on the public page in either
 * language and gets a reference; the report reaches support's case queue, where support decides it (after
 * confirming) and the case closes; a user without the support role is told the queue is not for them.
 * Screenshots of the page and the queue in both languages at 1280 and 375 px go to
 * test-artifacts/screenshots/abuse-*.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { BrowserContextOptions, Page } from 'playwright-core';
import { createAccount, graphql, signIn } from '../../../api/test/kit';
import { expectNoSeriousAxeViolation, expectNoSidewaysScroll } from './page-checks';
import { PortalAccount, portalReady, usePortalBrowser } from './portal-harness';
import { inLang, Lang } from './portal-paths';
import { SCREENSHOT_DIR } from './site-browser';

const portal = usePortalBrowser();
const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };
const PHONE: BrowserContextOptions = { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true };

let owner: PortalAccount;
let keyPrefix: string;
let supportToken: string;

beforeAll(async () => {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  owner = await portal.account();
  const key = await graphql(
    portal.gateway,
    owner.token,
  )('mutation { createApiKey(input: { name: "Bot" }) { secret } }');
  expect(key.body.errors).toBeUndefined();
  keyPrefix = (key.body.data.createApiKey.secret as string).slice(0, 11);
  const support = await createAccount(portal.gateway, { prefix: 'support', role: 'support' });
  supportToken = (await signIn(portal.gateway, support.id, { userAgent: 'Support test' })).token;
  const accepted = await graphql(portal.gateway, supportToken)(
    'mutation($v: String!) { acceptTerms(version: $v) { id } }',
    { v: portal.termsVersion },
  );
  expect(accepted.body.errors).toBeUndefined();
});

async function screenshot(page: Page, name: string): Promise<void> {
  const width = page.viewportSize()?.width;
  await page.screenshot({ path: join(SCREENSHOT_DIR, `abuse-${name}-${width}.png`), fullPage: true });
}

async function goTo(page: Page, path: string): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status()).toBe(200);
  await portalReady(page);
}

describe.each<Lang>(['en', 'zh-cn'])('abuse reports (%s)', (lang) => {
  const en = lang === 'en';
  const description = `The key ${lang} sends spam from a bot every minute.`;

  it('takes a report from a visitor, which support decides in the queue; screenshots', async () => {
    const visitor = await portal.newPage(DESKTOP);
    await goTo(visitor, inLang(lang, '/report'));
    const form = visitor.locator('main form');
    // Too short: said in a sentence, nothing sent.
    await form.getByLabel(en ? 'What is it about?' : '举报类型').selectOption('spam');
    await form.getByLabel(en ? 'What happened?' : '发生了什么？').fill('spam');
    await form.getByRole('button', { name: en ? 'Send report' : '提交举报' }).click();
    await form
      .getByRole('alert')
      .filter({ hasText: en ? 'at least 10 characters' : '至少 10 个字符' })
      .waitFor();
    await form.getByLabel(en ? 'What happened?' : '发生了什么？').fill(description);
    await form
      .getByLabel(en ? 'The key’s first 11 characters (optional)' : '密钥的前 11 个字符（可选）')
      .fill(keyPrefix);
    await form
      .getByLabel(en ? 'How can we reach you? (optional)' : '如何联系您？（可选）')
      .fill('reporter@example.org');
    await screenshot(visitor, `report-${lang}`);
    await expectNoSeriousAxeViolation(visitor);
    await form.getByRole('button', { name: en ? 'Send report' : '提交举报' }).click();
    const done = visitor.locator('.report-done');
    await done.waitFor();
    await expect(done.innerText()).resolves.toMatch(
      en ? /^Thank you\. .* reference is [0-9a-f-]{36}/ : /^谢谢。.*编号为 [0-9a-f-]{36}/,
    );
    const phone = await portal.newPage(PHONE);
    await goTo(phone, inLang(lang, '/report'));
    await screenshot(phone, `report-${lang}`);
    await expectNoSidewaysScroll(phone);

    const page = await portal.signedInPage(supportToken, DESKTOP);
    await goTo(page, inLang(lang, '/support/abuse-cases'));
    const card = page.locator('.case-card', { hasText: description });
    await card.waitFor();
    await expect(card.innerText()).resolves.toContain(owner.email);
    await expect(card.innerText()).resolves.toContain('reporter@example.org');
    await card.getByLabel(en ? 'Decision' : '处理决定').selectOption('warn');
    await card
      .getByRole('button', { name: en ? 'Decide and close' : '作出决定并结案' })
      .first()
      .click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: en ? 'Decide and close' : '作出决定并结案' }).click();
    await card.locator('.badge', { hasText: en ? 'Closed' : '已结案' }).waitFor();
    await expect(card.innerText()).resolves.toContain(en ? 'warned' : '已警告');
    await screenshot(page, `queue-${lang}`);
    await expectNoSeriousAxeViolation(page);
    const supportPhone = await portal.signedInPage(supportToken, PHONE);
    await goTo(supportPhone, inLang(lang, '/support/abuse-cases'));
    await supportPhone.getByLabel(en ? 'Show closed cases' : '显示已结案的案件').check();
    await supportPhone.locator('.case-card', { hasText: description }).waitFor();
    await screenshot(supportPhone, `queue-${lang}`);
    await expectNoSidewaysScroll(supportPhone);
  });

  it('tells a user without the support role that the queue is not for them', async () => {
    const page = await portal.signedInPage(owner.token, DESKTOP);
    await goTo(page, inLang(lang, '/support/abuse-cases'));
    await expect(page.locator('#portal-root').innerText()).resolves.toContain(
      en ? 'This page is for our support team.' : '此页面仅供我们的支持团队使用。',
    );
    await expect(page.locator('.case-card').count()).resolves.toBe(0);
  });
});

/**
 * The privacy centre in a real browser: the access view lists an account's data by the policy's
 * categories (with counts), an export goes from "Request" through its progress to a ZIP downloaded by
 * its owner, and closing an account ends on the goodbye page, after which signing in again cancels the
 * closure (the overview says so), and a session too old to close it is sent to sign in again and back;
 * consents flip in one click, a debug capture is read and deleted, an objection joins the requests;
 * support records a request received by email and updates it in the
 * queue, which other users may not see; the settings change the contact email through the link sent to
 * it and list the change. Screenshots of the centre and the queue in both languages at
 * 1280 and 375 px, and of the goodbye page and the notice, go to test-artifacts/screenshots/privacy-*.png.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BrowserContextOptions, Page } from 'playwright-core';
import {
  clockAhead,
  createAccount,
  fundAccount,
  graphql,
  recordPrivacyMail,
  SESSION_COOKIE,
  signIn,
} from '../../../api/test/kit';
import { expectNoSeriousAxeViolation, expectNoSidewaysScroll } from './page-checks';
import { CHAT_MODEL, githubUser, PortalAccount, portalReady, usePortalBrowser } from './portal-harness';
import { inLang, Lang } from './portal-paths';
import { SCREENSHOT_DIR } from './site-browser';

const portal = usePortalBrowser();
const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };
const PHONE: BrowserContextOptions = { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true };

/** An account with something in several categories: a key, and a request made with it. */
let owner: PortalAccount;

beforeAll(async () => {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  owner = await portal.account();
  const gql = graphql(portal.gateway, owner.token);
  const key = await gql('mutation { createApiKey(input: { name: "Build server" }) { secret } }');
  expect(key.body.errors).toBeUndefined();
  // No credit: the request is refused, and its metadata is kept all the same.
  await fetch(`${portal.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key.body.data.createApiKey.secret}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: CHAT_MODEL, max_tokens: 5, messages: [{ role: 'user', content: 'Hello' }] }),
  });
  await portal.gateway.settle();
});

async function screenshot(page: Page, name: string): Promise<void> {
  const width = page.viewportSize()?.width;
  await page.screenshot({ path: join(SCREENSHOT_DIR, `privacy-${name}-${width}.png`), fullPage: true });
}

async function goTo(page: Page, path: string): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status()).toBe(200);
  await portalReady(page);
}

describe.each<Lang>(['en', 'zh-cn'])('the privacy centre (%s)', (lang) => {
  it('lists the data by the policy’s categories with counts; passes axe, fits a phone; screenshots', async () => {
    await Promise.all(
      [DESKTOP, PHONE].map(async (options) => {
        const page = await portal.signedInPage(owner.token, options);
        await goTo(page, inLang(lang, '/portal/privacy'));
        const data = page.locator('#data');
        // The access view has loaded (no error in it) with the categories this account has data in.
        await data.locator('.data-groups').waitFor();
        await expect(data.locator('.portal-error').count()).resolves.toBe(0);
        const identity = lang === 'en' ? 'Account identity' : '账户身份信息';
        const auth = lang === 'en' ? 'Authentication' : '身份验证信息';
        await expect(data.getByRole('heading', { level: 3, name: identity }).count()).resolves.toBe(1);
        const keys = data.locator('.data-group', { has: page.getByRole('heading', { level: 3, name: auth }) });
        await expect(
          keys.locator('.data-kind', { hasText: lang === 'en' ? 'API keys' : 'API 密钥' }).innerText(),
        ).resolves.toMatch(lang === 'en' ? /1 record/ : /1 条记录/);
        // The newest entries open on request and show the key's name.
        await keys.locator('summary').first().click();
        await expect(keys.innerText()).resolves.toContain('Build server');
        await screenshot(page, `centre-${lang}`);
        if (options === PHONE) await expectNoSidewaysScroll(page);
        else await expectNoSeriousAxeViolation(page);
      }),
    );
  });
});

it('builds an export from the request to the download', async () => {
  const page = await portal.signedInPage(owner.token, DESKTOP);
  await goTo(page, '/portal/privacy');
  const section = page.locator('#export');
  await section.getByRole('button', { name: 'Request an export' }).click();
  // Progress shows while it is built (the page asks again on its own), then the download link.
  const link = section.getByRole('link', { name: 'Download your data (ZIP)' });
  await link.waitFor({ timeout: 60_000 });
  await expect(section.innerText()).resolves.toMatch(/Available until/);
  await screenshot(page, 'export-ready');
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const zip = readFileSync((await download.path()) as string);
  // A ZIP file (local file header signature), with the README describing the files inside.
  expect(zip.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
  expect(zip.includes(Buffer.from('README.txt'))).toBe(true);
  // A second request while none is under way is allowed; the button is back.
  await expect(section.getByRole('button', { name: 'Request an export' }).isEnabled()).resolves.toBe(true);
}, 90_000);

it('closes an account, says goodbye, and signing in again cancels the closure', async () => {
  const person = githubUser('Closing Person');
  portal.idp.setUser('github', person);
  const context = await portal.newContext(DESKTOP, portal.signedInWatch);
  const page = await context.newPage();
  const main = page.locator('main');

  // A fresh sign-up: its session is recent enough to close the account without signing in again.
  await goTo(page, '/signin');
  await main.getByRole('link', { name: 'Continue with GitHub' }).click();
  await page.waitForURL((url) => url.pathname === '/signup' && url.searchParams.has('pending'));
  await portalReady(page);
  await main.getByRole('checkbox', { name: /I am 18 or over/ }).check();
  await main.getByRole('checkbox', { name: /I accept the Terms of Service/ }).check();
  await main.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL((url) => url.pathname === '/portal');
  const token = (await context.cookies()).find((c) => c.name === SESSION_COOKIE)?.value;
  expect(token).toBeDefined();

  await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Privacy' }).click();
  await page.waitForURL('**/portal/privacy');
  await portalReady(page);
  const close = page.locator('#close');
  // The wrong address is refused on the page, before anything is sent.
  const email = close.getByRole('textbox', { name: /To confirm, type your email address/ });
  await email.fill('someone-else@example.com');
  await close.getByRole('button', { name: 'Close my account' }).click();
  await expect(close.getByRole('alert').innerText()).resolves.toContain(`Type ${person.email} to confirm`);
  await email.fill(person.email);
  await close.getByRole('button', { name: 'Close my account' }).click();

  // The goodbye page, signed out: the session that closed the account has ended.
  await page.waitForURL((url) => url.pathname === '/account-closed');
  await portalReady(page);
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Your account is closed');
  await expect(main.innerText()).resolves.toMatch(/Until then, signing in again cancels the closure/);
  await screenshot(page, 'goodbye-en');
  const me = await graphql(portal.gateway, token)('{ me { id } }');
  expect(me.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

  // Signing in within the grace period reopens the account; the overview says so, once.
  await main.getByRole('link', { name: 'Sign in to cancel the closure' }).click();
  await page.waitForURL((url) => url.pathname === '/signin');
  await portalReady(page);
  await main.getByRole('link', { name: 'Continue with GitHub' }).click();
  await page.waitForURL((url) => /^\/portal\/?$/.test(url.pathname));
  await portalReady(page);
  const notice = main.locator('.note', { hasText: 'Signing in cancelled the closure of your account' });
  await expect(notice.count()).resolves.toBe(1);
  await screenshot(page, 'closure-cancelled-en');
  expect(new URL(page.url()).searchParams.has('closure')).toBe(false);
  await page.reload();
  await portalReady(page);
  await expect(notice.count()).resolves.toBe(0);
}, 120_000);

describe.each<Lang>(['en', 'zh-cn'])('the support queue (%s)', (lang) => {
  it('records a request received by email, flags it overdue and updates it; screenshots', async () => {
    const account = await createAccount(portal.gateway, { prefix: 'support', role: 'support' });
    const { token } = await signIn(portal.gateway, account.id, { userAgent: 'Support test' });
    const accepted = await graphql(portal.gateway, token)('mutation($v: String!) { acceptTerms(version: $v) { id } }', {
      v: portal.termsVersion,
    });
    expect(accepted.body.errors).toBeUndefined();
    const en = lang === 'en';
    const page = await portal.signedInPage(token, DESKTOP);
    await goTo(page, inLang(lang, '/support/rights-requests'));
    const record = page.locator('section', { has: page.locator('#record-heading') });
    await record.getByLabel(en ? 'Sender’s email address' : '发件人邮箱地址').fill(owner.email);
    await record.getByLabel(en ? 'What they ask' : '请求内容').fill(`A copy of my data (${lang})`);
    // Received 40 days ago (an email found late): its answer is overdue.
    const received = new Date(Date.now() - 40 * 24 * 60 * 60 * 1000);
    const day = (n: number): string => String(n).padStart(2, '0');
    await record
      .getByLabel(en ? 'Received on' : '收到日期')
      .fill(`${received.getFullYear()}-${day(received.getMonth() + 1)}-${day(received.getDate())}`);
    await record.getByRole('button', { name: en ? 'Record request' : '登记请求' }).click();
    await record
      .getByRole('status')
      .filter({ hasText: en ? /Recorded: due/ : /已登记/ })
      .waitFor();
    const card = page.locator('.case-card', { hasText: `A copy of my data (${lang})` });
    await card.waitFor();
    await expect(card.innerText()).resolves.toContain(owner.email);
    await expect(card.locator('.badge.overdue').innerText()).resolves.toBe(en ? 'Overdue' : '已逾期');
    // Ordered by due date: the overdue request comes first.
    await expect(page.locator('.case-card').first().innerText()).resolves.toContain(en ? 'Overdue' : '已逾期');
    await card.getByLabel(en ? 'Status' : '状态').selectOption('IN_PROGRESS');
    await card.getByRole('button', { name: en ? 'Save' : '保存' }).click();
    await card
      .getByRole('status')
      .filter({ hasText: en ? 'Saved.' : '已保存。' })
      .waitFor();
    await screenshot(page, `queue-${lang}`);
    await expectNoSeriousAxeViolation(page);
    const phone = await portal.signedInPage(token, PHONE);
    await goTo(phone, inLang(lang, '/support/rights-requests'));
    await screenshot(phone, `queue-${lang}`);
    await expectNoSidewaysScroll(phone);
  });

  it('tells a user without the support role that the page is not for them', async () => {
    const page = await portal.signedInPage(owner.token, DESKTOP);
    await goTo(page, inLang(lang, '/support/rights-requests'));
    await expect(page.locator('#portal-root').innerText()).resolves.toContain(
      lang === 'en' ? 'This page is for the support team.' : '此页面仅供支持团队使用。',
    );
    await expect(page.locator('.case-card').count()).resolves.toBe(0);
  });
});

it('changes the contact email through the link sent to it, and lists the change', async () => {
  const mail = recordPrivacyMail(portal.gateway);
  const account = await portal.account();
  const page = await portal.signedInPage(account.token, DESKTOP);
  await goTo(page, '/portal/settings');
  const main = page.locator('main');
  const wanted = account.email.replace('@', '.new@');
  await main.getByLabel('New email address').fill(wanted);
  await main.getByRole('button', { name: 'Change email' }).click();
  await main
    .getByRole('status')
    .filter({ hasText: `We sent a link to ${wanted}.` })
    .waitFor();
  // The old address stays until the link is opened; a reload shows the change waiting.
  await page.reload();
  await portalReady(page);
  await expect(main.locator('.settings-pending').innerText()).resolves.toContain(`Waiting for confirmation: ${wanted}`);
  const sent = mail.calls.find((c) => c.kind === 'confirmEmailChange' && c.accountId === account.accountId);
  if (sent?.kind !== 'confirmEmailChange') throw new Error('no confirmation link was sent');
  const link = new URL(sent.confirmUrl);
  await page.goto(link.pathname + link.search);
  await page.waitForURL((url) => url.pathname === '/portal/settings');
  await portalReady(page);
  await expect(main.locator('.note').innerText()).resolves.toBe('Your email address is changed.');
  await expect(main.locator('.settings-email dd').innerText()).resolves.toContain(wanted);
  await expect(main.locator('.settings-changes').innerText()).resolves.toContain('Email address');
  await screenshot(page, 'settings-email-changed-en');
  // The same link again is no longer valid.
  await page.goto(link.pathname + link.search);
  await page.waitForURL((url) => url.pathname === '/portal/settings');
  await portalReady(page);
  await expect(main.getByRole('alert').innerText()).resolves.toContain(
    'That confirmation link is not valid or has expired.',
  );
});

it('sends a session too old to close the account to sign in again, and back to finish', async () => {
  const person = githubUser('Returning Person');
  portal.idp.setUser('github', person);
  const context = await portal.newContext(DESKTOP, portal.signedInWatch);
  const page = await context.newPage();
  const main = page.locator('main');
  await goTo(page, '/signin');
  await main.getByRole('link', { name: 'Continue with GitHub' }).click();
  await page.waitForURL((url) => url.pathname === '/signup' && url.searchParams.has('pending'));
  await portalReady(page);
  await main.getByRole('checkbox', { name: /I am 18 or over/ }).check();
  await main.getByRole('checkbox', { name: /I accept the Terms of Service/ }).check();
  await main.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL((url) => url.pathname === '/portal');
  // An hour later by the app's clock: closing needs a sign-in of the last 15 minutes.
  const restoreClock = clockAhead(portal.gateway, 60 * 60 * 1000);

  await goTo(page, '/portal/privacy');
  const close = page.locator('#close');
  await close.getByRole('textbox', { name: /To confirm, type your email address/ }).fill(person.email);
  await close.getByRole('button', { name: 'Close my account' }).click();
  await expect(close.getByRole('alert').innerText()).resolves.toContain('closing your account needs a recent sign-in');
  await screenshot(page, 'reauth-en');
  restoreClock();
  await close.getByRole('button', { name: 'Sign in again' }).click();
  await page.waitForURL((url) => url.pathname === '/signin');
  expect(new URL(page.url()).searchParams.get('next')).toBe('/portal/privacy?reauth=1');
  await portalReady(page);
  await main.getByRole('link', { name: 'Continue with GitHub' }).click();
  await page.waitForURL((url) => url.pathname === '/portal/privacy');
  await portalReady(page);
  await expect(close.locator('.note').innerText()).resolves.toBe(
    'You signed in again. You can close your account now.',
  );
  expect(new URL(page.url()).searchParams.has('reauth')).toBe(false);
  await close.getByRole('textbox', { name: /To confirm, type your email address/ }).fill(person.email);
  await close.getByRole('button', { name: 'Close my account' }).click();
  await page.waitForURL((url) => url.pathname === '/account-closed');
}, 120_000);

it('turns debug captures on, shows and deletes a capture, turns them off, and records an objection', async () => {
  const account = await portal.account();
  await fundAccount(portal.gateway, account.accountId, 5_000_000);
  const gql = graphql(portal.gateway, account.token);
  const key = await gql('mutation { createApiKey(input: { name: "Debugging" }) { secret } }');
  const page = await portal.signedInPage(account.token, DESKTOP);
  await goTo(page, '/portal/privacy');
  const consents = page.locator('#consents');
  const debugItem = consents.locator('.consent-item', { hasText: 'Debug captures' });
  await debugItem.getByRole('button', { name: 'Turn on: Debug captures' }).click();
  await consents.getByRole('status').filter({ hasText: 'Debug captures: on.' }).waitFor();
  await expect(debugItem.innerText()).resolves.toMatch(/Given .* under privacy policy version/);

  const call = await fetch(`${portal.url}/v1/chat/completions`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${key.body.data.createApiKey.secret}`,
      'content-type': 'application/json',
      'x-vipcloud-debug': '1',
    },
    body: JSON.stringify({ model: CHAT_MODEL, max_tokens: 20, messages: [{ role: 'user', content: 'Marker 7d41' }] }),
  });
  expect(call.status).toBe(200);
  await portal.gateway.settle();
  await page.reload();
  await portalReady(page);
  const captures = page.locator('#debug');
  const card = captures.locator('.capture-card');
  await expect(card.count()).resolves.toBe(1);
  await card.locator('summary').click();
  await expect(card.locator('pre').first().innerText()).resolves.toBe('user: Marker 7d41');
  await screenshot(page, 'debug-capture-en');
  await card.getByRole('button', { name: /^Delete the capture of/ }).click();
  await captures.getByRole('status').filter({ hasText: 'Capture deleted.' }).waitFor();
  await expect(card.count()).resolves.toBe(0);
  const left = await gql('{ myDebugCaptures { id } }');
  expect(left.body.data.myDebugCaptures).toEqual([]);

  await debugItem.getByRole('button', { name: 'Turn off: Debug captures' }).click();
  await consents.getByRole('status').filter({ hasText: 'Debug captures: off.' }).waitFor();
  const consent = await gql('{ myConsents { kind granted } }');
  expect(consent.body.data.myConsents).toEqual(expect.arrayContaining([{ kind: 'DEBUG_CAPTURES', granted: false }]));

  const requests = page.locator('#requests');
  await requests.getByLabel('Your objection').fill('I object to my request metadata being used for abuse prevention.');
  await requests.getByRole('button', { name: 'Send objection' }).click();
  await requests.getByRole('status').filter({ hasText: 'Your objection is recorded.' }).waitFor();
  await expect(requests.locator('table').innerText()).resolves.toContain('Objection to processing');
}, 90_000);

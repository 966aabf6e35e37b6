/**
 * A customer's first visit, end to end in one browser: sign up with GitHub (the age and Terms boxes),
 * create an API key and see its secret exactly once, buy a credit pack through the checkout page
 * (Paddle.js stand-in, signed notification), call the API with the key through the official OpenAI
 * SDK, find that request on the overview and in the usage, download the usage as CSV and compare it
 * with the table, end another session, switch the language in the settings and back, and sign out.
 *
 * The pack is bought before the API is called: a new account has no credit, and a request without
 * it is refused before it reaches a model.
 */
import { readFileSync } from 'node:fs';
import OpenAI from 'openai';
import { BrowserContext, Locator, Page } from 'playwright-core';
import { graphql, SESSION_COOKIE } from '../../../api/test/kit';
import { CHAT_MODEL, githubUser, PACK, portalReady, usePortalBrowser } from './portal-harness';

const portal = usePortalBrowser();

/** Micro-units of an exact decimal string (the API's money), for sums without floating point. */
function micros(amount: string): bigint {
  const match = /^(-?)(\d+)(?:\.(\d{1,6}))?$/.exec(amount);
  if (!match) throw new Error(`not a decimal amount: ${amount}`);
  const value = BigInt(match[2]) * 1_000_000n + BigInt((match[3] ?? '').padEnd(6, '0'));
  return match[1] ? -value : value;
}

/** Dollars as the English pages show them: the exact decimal, at least cents (formatUsd's rule). */
function usd(amount: string): string {
  const format = new Intl.NumberFormat('en', {
    style: 'currency',
    currency: 'USD',
    minimumFractionDigits: 2,
    maximumFractionDigits: 6,
  }).format as (value: string) => string;
  return format(amount);
}

/** Reads a CSV (RFC 4180: quoted fields, doubled quotes, CRLF or LF) into rows of fields. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows.filter((r) => r.some((f) => f !== ''));
}

async function sessionToken(context: BrowserContext): Promise<string | undefined> {
  return (await context.cookies()).find((c) => c.name === SESSION_COOKIE)?.value;
}

/** The table's body rows as trimmed cell texts. */
async function tableRows(table: Locator): Promise<string[][]> {
  return table
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((tr) => Array.from(tr.querySelectorAll('th, td')).map((cell) => (cell.textContent ?? '').trim())),
    );
}

async function goTo(page: Page, path: string): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status()).toBe(200);
  await portalReady(page);
}

it('signs up, creates a key, buys credits, uses the API, reads usage, ends a session, switches language and signs out', async () => {
  const person = githubUser('Journey Person');
  portal.idp.setUser('github', person);
  const context = await portal.newContext({ viewport: { width: 1280, height: 900 } }, portal.signedInWatch);
  const page = await context.newPage();
  const main = page.locator('main');
  // Every request to Paddle's origin, with the page that made it: only the checkout page, only after Pay.
  const paddleRequests: string[] = [];
  context.on('request', (request) => {
    if (request.url().startsWith(portal.paddle.url)) {
      paddleRequests.push(`${new URL(request.frame().url()).pathname} ${request.url()}`);
    }
  });

  // --- Sign up with GitHub: the provider's page, then our sign-up page with the two boxes.
  await goTo(page, '/signin');
  await main.getByRole('link', { name: 'Continue with GitHub' }).click();
  await page.waitForURL((url) => url.pathname === '/signup' && url.searchParams.has('pending'));
  await portalReady(page);
  await main.getByRole('checkbox', { name: /I am 18 or over/ }).check();
  await main.getByRole('checkbox', { name: /I accept the Terms of Service/ }).check();
  await main.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL((url) => url.pathname === '/portal');
  await portalReady(page);
  const token = await sessionToken(context);
  expect(token).toBeDefined();
  const me = await graphql(portal.gateway, token)('{ me { id email } }');
  expect(me.body.data.me.email).toBe(person.email);
  const accountId: string = me.body.data.me.id;

  // --- An API key: its secret is shown once, and a reload does not bring it back.
  await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'API keys' }).click();
  await page.waitForURL('**/portal/keys');
  await portalReady(page);
  await main.getByRole('textbox', { name: /^Name/ }).fill('Journey key');
  await main.getByRole('button', { name: 'Create key' }).click();
  const secretElement = main.locator('code').filter({ hasText: /^vc-[\w-]{20,}$/ });
  await secretElement.waitFor();
  const secret = (await secretElement.textContent())?.trim() ?? '';
  expect(secret).toMatch(/^vc-[\w-]{20,}$/);
  await page.reload();
  await portalReady(page);
  await main.getByRole('heading', { name: 'Journey key' }).waitFor();
  expect(await page.content()).not.toContain(secret);

  // --- Buy the pack: credits page → checkout page → Pay → Paddle.js (stand-in) opens the transaction.
  await goTo(page, '/portal/credits');
  // A link to the checkout page: nothing of Paddle's loads on the credits page.
  await main.getByRole('link', { name: `Buy ${PACK.name}` }).click();
  await page.waitForURL((url) => url.pathname === '/portal/checkout' && url.searchParams.get('pack') === portal.packId);
  await portalReady(page);
  expect(paddleRequests).toEqual([]);
  await main.getByRole('button', { name: 'Pay with Paddle' }).click();
  const opened = await page.waitForFunction(
    () => (window as unknown as { __paddleCheckout?: { transactionId: string } }).__paddleCheckout,
  );
  const { transactionId } = (await opened.jsonValue()) as { transactionId: string };
  expect(transactionId).toMatch(/^txn_/);
  expect(paddleRequests).toEqual([`/portal/checkout ${portal.paddle.scriptUrl}`]);
  await expect(
    page.evaluate(() => (window as unknown as { __paddleInitialize?: unknown }).__paddleInitialize),
  ).resolves.toEqual({ token: 'test_portal_client_token' });
  // Paddle tells the API first (the signed notification), then the page (its overlay's event).
  await portal.completeTransaction(transactionId);
  await page.evaluate((id) => {
    (window as unknown as { __paddleEmit(name: string, data: unknown): void }).__paddleEmit('checkout.completed', {
      transaction_id: id,
      status: 'completed',
    });
  }, transactionId);
  // The page watches the purchase and then shows the new balance and the receipt's link.
  await main.getByRole('heading', { name: 'Credits added' }).waitFor();
  expect(await main.innerText()).toContain(`balance is now ${usd(PACK.credits)}`);
  const receiptLink = main.getByRole('link', { name: /receipt/i });
  await receiptLink.waitFor();

  // --- The receipt: its number, the total and Paddle's transaction id.
  await receiptLink.click();
  await page.waitForURL((url) => url.pathname === '/portal/receipt' && url.searchParams.has('purchase'));
  await portalReady(page);
  const purchaseId = new URL(page.url()).searchParams.get('purchase');
  const receipt = await graphql(portal.gateway, token)(
    'query($id: ID!) { receipt(purchaseId: $id) { number total processorTransactionId } }',
    { id: purchaseId },
  );
  expect(receipt.body.data.receipt.processorTransactionId).toBe(transactionId);
  const receiptText = await main.innerText();
  expect(receiptText).toContain(receipt.body.data.receipt.number);
  expect(receiptText).toContain('$9.99');
  expect(receiptText).toContain(transactionId);

  // --- The credit history lists the purchase.
  await goTo(page, '/portal/credits');
  const ledger = main.getByRole('region', { name: /credit history/i }).locator('table');
  await ledger.waitFor();
  const ledgerRows = await tableRows(ledger);
  expect(ledgerRows.some((cells) => cells.includes('Purchase') && cells.some((c) => c.includes('$10.00')))).toBe(true);

  // --- Use the API with the new key, through the official SDK.
  const client = new OpenAI({ apiKey: secret, baseURL: `${portal.url}/v1`, maxRetries: 0 });
  const completion = await client.chat.completions.create({
    model: CHAT_MODEL,
    max_tokens: 20,
    messages: [{ role: 'user', content: 'Hello from the portal journey' }],
  });
  expect(completion.choices[0].message.content).toBeTruthy();
  await portal.gateway.settle();
  const [recent] = (await graphql(portal.gateway, token)('{ recentRequests(first: 1) { model apiKeyName cost } }')).body
    .data.recentRequests as Array<{ model: string; apiKeyName: string; cost: string }>;
  expect(recent).toMatchObject({ model: CHAT_MODEL, apiKeyName: 'Journey key' });

  // The overview's recent requests show it.
  await goTo(page, '/portal');
  const recentTable = main.locator('table').filter({ hasText: 'Journey key' });
  await recentTable.waitFor();
  const recentRows = await tableRows(recentTable);
  // The balance is the pack's credits less the request's cost.
  expect(micros(recent.cost)).toBeGreaterThan(0n);
  const left = micros(PACK.credits) - micros(recent.cost);
  expect(await main.innerText()).toContain(usd(`${left / 1_000_000n}.${String(left % 1_000_000n).padStart(6, '0')}`));
  expect(recentRows).toHaveLength(1);
  expect(recentRows[0].join(' ')).toContain(CHAT_MODEL);
  expect(recentRows[0].join(' ')).toContain('Journey key');

  // --- Usage: the request in the table, and the CSV download has the table's rows and totals.
  await goTo(page, '/portal/usage');
  const usageTable = main.locator('table').filter({ has: page.locator('tfoot') });
  await usageTable.locator('tbody tr').first().waitFor();
  const usageRows = await tableRows(usageTable);
  const usageTotals = await usageTable
    .locator('tfoot tr')
    .evaluateAll((rows) => rows.map((tr) => Array.from(tr.children, (cell) => (cell.textContent ?? '').trim())));
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    main.getByRole('button', { name: 'Download CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^usage-.*\.csv$/);
  const csv = parseCsv(readFileSync((await download.path()) as string, 'utf8').replace(/^\uFEFF/, ''));
  const [header, ...records] = csv;
  const totalRecord = records.at(-1) as string[];
  const dataRecords = records.slice(0, -1);
  expect(totalRecord[0]).toBe('Total');
  const costColumn = header.findIndex((h) => /cost/i.test(h));
  const requestsColumn = header.findIndex((h) => /^requests$/i.test(h));
  expect([costColumn, requestsColumn].every((i) => i > 0)).toBe(true);
  // Row by row: the same rows in the same order, each row's request count and cost as the table shows them.
  expect(dataRecords.map((r) => r[0])).toHaveLength(usageRows.length);
  dataRecords.forEach((record, i) => {
    expect(usageRows[i]).toContain(record[requestsColumn]);
    expect(usageRows[i]).toContain(usd(record[costColumn]));
  });
  // The totals: the exact sum of the rows, the table's totals row, and the one request's cost.
  const csvCost = dataRecords.reduce((sum, r) => sum + micros(r[costColumn]), 0n);
  expect(micros(totalRecord[costColumn])).toBe(csvCost);
  expect(csvCost).toBe(micros(recent.cost));
  expect(totalRecord[requestsColumn]).toBe('1');
  expect(usageTotals).toHaveLength(1);
  expect(usageTotals[0]).toContain(usd(totalRecord[costColumn]));

  // --- Sessions: another signed-in browser is listed; ending it here signs it out there.
  const other = await portal.signedInContext(await portal.session(accountId, 'Other browser'));
  const otherPage = await other.newPage();
  await goTo(otherPage, '/portal');
  expect(new URL(otherPage.url()).pathname).toBe('/portal');
  await goTo(page, '/portal/sessions');
  const end = main.getByRole('button', { name: /^End session: Other browser/ });
  await end.click();
  const confirm = page.getByRole('dialog');
  await confirm.getByRole('button', { name: 'End session' }).click();
  await end.waitFor({ state: 'detached' });
  await main.getByRole('status').filter({ hasText: 'Session ended: Other browser.' }).waitFor();
  await otherPage.reload();
  await otherPage.waitForURL((url) => url.pathname === '/signin');

  // --- Settings: choosing Chinese opens the page in Chinese (and remembers it); English brings it back.
  await goTo(page, '/portal/settings');
  await main.getByRole('radio', { name: /中文/ }).check();
  await page.waitForURL((url) => url.pathname === '/zh-cn/portal/settings');
  await portalReady(page);
  await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('设置');
  expect((await context.cookies()).find((c) => c.name === 'vc_lang')?.value).toBe('zh-CN');
  await main.getByRole('radio', { name: /English/ }).check();
  await page.waitForURL((url) => url.pathname === '/portal/settings');
  await portalReady(page);
  await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
  expect((await context.cookies()).find((c) => c.name === 'vc_lang')?.value).toBe('en');

  // --- Sign out: the cookie is gone and the portal sends the visitor to sign in.
  await page.getByRole('navigation', { name: 'Portal' }).getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/portal'));
  await expect(sessionToken(context)).resolves.toBeUndefined();
  await page.goto('/portal');
  await page.waitForURL((url) => url.pathname === '/signin' && url.searchParams.get('next') === '/portal');
}, 120_000);

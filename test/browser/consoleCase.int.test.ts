/// <reference lib="dom" />
// Working a case in the console, in real Chromium: a note, the next status, an
// agency referral refused without consent and, for imminent danger, left to a
// supervisor; a canned response put in the message box, edited and sent to the
// worker, the WhatsApp window warning; a supervisor's statistics with the CSV link; a
// practice conversation answered by the simulated worker; and a supervisor
// reassigning a claimed conversation to another case worker.
import type { Page } from 'playwright-core';
import { openBrowser, screenshot } from '../helpers/browser';
import { startHotline, type RunningHotline } from '../helpers/hotline';

let app: RunningHotline;
const PASSWORD = 'correct horse battery staple';
jest.setTimeout(120_000);

beforeAll(async () => {
  app = await startHotline();
  await app.hotline.accounts.createUser({ username: 'amina', displayName: 'Amina', password: PASSWORD, roles: ['caseWorker'], languages: ['en', 'ar'] });
  await app.hotline.accounts.createUser({ username: 'sara', displayName: 'Sara', password: PASSWORD, roles: ['supervisor'], languages: ['en'] });
});
afterAll(async () => {
  await app.stop();
  await app.db.close();
});

/** A worker on web chat (Direct Line) who asks for a person; returns what reads their side of the conversation. */
async function workerAsksForAPerson(): Promise<{ caseNumber: string; botTexts(): Promise<string[]> }> {
  const generated = (await (await fetch(`${app.url}/api/webchat/token`, { method: 'POST' })).json()) as { conversationId: string; token: string };
  const headers = { authorization: `Bearer ${generated.token}`, 'content-type': 'application/json' };
  const base = `${app.url}/v3/directline/conversations/${generated.conversationId}/activities`;
  for (const text of ['hello', '1', 'human']) {
    const response = await fetch(base, { method: 'POST', headers, body: JSON.stringify({ type: 'message', text }) });
    expect(response.status).toBe(200);
  }
  const botTexts = async () => {
    const body = (await (await fetch(base, { headers })).json()) as { activities: Array<{ type: string; from?: { role?: string; id?: string }; text?: string }> };
    return body.activities.filter((a) => a.type === 'message' && a.from?.role !== 'user' && typeof a.text === 'string').map((a) => a.text!);
  };
  const caseNumber = /BH-\d{4}-\d{6}/.exec((await botTexts()).join('\n'))?.[0];
  expect(caseNumber).toBeDefined();
  return { caseNumber: caseNumber!, botTexts };
}

async function signIn(page: Page, username: string): Promise<void> {
  await page.goto(`${app.url}/console`);
  await page.getByTestId('cw-username').fill(username);
  await page.getByTestId('cw-password').fill(PASSWORD);
  await page.getByTestId('cw-login').click();
  await page.getByTestId('cw-queue').waitFor({ state: 'visible' });
}

const errorText = (page: Page) => page.getByTestId('cw-error').innerText();

/** Asks until `check` answers true (or the time is up, then answers false). */
async function eventually(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return check();
}

test('a case worker adds a note, moves the case on, refers it (refused without consent, then for imminent danger) and sends an edited canned response', async () => {
  const worker = await workerAsksForAPerson();
  const browser = await openBrowser({ width: 1280, height: 900 });
  try {
    const c = browser.page;
    await signIn(c, 'amina');
    // A case worker has no statistics.
    expect(await c.getByTestId('cw-stats').isVisible()).toBe(false);
    const entry = c.locator(`[data-testid="cw-queue-item"][data-case-number="${worker.caseNumber}"]`);
    await entry.waitFor({ state: 'visible', timeout: 15_000 });
    await entry.getByTestId('cw-claim').click();
    const casePanel = c.getByTestId('cw-case');
    await c.getByTestId('cw-note-input').waitFor({ state: 'visible', timeout: 15_000 });

    // A note.
    await c.getByTestId('cw-note-input').fill('Passport kept by the employer; safe to write after 9 pm.');
    await c.getByTestId('cw-note-add').click();
    await c.getByTestId('cw-note').filter({ hasText: 'Passport kept by the employer' }).waitFor({ timeout: 10_000 });
    expect(await c.getByTestId('cw-note-input').inputValue()).toBe('');

    // Triaged → in progress; then only the statuses allowed next are offered.
    const options = () => c.getByTestId('cw-status').locator('option').evaluateAll((nodes) => nodes.map((n) => (n as HTMLOptionElement).value).filter(Boolean));
    expect(await options()).toEqual(['inProgress', 'referred', 'closed']);
    await c.getByTestId('cw-status').selectOption('inProgress');
    await c.getByTestId('cw-status-set').click();
    await c.waitForFunction(() => Array.from(document.querySelectorAll('[data-testid="cw-status"] option')).map((n) => (n as HTMLOptionElement).value).join() === ',referred,closed', undefined, { timeout: 10_000 });
    expect(await casePanel.innerText()).toContain('In progress');

    // No consent: refused, and told why.
    await c.getByTestId('cw-agency').selectOption('epc');
    await c.getByTestId('cw-refer').click();
    await c.waitForFunction(() => /not consented/.test(document.querySelector('[data-testid="cw-error"]')?.textContent ?? ''), undefined, { timeout: 10_000 });
    expect(await errorText(c)).toMatch(/only imminent danger permits/i);
    expect(await c.getByTestId('cw-referral').count()).toBe(0);

    // Imminent danger: only a supervisor may refer without consent (services/caseAccess.ts); the case worker is told so.
    await c.getByTestId('cw-imminent').check();
    expect(await c.getByTestId('cw-refer').innerText()).toMatch(/without consent/i);
    await c.getByTestId('cw-refer').click();
    await c.waitForFunction(() => /needs a supervisor/.test(document.querySelector('[data-testid="cw-error"]')?.textContent ?? ''), undefined, { timeout: 10_000 });
    expect(await c.getByTestId('cw-referral').count()).toBe(0);
    // A supervisor records it; the case worker's panel shows it, with its basis, once read again.
    const sara = (await app.hotline.accounts.list()).find((user) => user.username === 'sara')!;
    await app.hotline.caseWork.refer(sara, worker.caseNumber, 'epc', true);
    await c.getByTestId('cw-case-toggle').click();
    await c.getByTestId('cw-case-toggle').click();
    const referral = c.getByTestId('cw-referral');
    await referral.waitFor({ timeout: 10_000 });
    expect(await referral.getAttribute('data-agency-id')).toBe('epc');
    expect(await referral.getAttribute('data-basis')).toBe('imminentDanger');
    expect(await referral.innerText()).toMatch(/Expat Protection Centre.*imminent danger/);
    expect(await casePanel.innerText()).toContain('Referred');
    await screenshot(c, 'console-case-worked-en');

    // A canned response in the worker's language goes into the message box; choosing another replaces it; edited, then sent.
    const canned = c.getByTestId('cw-canned');
    await canned.waitFor({ state: 'visible' });
    await canned.selectOption('safeCheck');
    await canned.selectOption('greeting');
    const greeting = 'Hello, I am a case worker at the hotline. I am here to help you. Is it safe for you to talk now?';
    expect(await c.getByTestId('cw-input').inputValue()).toBe(greeting);
    await c.getByTestId('cw-input').press('End');
    await c.getByTestId('cw-input').pressSequentially(' My name is Amina.');
    await c.getByTestId('cw-send').click();
    const sent = `${greeting} My name is Amina.`;
    await c.locator('[data-testid="cw-line"][data-from="caseWorker"]:not(.cw-line-pending)', { hasText: 'My name is Amina.' }).waitFor({ timeout: 15_000 });
    expect(await c.getByTestId('cw-input').inputValue()).toBe('');
    expect(await canned.inputValue()).toBe('');
    expect(await eventually(async () => (await worker.botTexts()).includes(sent))).toBe(true);

    // The WhatsApp window (web chat has none: the queue is rewritten as a WhatsApp entry would come).
    expect(await c.getByTestId('cw-window').isVisible()).toBe(false);
    let windowSeconds = 600;
    await c.route('**/console/api/queue*', async (route) => {
      const response = await route.fetch();
      const json = (await response.json()) as { handoffs: Array<Record<string, unknown>> };
      for (const e of json.handoffs) if (e.caseNumber === worker.caseNumber) Object.assign(e, { channel: 'whatsapp', whatsappWindowSeconds: windowSeconds });
      await route.fulfill({ response, json });
    });
    const refreshQueue = async () => {
      await c.getByTestId('cw-filter').selectOption('en');
      await c.getByTestId('cw-filter').selectOption('');
    };
    await refreshQueue();
    const windowNotice = c.getByTestId('cw-window');
    await windowNotice.waitFor({ state: 'visible', timeout: 10_000 });
    expect(await windowNotice.getAttribute('data-state')).toBe('warning');
    expect(await windowNotice.innerText()).toMatch(/WhatsApp window closes in (10:00|09:\d\d)/);
    windowSeconds = 0;
    await refreshQueue();
    await c.waitForFunction(() => document.querySelector('[data-testid="cw-window"]')?.getAttribute('data-state') === 'closed', undefined, { timeout: 10_000 });
    expect(await windowNotice.innerText()).toMatch(/only a neutral template can be sent; wait for the worker to write/);
    await screenshot(c, 'console-whatsapp-window-closed');
    windowSeconds = 20 * 3600;
    await refreshQueue();
    await windowNotice.waitFor({ state: 'hidden', timeout: 10_000 });
    await c.unrouteAll({ behavior: 'ignoreErrors' });
  } finally {
    await browser.close();
  }
});

test("a supervisor's statistics, and the CSV link for the chosen dates", async () => {
  const browser = await openBrowser({ width: 1280, height: 900 });
  try {
    const page = browser.page;
    await signIn(page, 'sara');
    await page.getByTestId('cw-stats').click();
    const total = page.getByTestId('cw-stats-total');
    await total.waitFor({ timeout: 10_000 });
    expect(await total.innerText()).toMatch(/Cases: [1-9]/);
    // One table per dimension: these first, in this order (any the server adds come after).
    const dimensions = await page.getByTestId('cw-stats-table').evaluateAll((tables) => tables.map((t) => t.getAttribute('data-dimension')));
    expect(dimensions.slice(0, 8)).toEqual(['indicator', 'nationality', 'language', 'type', 'status', 'priority', 'channel', 'month']);
    // Values carry the console's labels.
    expect(await page.locator('[data-testid="cw-stats-table"][data-dimension="channel"]').innerText()).toContain('Web chat');
    expect(await page.locator('[data-testid="cw-stats-table"][data-dimension="status"]').innerText()).toContain('Referred');
    expect(await page.locator('[data-testid="cw-stats-table"][data-dimension="nationality"] caption').innerText()).toBe('Nationality');

    const year = new Date().getUTCFullYear();
    await page.getByTestId('cw-stats-from').fill(`${year}-01-01`);
    await page.getByTestId('cw-stats-to').fill(`${year + 1}-01-01`);
    await page.getByTestId('cw-stats-show').click();
    await page.waitForFunction(() => /Cases: [1-9]/.test(document.querySelector('[data-testid="cw-stats-total"]')?.textContent ?? ''), undefined, { timeout: 10_000 });
    const href = await page.getByTestId('cw-stats-csv').getAttribute('href');
    expect(href).toBe(`/console/api/stats.csv?from=${year}-01-01&to=${year + 1}-01-01`);
    // A plain link: the session cookie is enough.
    const csv = await page.evaluate(async (url) => {
      const response = await fetch(url);
      return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
    }, href!);
    expect(csv.status).toBe(200);
    expect(csv.type).toMatch(/text\/csv/);
    expect(csv.text.split('\r\n')[0]).toBe('dimension,value,count');
    expect(csv.text).toMatch(/channel,webchat,/);
    await screenshot(page, 'console-statistics-en');
  } finally {
    await browser.close();
  }
});

test('a practice conversation: started from the list, opened like a claimed one, answered by the simulated worker', async () => {
  const browser = await openBrowser({ width: 1280, height: 900 });
  try {
    const page = browser.page;
    await signIn(page, 'amina');
    await page.getByTestId('cw-training').click();
    const start = page.locator('[data-testid="cw-training-start"][data-scenario-id="S1"]');
    await start.waitFor({ timeout: 10_000 });
    await screenshot(page, 'console-practice-en');
    await start.click();

    await page.locator('[data-testid="cw-line"][data-from="worker"]', { hasText: 'Hello, I need some help' }).waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('cw-input');
    const item = page.locator('[data-testid="cw-queue-item"][aria-current="true"]');
    expect(await item.getAttribute('data-status')).toBe('claimed');
    expect(await item.locator('.cw-training-badge').innerText()).toBe('Practice');
    // A practice case is never referred: no referral form.
    expect(await page.getByTestId('cw-refer').count()).toBe(0);

    await page.getByTestId('cw-input').fill('Hello, I am Amina from the hotline. Are you safe to talk?');
    await page.getByTestId('cw-send').click();
    await page.locator('[data-testid="cw-line"][data-from="worker"]', { hasText: 'My madam has not paid me for three months' }).waitFor({ timeout: 15_000 });
    await screenshot(page, 'console-practice-conversation-en');
  } finally {
    await browser.close();
  }
});

test('a supervisor reassigns a claimed conversation to another case worker, who then holds it', async () => {
  const noor = await app.hotline.accounts.createUser({ username: 'noor', displayName: 'Noor', password: PASSWORD, roles: ['caseWorker'], languages: ['en'] });
  const lead = await app.hotline.accounts.createUser({ username: 'layla', displayName: 'Layla', password: PASSWORD, roles: ['supervisor'], languages: ['en'] });
  const worker = await workerAsksForAPerson();
  const supervisorBrowser = await openBrowser({ width: 1280, height: 900 });
  const caseWorkerBrowser = await openBrowser({ width: 1280, height: 900 });
  try {
    // Noor is signed in already: the reassignment reaches her queue live.
    const n = caseWorkerBrowser.page;
    await signIn(n, 'noor');
    const hers = n.locator(`[data-testid="cw-queue-item"][data-case-number="${worker.caseNumber}"]`);
    await hers.waitFor({ state: 'visible', timeout: 15_000 });
    expect(await hers.getAttribute('data-status')).toBe('queued');

    const s = supervisorBrowser.page;
    await signIn(s, 'layla');
    const entry = s.locator(`[data-testid="cw-queue-item"][data-case-number="${worker.caseNumber}"]`);
    await entry.waitFor({ state: 'visible', timeout: 15_000 });
    await entry.getByTestId('cw-claim').click();
    await s.getByTestId('cw-input').waitFor({ state: 'visible', timeout: 10_000 });
    // A note for whoever takes over (the case shows its author by name).
    await s.getByTestId('cw-note-input').fill('Asked for a person; handing over to Noor.');
    await s.getByTestId('cw-note-add').click();
    await s.getByTestId('cw-note').filter({ hasText: 'handing over to Noor' }).waitFor({ timeout: 10_000 });
    expect(await s.getByTestId('cw-note').filter({ hasText: 'handing over to Noor' }).innerText()).toContain('You');

    // Only case workers, never the holder: Amina and Noor, not Layla (a supervisor holding it) or Sara (a supervisor only).
    const target = s.getByTestId('cw-reassign-to');
    await s.waitForFunction((id) => !!document.querySelector(`[data-testid="cw-reassign-to"] option[value="${id}"]`), noor.id, { timeout: 10_000 });
    const choices = await target.locator('option').evaluateAll((nodes) => nodes.map((o) => ({ value: (o as HTMLOptionElement).value, text: o.textContent ?? '' })).filter((o) => o.value));
    expect(choices.map((o) => o.text)).toEqual(expect.arrayContaining(['Noor (English)', 'Amina (English, Arabic)']));
    expect(choices.map((o) => o.value)).not.toContain(lead.id);
    expect(choices.some((o) => /Sara|Layla/.test(o.text))).toBe(false);

    // Without a choice the console asks for one.
    await s.getByTestId('cw-reassign').click();
    expect(await errorText(s)).toMatch(/Choose the case worker/);

    await target.selectOption(noor.id);
    await screenshot(s, 'console-reassign-en');
    await s.getByTestId('cw-reassign').click();
    // The conversation leaves the supervisor's page; her queue shows it held by Noor.
    await s.getByTestId('cw-input').waitFor({ state: 'hidden', timeout: 10_000 });
    expect(await errorText(s)).toBe('');
    await s.waitForFunction(
      (caseNumber) => /Claimed by Noor/.test(document.querySelector(`[data-testid="cw-queue-item"][data-case-number="${caseNumber}"]`)?.textContent ?? ''),
      worker.caseNumber,
      { timeout: 15_000 },
    );
    expect(await s.getByTestId('cw-reassign-to').isVisible()).toBe(false);

    // Noor sees it as hers, opens it and writes to the worker.
    await n.waitForFunction(
      (caseNumber) => document.querySelector(`[data-testid="cw-queue-item"][data-case-number="${caseNumber}"]`)?.getAttribute('data-status') === 'claimed',
      worker.caseNumber,
      { timeout: 15_000 },
    );
    expect(await hers.innerText()).toContain('Claimed by you');
    await hers.getByTestId('cw-open').click();
    await n.locator('[data-testid="cw-line"][data-from="worker"]').first().waitFor({ timeout: 10_000 });
    // The supervisor's note, by name (in the notes and the timeline).
    const note = n.getByTestId('cw-note').filter({ hasText: 'handing over to Noor' });
    await note.waitFor({ timeout: 10_000 });
    expect(await note.innerText()).toContain('Layla');
    expect(await n.getByTestId('cw-case').innerText()).toMatch(/Note added by Layla/);
    // A case worker has no reassign control.
    expect(await n.getByTestId('cw-reassign-to').isVisible()).toBe(false);
    await n.getByTestId('cw-input').fill('Hello, I am Noor from the hotline. I am here now.');
    await n.getByTestId('cw-send').click();
    await n.locator('[data-testid="cw-line"][data-from="caseWorker"]:not(.cw-line-pending)', { hasText: 'I am Noor' }).waitFor({ timeout: 15_000 });
    expect(await errorText(n)).toBe('');
    expect(await eventually(async () => (await worker.botTexts()).includes('Hello, I am Noor from the hotline. I am here now.'))).toBe(true);

    // The agencies come from the server, named in the interface language.
    await n.getByTestId('cw-lang').selectOption('ar');
    await n.waitForFunction(() => /مركز حماية الوافدين/.test(document.querySelector('[data-testid="cw-agency"]')?.textContent ?? ''), undefined, { timeout: 10_000 });
    expect(await n.getByTestId('cw-agency').locator('option[value="epc"]').innerText()).toBe('مركز حماية الوافدين (EPC)');
    await screenshot(n, 'console-reassigned-ar');
  } finally {
    await supervisorBrowser.close();
    await caseWorkerBrowser.close();
  }
});

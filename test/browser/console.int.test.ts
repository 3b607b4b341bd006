/// <reference lib="dom" />
// The handoff end to end in real Chromium: a worker in the widget asks for a
// person; a case worker signs in to the console, sees them, claims, replies;
// the worker sees the reply; the case worker closes; the worker is back at the
// bot's menu. Then the console in Arabic, right to left, at 768 px.
import type { Page } from 'playwright-core';
import { unverifiedFacts } from '../../services/countryProfile';
import { fontsUsed, openBrowser, screenshot, widgetTurn } from '../helpers/browser';
import { startHotline, type RunningHotline } from '../helpers/hotline';

let app: RunningHotline;
const PASSWORD = 'correct horse battery staple';
jest.setTimeout(120_000);

beforeAll(async () => {
  app = await startHotline();
  await app.hotline.accounts.createUser({ username: 'amina', displayName: 'Amina', password: PASSWORD, roles: ['caseWorker'], languages: ['en', 'ar'] });
  await app.hotline.accounts.createUser({ username: 'joseph', displayName: 'Joseph', password: PASSWORD, roles: ['caseWorker'], languages: ['en', 'ar'] });
  await app.hotline.accounts.createUser({ username: 'bilal', displayName: 'Bilal', password: PASSWORD, roles: ['caseWorker'], languages: ['ur'] });
  await app.hotline.accounts.createUser({ username: 'sara', displayName: 'Sara', password: PASSWORD, roles: ['supervisor'], languages: [] });
  await app.hotline.accounts.createUser({ username: 'root', displayName: 'Admin', password: PASSWORD, roles: ['admin'], languages: [] });
});
afterAll(async () => {
  await app.stop();
  await app.db.close();
});

const botTexts = (page: Page) => page.locator('[data-testid="hlw-msg"][data-from="bot"]').allInnerTexts();

/** The worker sends `text` in the widget; resolves once every bot reply of the turn is shown (widgetTurn). */
async function workerSays(page: Page, text: string): Promise<void> {
  await widgetTurn(page, async () => {
    await page.getByTestId('hlw-input').fill(text);
    await page.getByTestId('hlw-send').click();
  });
}

async function signIn(page: Page, username: string): Promise<void> {
  await page.goto(`${app.url}/console`);
  await page.getByTestId('cw-username').fill(username);
  await page.getByTestId('cw-password').fill(PASSWORD);
  await page.getByTestId('cw-login').click();
  await page.getByTestId('cw-queue').waitFor({ state: 'visible' });
}

test('widget → console → claim → reply → close → the worker is back at the menu', async () => {
  const worker = await openBrowser({ width: 360, height: 740 });
  const caseWorker = await openBrowser({ width: 1280, height: 800 });
  try {
    const w = worker.page;
    await w.goto(`${app.url}/`);
    await w.getByTestId('hlw-input').waitFor({ state: 'visible' });
    await workerSays(w, 'hello');
    await workerSays(w, '1');
    await workerSays(w, 'human');
    expect((await botTexts(w)).at(-1)).toMatch(/queue/);
    const caseNumber = /BH-\d{4}-\d{6}/.exec((await botTexts(w)).join('\n'))![0];

    const c = caseWorker.page;
    await signIn(c, 'amina');
    const entry = c.locator(`[data-testid="cw-queue-item"][data-case-number="${caseNumber}"]`);
    await entry.waitFor({ state: 'visible', timeout: 15_000 });
    await screenshot(c, 'console-queue-en');
    await entry.getByTestId('cw-claim').click();
    await c.getByTestId('cw-input').waitFor({ state: 'visible' });
    await c.getByTestId('cw-input').fill('Hello, I am Amina from the hotline. Are you safe to talk?');
    await c.getByTestId('cw-send').click();

    await w.waitForFunction(() => Array.from(document.querySelectorAll('[data-testid="hlw-msg"][data-from="bot"]')).some((n) => n.textContent?.includes('I am Amina')), undefined, { timeout: 15_000 });

    // The worker answers; it appears live in the console, and the bot stays quiet.
    const botCount = (await botTexts(w)).length;
    await w.getByTestId('hlw-input').fill('Yes, I can talk now');
    await w.getByTestId('hlw-send').click();
    await c.locator('[data-testid="cw-line"][data-from="worker"]', { hasText: 'Yes, I can talk now' }).waitFor({ timeout: 15_000 });
    expect((await botTexts(w)).length).toBe(botCount);
    await screenshot(c, 'console-conversation-en');

    await c.getByTestId('cw-close').click();
    await c.getByTestId('cw-confirm').click();
    await w.waitForFunction(
      () => {
        const texts = Array.from(document.querySelectorAll('[data-testid="hlw-msg"][data-from="bot"]')).map((n) => n.textContent ?? '');
        const closed = texts.findIndex((text) => /closed this conversation/.test(text));
        return closed >= 0 && texts.slice(closed + 1).some((text) => /What do you need\?/.test(text));
      },
      undefined,
      { timeout: 15_000 },
    );
    const texts = await botTexts(w);
    expect(texts.at(-2)).toMatch(/closed this conversation/);
    expect(texts.at(-1)).toMatch(/What do you need\?/);
    await screenshot(w, 'widget-back-with-bot');
  } finally {
    await worker.close();
    await caseWorker.close();
  }
});

test('two case workers claim at once in their browsers: one gets the conversation, the other is told', async () => {
  const a = await openBrowser({ width: 1280, height: 800 });
  const b = await openBrowser({ width: 1280, height: 800 });
  try {
    const generated = (await (await fetch(`${app.url}/api/webchat/token`, { method: 'POST' })).json()) as { conversationId: string; token: string };
    const headers = { authorization: `Bearer ${generated.token}`, 'content-type': 'application/json' };
    for (const text of ['hello', '1', 'human']) {
      await fetch(`${app.url}/v3/directline/conversations/${generated.conversationId}/activities`, { method: 'POST', headers, body: JSON.stringify({ type: 'message', text }) });
    }
    const handoff = await app.db.models.handoffs.findOne({ status: 'queued' }).sort({ createdAt: -1 }).lean();
    await signIn(a.page, 'amina');
    await signIn(b.page, 'joseph');
    const item = (page: Page) => page.locator(`[data-testid="cw-queue-item"][data-case-number="${handoff!.caseNumber}"]`);
    await Promise.all([item(a.page).waitFor(), item(b.page).waitFor()]);
    // Both buttons pressed in the same moment (a DOM click each, sent together): Playwright's own click waits for the
    // button to be stable, and by then the first claim may already have taken the item off the other queue.
    const press = (page: Page) => item(page).getByTestId('cw-claim').evaluate((button) => (button as HTMLButtonElement).click());
    await Promise.all([press(a.page), press(b.page)]);
    // One console opens the conversation. The other either tried too and is told who has it, or (on a busy machine)
    // heard of the first claim before its own press landed, and no longer offers the item: both are right.
    const opens = (page: Page) => page.getByTestId('cw-input').filter({ visible: true });
    const winner = await Promise.race([a.page, b.page].map((page) => opens(page).waitFor({ timeout: 15_000 }).then(() => page)));
    const loser = winner === a.page ? b.page : a.page;
    await loser.waitForFunction(
      (caseNumber) => {
        const error = document.querySelector('[data-testid="cw-error"]');
        const toldWho = !!error && /Amina|Joseph|already|taken/i.test(error.textContent || '');
        const offered = !!document.querySelector(`[data-testid="cw-queue-item"][data-case-number="${caseNumber}"] [data-testid="cw-claim"]`);
        return toldWho || !offered;
      },
      handoff!.caseNumber,
      { timeout: 15_000 },
    );
    expect(await opens(loser).isVisible()).toBe(false);
    const held = await app.db.models.handoffs.findById(handoff!._id).lean();
    expect(held).toMatchObject({ status: 'claimed' });
  } finally {
    await a.close();
    await b.close();
  }
});

test('the console in Arabic: right to left, at 768 px', async () => {
  const browser = await openBrowser({ width: 768, height: 900 });
  try {
    const page = browser.page;
    await page.goto(`${app.url}/console`);
    await page.getByTestId('cw-lang').selectOption('ar');
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    await page.getByTestId('cw-username').fill('amina');
    await page.getByTestId('cw-password').fill(PASSWORD);
    await page.getByTestId('cw-login').click();
    await page.getByTestId('cw-queue').waitFor({ state: 'visible' });
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ar');
    await screenshot(page, 'console-queue-ar-768');
  } finally {
    await browser.close();
  }
});

test('an admin sees every unverified fact and each locale\'s review status under Review, in English and in Arabic; a supervisor has no Review', async () => {
  const browser = await openBrowser({ width: 1280, height: 900 });
  try {
    const page = browser.page;
    await signIn(page, 'root');
    await page.getByTestId('cw-review').click();
    await page.getByTestId('cw-review-fact').first().waitFor({ state: 'visible' });
    const facts = await page.getByTestId('cw-review-fact').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-fact')));
    expect(facts).toEqual(unverifiedFacts(app.hotline.profile).map((fact) => `${fact.kind}:${fact.id}`));
    expect(await page.locator('#cw-review-facts').innerText()).toBe(`Facts of the country profile to confirm (${facts.length})`);
    const police = page.locator('[data-testid="cw-review-fact"][data-fact="contact:policeEmergency"]');
    expect(await police.innerText()).toMatch(/999[\s\S]*Confirm 999 is current/);
    const locales = await page.getByTestId('cw-review-locale').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-language')));
    expect(locales).toEqual(expect.arrayContaining(['ar', 'en']));
    expect(await page.locator('[data-testid="cw-review-locale"][data-language="en"]').innerText()).toMatch(/Source text/);
    await screenshot(page, 'console-review-en');

    await page.getByTestId('cw-lang').selectOption('ar');
    await page.waitForFunction(() => document.documentElement.dir === 'rtl' && document.getElementById('cw-review-heading')?.textContent === 'المراجعة قبل التشغيل');
    // The notes stay English, marked so, inside the Arabic page.
    expect(await police.locator('[lang="en"]').first().getAttribute('dir')).toBe('ltr');
    await screenshot(page, 'console-review-ar');
  } finally {
    await browser.close();
  }
  const supervisor = await openBrowser({ width: 1280, height: 900 });
  try {
    await signIn(supervisor.page, 'sara');
    await supervisor.page.getByTestId('cw-stats').waitFor({ state: 'visible' });
    expect(await supervisor.page.getByTestId('cw-review').isHidden()).toBe(true);
  } finally {
    await supervisor.close();
  }
});

test('an Urdu conversation in the console: the bot\'s and the worker\'s lines right to left, the bot\'s in Nastaliq', async () => {
  const generated = (await (await fetch(`${app.url}/api/webchat/token`, { method: 'POST' })).json()) as { conversationId: string; token: string };
  const post = (activity: object) =>
    fetch(`${app.url}/v3/directline/conversations/${generated.conversationId}/activities`, { method: 'POST', headers: { authorization: `Bearer ${generated.token}`, 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  await post({ type: 'event', name: 'setLanguage', value: 'ur' });
  for (const text of ['میرا پاسپورٹ مالک کے پاس ہے', 'human']) expect((await post({ type: 'message', text })).status).toBe(200);
  const handoff = await app.db.models.handoffs.findOne({ status: 'queued', language: 'ur' }).sort({ createdAt: -1 }).lean();
  expect(handoff).not.toBeNull();
  const browser = await openBrowser({ width: 1280, height: 900 });
  try {
    const page = browser.page;
    await signIn(page, 'bilal');
    const item = page.locator(`[data-testid="cw-queue-item"][data-case-number="${handoff!.caseNumber}"]`);
    await item.waitFor({ timeout: 15_000 });
    await item.getByTestId('cw-claim').click();
    const botLine = page.locator('[data-testid="cw-line"][data-from="bot"] .cw-line-text').first();
    const workerLine = page.locator('[data-testid="cw-line"][data-from="worker"] .cw-line-text', { hasText: 'پاسپورٹ' });
    await workerLine.waitFor({ timeout: 15_000 });
    const direction = (locator: typeof botLine) => locator.evaluate((el) => getComputedStyle(el).direction);
    expect([await botLine.getAttribute('lang'), await direction(botLine)]).toEqual(['ur', 'rtl']);
    expect([await workerLine.getAttribute('lang'), await direction(workerLine)]).toEqual([null, 'rtl']);
    expect(await fontsUsed(page, '[data-testid="cw-line"][data-from="bot"] .cw-line-text')).toContain('Noto Nastaliq Urdu');
    await screenshot(page, 'console-conversation-ur');
  } finally {
    await browser.close();
  }
});

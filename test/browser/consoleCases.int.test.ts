/// <reference lib="dom" />
// The Cases screen in real Chromium: a medium-priority report made in the
// widget (never queued for a person) is in the case list under its filters;
// a case worker opens it, takes it and sets its follow-up day, and finds it
// under "My cases" and "Due today"; a supervisor finds it by its number and
// refers it for imminent danger, which a case worker may not; in Arabic the
// screen is right to left.
import type { Page } from 'playwright-core';
import { localDate } from '../../services/localDate';
import { openBrowser, screenshot, widgetTurn, type Browser } from '../helpers/browser';
import { startHotline, type RunningHotline } from '../helpers/hotline';

let app: RunningHotline;
const PASSWORD = 'correct horse battery staple';
jest.setTimeout(180_000);

beforeAll(async () => {
  app = await startHotline();
  await app.hotline.accounts.createUser({ username: 'amina', displayName: 'Amina', password: PASSWORD, roles: ['caseWorker'], languages: ['en', 'ar'] });
  await app.hotline.accounts.createUser({ username: 'sara', displayName: 'Sara', password: PASSWORD, roles: ['supervisor'], languages: ['en'] });
});
afterAll(async () => {
  await app.stop();
  await app.db.close();
});

/** A whole report in the widget, answered so triage makes it medium: unpaid wages only, construction, safe now. */
async function mediumReportInTheWidget(browser: Browser): Promise<string> {
  const page = browser.page;
  const say = async (text: string) => (await widgetTurn(page, async () => {
    await page.getByTestId('hlw-input').fill(text);
    await page.getByTestId('hlw-send').click();
  })).join('\n');
  const press = async (label: RegExp) => (await widgetTurn(page, () => page.getByTestId('hlw-action').filter({ hasText: label }).last().click())).join('\n');
  await page.goto(app.url);
  await page.getByTestId('hlw-input').waitFor({ state: 'visible' });
  expect(await say('hello')).toMatch(/English/);
  await press(/Yes, English/);
  await press(/Report a problem/);
  await press(/^1\. Continue$/);
  await say('1');
  await press(/Construction/);
  await press(/India/);
  for (const answer of ['My wages have not been paid for two months', 'Sitra']) await say(answer);
  await press(/1 to 6 months/);
  await say('skip');
  await press(/safe now/);
  await press(/this chat/);
  for (const answer of ['after 9 pm', 'skip', 'skip']) await say(answer);
  await press(/you may refer/);
  const done = await press(/send my report/);
  const caseNumber = /BH-\d{4}-\d{6}/.exec(done)?.[0];
  expect(done).toMatch(/case worker will review/i);
  expect(caseNumber).toBeDefined();
  return caseNumber!;
}

async function signIn(page: Page, username: string): Promise<void> {
  await page.goto(`${app.url}/console`);
  await page.getByTestId('cw-username').fill(username);
  await page.getByTestId('cw-password').fill(PASSWORD);
  await page.getByTestId('cw-login').click();
  await page.getByTestId('cw-queue').waitFor({ state: 'visible' });
}

const item = (page: Page, caseNumber: string) => page.locator(`[data-testid="cw-case-item"][data-case-number="${caseNumber}"]`);
/** Applies the filters and waits for the answer to be drawn. */
async function apply(page: Page): Promise<void> {
  const answered = page.waitForResponse((response) => new URL(response.url()).pathname === '/console/api/cases');
  await page.getByTestId('cw-cases-apply').click();
  expect((await answered).status()).toBe(200);
  await page.waitForFunction(() => !/Loading/.test(document.querySelector('[data-testid="cw-cases-count"]')?.textContent ?? 'Loading'));
}

test('a medium report from the widget is in the case list under its filters; a case worker takes it and sets a follow-up', async () => {
  const widget = await openBrowser();
  let caseNumber: string;
  try {
    caseNumber = await mediumReportInTheWidget(widget);
  } finally {
    await widget.close();
  }
  // Nobody was queued: only the case list can bring it to a person.
  expect((await app.db.models.cases.findOne({ caseNumber }).lean())!.priority).toBe('medium');
  expect(await app.db.models.handoffs.countDocuments({ caseNumber })).toBe(0);

  const browser = await openBrowser({ width: 1280, height: 900 });
  try {
    const c = browser.page;
    const errors: string[] = [];
    c.on('pageerror', (error) => errors.push(error.message));
    await signIn(c, 'amina');
    await c.getByTestId('cw-cases').click();
    await item(c, caseNumber).waitFor({ timeout: 15_000 });

    // Its filters find it; another priority does not.
    for (const [filter, value] of [['priority', 'medium'], ['status', 'triaged'], ['type', 'abuseReport'], ['indicator', 'withholdingOfWages'], ['language', 'en'], ['channel', 'webchat'], ['owner', 'none']]) {
      await c.getByTestId(`cw-cases-${filter}`).selectOption(value);
    }
    const today = localDate(new Date(), app.hotline.profile.timezone);
    await c.getByTestId('cw-cases-from').fill(today);
    await apply(c);
    expect(await c.getByTestId('cw-case-item').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-case-number')))).toEqual([caseNumber]);
    expect(await item(c, caseNumber).innerText()).toMatch(/Medium[\s\S]*Abuse report · Triaged · English · Web chat[\s\S]*No owner yet/);
    await c.getByTestId('cw-cases-priority').selectOption('high');
    await apply(c);
    expect(await item(c, caseNumber).count()).toBe(0);
    await c.getByTestId('cw-cases-priority').selectOption('medium');
    await apply(c);
    await screenshot(c, 'console-cases-filtered-en');

    // Opened into the case panel: what the worker said, and no owner yet.
    await item(c, caseNumber).getByTestId('cw-case-open').click();
    await c.getByTestId('cw-case-owner').filter({ hasText: 'No owner yet' }).waitFor({ timeout: 10_000 });
    expect(await c.getByTestId('cw-cases-case').innerText()).toContain('My wages have not been paid for two months');
    expect(await c.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('cw-cases-detail-heading');

    await c.getByTestId('cw-case-take').click();
    await c.getByTestId('cw-case-owner').filter({ hasText: 'Owner: you' }).waitFor({ timeout: 10_000 });
    await c.getByTestId('cw-case-follow-up').fill(today);
    await c.getByTestId('cw-case-follow-up-set').click();
    await c.getByTestId('cw-case-follow-up-clear').waitFor({ timeout: 10_000 });
    expect(await c.getByTestId('cw-case-follow-up').inputValue()).toBe(today);
    expect(await c.getByTestId('cw-cases-case').innerText()).toMatch(/Owner set[\s\S]*Follow-up date/);
    const stored = await app.db.models.cases.findOne({ caseNumber }).lean();
    expect(stored).toMatchObject({ followUpDate: today, assignedTo: expect.any(String) });
    await screenshot(c, 'console-cases-taken-en');

    // Back in the list: theirs, due today, in "My cases" and "Due today".
    // The list asked for unowned cases: it is no longer one.
    const reread = c.waitForResponse((response) => new URL(response.url()).pathname === '/console/api/cases');
    await c.getByTestId('cw-cases-back').click();
    await reread;
    await c.waitForFunction(() => !/Loading/.test(document.querySelector('[data-testid="cw-cases-count"]')?.textContent ?? 'Loading'));
    expect(await item(c, caseNumber).count()).toBe(0);
    await c.getByTestId('cw-cases-reset').click();
    await c.waitForFunction((n) => /Owner: you/.test(document.querySelector(`[data-testid="cw-case-item"][data-case-number="${n}"]`)?.textContent ?? ''), caseNumber, { timeout: 10_000 });
    for (const view of ['mine', 'due']) {
      const answered = c.waitForResponse((response) => new URL(response.url()).pathname === '/console/api/cases' && new URL(response.url()).search.includes(view === 'mine' ? 'owner=me' : 'due=today'));
      await c.getByTestId(`cw-cases-view-${view}`).click();
      await answered;
      await item(c, caseNumber).waitFor({ timeout: 10_000 });
      expect(await item(c, caseNumber).getByTestId('cw-case-item-follow-up').innerText()).toBe(`Follow up: ${today}`);
    }

    // Arabic: right to left, the screen's own words.
    await c.getByTestId('cw-lang').selectOption('ar');
    await c.waitForFunction(() => document.documentElement.dir === 'rtl');
    expect(await c.locator('#cw-cases-heading').innerText()).toBe('الحالات');
    expect(await item(c, caseNumber).getByTestId('cw-case-item-owner').innerText()).toBe('المسؤول: أنت');
    await screenshot(c, 'console-cases-ar');
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
  }
});

test('a supervisor finds a case by its number and refers it for imminent danger; a case worker is told that needs a supervisor', async () => {
  const caseNumber = (await app.hotline.cases.create({
    type: 'abuseReport', answers: {}, personal: {}, indicators: ['withholdingOfWages'], triage: {}, consents: [{ kind: 'privacyNotice', given: true }],
    channel: 'webchat', userHash: app.hotline.hasher.hash('webchat', 'someone'), language: 'en',
  })).caseNumber;
  const open = async (page: Page) => {
    await page.getByTestId('cw-cases').click();
    await page.getByTestId('cw-cases-q').fill(caseNumber);
    await apply(page);
    await item(page, caseNumber).getByTestId('cw-case-open').click();
    await page.getByTestId('cw-agency').and(page.locator(':enabled')).waitFor({ timeout: 15_000 });
  };
  const browser = await openBrowser({ width: 1280, height: 900 });
  try {
    const c = browser.page;
    await signIn(c, 'amina');
    await open(c);
    await c.getByTestId('cw-agency').selectOption('epc');
    await c.getByTestId('cw-imminent').check();
    await c.getByTestId('cw-refer').click();
    await c.waitForFunction(() => /needs a supervisor/.test(document.querySelector('[data-testid="cw-error"]')?.textContent ?? ''), undefined, { timeout: 10_000 });
    expect(await c.getByTestId('cw-referral').count()).toBe(0);

    await c.getByTestId('cw-logout').click();
    await signIn(c, 'sara');
    await open(c);
    await c.getByTestId('cw-agency').selectOption('epc');
    await c.getByTestId('cw-imminent').check();
    await c.getByTestId('cw-refer').click();
    const referral = c.getByTestId('cw-referral');
    await referral.waitFor({ timeout: 10_000 });
    expect(await referral.getAttribute('data-basis')).toBe('imminentDanger');
    expect(await referral.innerText()).toMatch(/Expat Protection Centre.*imminent danger/);
  } finally {
    await browser.close();
  }
});

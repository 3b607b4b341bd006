/// <reference lib="dom" />
// The console's screens under axe-core (WCAG 2.1 A and AA), in English and in
// Arabic (right to left), at 1280 and 768 px and at 200 % zoom: sign-in, the
// queue with a worker waiting, an open conversation with its case, the case
// list and a case opened from it, practice, statistics, review.
import type { Page } from 'playwright-core';
import { axeViolations, openBrowser } from '../helpers/browser';
import { startHotline, type RunningHotline } from '../helpers/hotline';

let app: RunningHotline;
const PASSWORD = 'correct horse battery staple';
jest.setTimeout(180_000);

beforeAll(async () => {
  app = await startHotline();
  await app.hotline.accounts.createUser({ username: 'root', displayName: 'Admin', password: PASSWORD, roles: ['admin', 'caseWorker'], languages: [] });
});
afterAll(async () => {
  await app.stop();
  await app.db.close();
});

/** A worker on web chat who asks for a person. */
async function workerAsksForAPerson(): Promise<void> {
  const generated = (await (await fetch(`${app.url}/api/webchat/token`, { method: 'POST' })).json()) as { conversationId: string; token: string };
  for (const text of ['hello', '1', 'human']) {
    const response = await fetch(`${app.url}/v3/directline/conversations/${generated.conversationId}/activities`, {
      method: 'POST', headers: { authorization: `Bearer ${generated.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ type: 'message', text }),
    });
    expect(response.status).toBe(200);
  }
}

test.each([
  ['en', 1280, 1],
  ['ar', 1280, 1],
  ['en', 768, 1],
  ['ar', 768, 1],
  // 200 % zoom of a 1280 px window: half the CSS pixels, each drawn twice.
  ['en', 640, 2],
  ['ar', 640, 2],
] as const)('every screen in %s, %i CSS px wide at %ix, has no axe-core violation', async (lang, width, deviceScaleFactor) => {
  await workerAsksForAPerson();
  const browser = await openBrowser({ width, height: deviceScaleFactor === 2 ? 450 : 900 }, 'en-US', { deviceScaleFactor });
  const found: Record<string, string[]> = {};
  const check = async (page: Page, screen: string) => {
    found[screen] = await axeViolations(page);
  };
  try {
    const page = browser.page;
    await page.goto(`${app.url}/console`);
    await page.getByTestId('cw-username').waitFor({ state: 'visible' });
    if (lang === 'ar') {
      await page.getByTestId('cw-lang').selectOption('ar');
      await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    }
    await check(page, 'sign-in');
    await page.getByTestId('cw-username').fill('root');
    await page.getByTestId('cw-password').fill(PASSWORD);
    await page.getByTestId('cw-login').click();
    const claim = page.getByTestId('cw-claim').first();
    await claim.waitFor({ state: 'visible', timeout: 15_000 });
    await check(page, 'queue');

    await claim.click();
    await page.locator('[data-testid="cw-line"][data-from="worker"]').first().waitFor({ timeout: 15_000 });
    await page.getByTestId('cw-note-input').waitFor({ state: 'visible', timeout: 15_000 });
    await page.getByTestId('cw-agency').and(page.locator(':enabled')).waitFor({ timeout: 15_000 });
    await check(page, 'conversation');

    await page.getByTestId('cw-cases').click();
    await page.getByTestId('cw-case-item').first().waitFor({ state: 'visible', timeout: 15_000 });
    await check(page, 'cases');
    await page.getByTestId('cw-case-open').first().click();
    await page.getByTestId('cw-case-owner').waitFor({ state: 'visible', timeout: 15_000 });
    await page.getByTestId('cw-cases-case').getByTestId('cw-agency').and(page.locator(':enabled')).waitFor({ timeout: 15_000 });
    await check(page, 'case from the list');

    await page.getByTestId('cw-training').click();
    await page.getByTestId('cw-scenario').first().waitFor({ state: 'visible' });
    await check(page, 'practice');
    await page.getByTestId('cw-stats').click();
    await page.getByTestId('cw-stats-total').waitFor({ state: 'visible' });
    await check(page, 'statistics');
    await page.getByTestId('cw-review').click();
    await page.getByTestId('cw-review-fact').first().waitFor({ state: 'visible' });
    await check(page, 'review');
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual([lang, lang === 'ar' ? 'rtl' : 'ltr']);
  } finally {
    await browser.close();
  }
  expect(found).toEqual({ 'sign-in': [], queue: [], conversation: [], cases: [], 'case from the list': [], practice: [], statistics: [], review: [] });
});

/// <reference lib="dom" />
// The widget in real headless Chromium against the running hotline and the
// real database: reports in English and Arabic, clickable menus, reload
// resumes, quick exit leaves nothing behind. Screenshots go to test-output/.
import type { Page } from 'playwright-core';
import { openBrowser, screenshot, startNeutralSite, type Browser } from '../helpers/browser';
import { startHotline, type RunningHotline } from '../helpers/hotline';

let app: RunningHotline;
let neutral: Awaited<ReturnType<typeof startNeutralSite>>;
let browser: Browser;

jest.setTimeout(120_000);

beforeAll(async () => {
  neutral = await startNeutralSite();
  app = await startHotline({ env: { QUICK_EXIT_URL: neutral.url } });
});
afterAll(async () => {
  await app.stop();
  await app.db.close();
  neutral.server.close();
});
beforeEach(async () => {
  browser = await openBrowser();
});
afterEach(async () => {
  await browser.close();
});

const botMessages = (page: Page) => page.locator('[data-testid="hlw-msg"][data-from="bot"]');

/** Opens the widget on the landing page (it opens itself there) and waits for the input. */
async function openWidget(page: Page, path = '/'): Promise<void> {
  await page.goto(`${app.url}${path}`);
  await showPanel(page);
}

/** The landing page opens the widget itself; elsewhere the launcher opens it. */
async function showPanel(page: Page): Promise<void> {
  const input = page.getByTestId('hlw-input');
  const shown = await input.waitFor({ state: 'visible', timeout: 3000 }).then(() => true, () => false);
  if (!shown) await page.getByTestId('hlw-launcher').click();
  await input.waitFor({ state: 'visible' });
}

/** Types a message, sends it, and waits until the bot's reply count grows and settles. */
async function say(page: Page, text: string): Promise<string> {
  const before = await botMessages(page).count();
  await page.getByTestId('hlw-input').fill(text);
  await page.getByTestId('hlw-send').click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="hlw-msg"][data-from="bot"]').length > n, before, { timeout: 15_000 });
  await page.waitForTimeout(300);
  const texts = await botMessages(page).allInnerTexts();
  return texts.slice(before).join('\n---\n');
}

async function clickAction(page: Page, label: RegExp): Promise<string> {
  const before = await botMessages(page).count();
  await page.getByTestId('hlw-action').filter({ hasText: label }).last().click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="hlw-msg"][data-from="bot"]').length > n, before, { timeout: 15_000 });
  await page.waitForTimeout(300);
  return (await botMessages(page).allInnerTexts()).slice(before).join('\n---\n');
}

test('an English report at 360 px, menus clicked as buttons, ends with a case number', async () => {
  const { page } = browser;
  await openWidget(page);
  await screenshot(page, 'widget-en-open');
  expect(await say(page, 'hello')).toMatch(/English/);
  expect(await clickAction(page, /Yes, English/)).toMatch(/What do you need/);
  expect(await clickAction(page, /Report a problem/)).toMatch(/encrypted/);
  await clickAction(page, /^1\. Continue$/);
  await say(page, '1 2');
  await clickAction(page, /Domestic/);
  await clickAction(page, /Philippines/);
  for (const answer of ['My employer keeps my passport', 'Riffa']) await say(page, answer);
  await clickAction(page, /1 to 6 months/);
  await say(page, 'skip');
  await clickAction(page, /safe now/);
  await clickAction(page, /this chat/);
  for (const answer of ['after 9 pm', 'skip', 'skip']) await say(page, answer);
  await clickAction(page, /you may refer/);
  const done = await clickAction(page, /send my report/);
  expect(done).toMatch(/BH-\d{4}-\d{6}/);
  await screenshot(page, 'widget-en-report-done');
  expect(await app.db.models.referrals.countDocuments({ channel: 'webchat', type: 'abuseReport' })).toBeGreaterThanOrEqual(1);
  // Bot messages are left to right here.
  expect(await botMessages(page).last().getAttribute('dir')).toBe('ltr');
});

test('an Arabic report: detected from the first message, every bot message right to left', async () => {
  const { page } = browser;
  await openWidget(page);
  expect(await say(page, 'مرحبا')).toMatch(/العربية/);
  await say(page, '١');
  await say(page, '١'); // report
  await say(page, '٢'); // anonymous
  await say(page, '١'); // wages
  await say(page, '٣'); // other work
  for (const answer of ['تخطي', 'تخطي', 'تخطي', 'تخطي', 'تخطي']) await say(page, answer);
  await say(page, '١'); // safe
  await say(page, '٢'); // no contact
  await say(page, '٢'); // no referral
  const done = await say(page, '١');
  expect(done).toMatch(/BH-\d{4}-\d{6}/);
  const dirs = await botMessages(page).evaluateAll((nodes) => nodes.map((node) => node.getAttribute('dir')));
  if (process.env.DEBUG_BROWSER) console.log(await botMessages(page).evaluateAll((nodes) => nodes.map((node) => `${node.getAttribute('dir')} ${node.getAttribute('lang')} ${node.textContent?.slice(0, 60)}`)));
  expect(dirs.slice(1)).toEqual(dirs.slice(1).map(() => 'rtl'));
  // The widget's own words followed the conversation into Arabic.
  expect(await page.getByTestId('hlw-panel').getAttribute('dir')).toBe('rtl');
  expect(await page.getByTestId('hlw-lang').inputValue()).toBe('ar');
  await screenshot(page, 'widget-ar-report-done');
});

test('a reload resumes the conversation where it was', async () => {
  const { page } = browser;
  await openWidget(page);
  await say(page, 'hello');
  await say(page, '1');
  const before = await botMessages(page).count();
  await page.reload();
  await showPanel(page);
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="hlw-msg"][data-from="bot"]').length >= n, before, { timeout: 15_000 });
  expect(await say(page, '2')).toMatch(/Which topic/); // the menu answered, not a new conversation
});

test('quick exit: the conversation is gone from the device and Back does not return', async () => {
  const { page } = browser;
  await page.goto(neutral.url); // where the worker was before
  await openWidget(page);
  await say(page, 'hello');
  await page.getByTestId('hlw-exit').click();
  await page.waitForURL(neutral.url);
  const stored = await page.evaluate(() => sessionStorage.length + localStorage.length + document.cookie.length);
  expect(stored).toBe(0);
  await page.goBack().catch(() => undefined);
  expect(page.url()).not.toContain(app.url);
  // Coming back to the hotline starts afresh: no old messages.
  await openWidget(page);
  expect(await botMessages(page).count()).toBeLessThanOrEqual(1); // at most the greeting
});

test('the landing page shows the emergency numbers in the chosen language, right to left in Arabic', async () => {
  const { page } = browser;
  await page.goto(`${app.url}/?lang=ar`);
  await showPanel(page);
  await page.waitForTimeout(800); // the panel's opening transition
  await screenshot(page, 'landing-ar-widget');
  await page.getByTestId('hlw-input').press('Escape'); // Escape closes the panel
  await page.getByTestId('hlw-panel').waitFor({ state: 'hidden' });
  await page.waitForTimeout(400);
  expect(await page.getAttribute('html', 'dir')).toBe('rtl');
  expect(await page.getAttribute('html', 'lang')).toBe('ar');
  expect(await page.textContent('body')).toContain('999');
  await screenshot(page, 'landing-ar');
});

test('keyboard only: Tab to the button, Enter opens, Enter sends, Escape closes and gives focus back', async () => {
  const { page } = browser;
  await page.goto(neutral.url);
  await page.setContent(`<!doctype html><html lang="en"><body><p>Embassy of somewhere</p><script src="${app.url}/widget.js" data-hotline="${app.url}"></script></body></html>`);
  const launcher = page.getByTestId('hlw-launcher');
  await launcher.waitFor({ state: 'visible' });
  await launcher.focus();
  await page.keyboard.press('Enter');
  const input = page.getByTestId('hlw-input');
  await input.waitFor({ state: 'visible' });
  await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'hlw-input' || !!document.activeElement?.closest('[data-testid="hlw-panel"]'));
  await input.focus();
  await page.keyboard.type('hello');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="hlw-msg"][data-from="bot"]').length > 0, undefined, { timeout: 15_000 });
  expect(await page.getByTestId('hlw-log').getAttribute('aria-live')).toBe('polite');
  await page.keyboard.press('Escape');
  await page.getByTestId('hlw-panel').waitFor({ state: 'hidden' });
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('hlw-launcher');
});

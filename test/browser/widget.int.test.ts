/// <reference lib="dom" />
// The widget in real headless Chromium against the running hotline and the
// real database: reports in English and Arabic, clickable menus, reload
// resumes, quick exit leaves nothing behind. Screenshots go to test-output/.
import type { Page } from 'playwright-core';
import { createI18n } from '../../kernel/i18n';
import { emergencyContacts } from '../../services/countryProfile';
import { axeViolations, fontsUsed, openBrowser, screenshot, startNeutralSite, widgetTurn, type Browser } from '../helpers/browser';
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

/** Types a message, sends it, and answers with every bot reply of the turn (see widgetTurn: no fixed wait). */
async function say(page: Page, text: string): Promise<string> {
  const replies = await widgetTurn(page, async () => {
    await page.getByTestId('hlw-input').fill(text);
    await page.getByTestId('hlw-send').click();
  });
  return replies.join('\n---\n');
}

/** Presses the last suggested answer matching `label` and answers with every bot reply of the turn. */
async function clickAction(page: Page, label: RegExp): Promise<string> {
  const replies = await widgetTurn(page, () => page.getByTestId('hlw-action').filter({ hasText: label }).last().click());
  return replies.join('\n---\n');
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
  expect(await app.db.models.cases.countDocuments({ channel: 'webchat', type: 'abuseReport' })).toBeGreaterThanOrEqual(1);
  // Bot messages are left to right here.
  expect(await botMessages(page).last().getAttribute('dir')).toBe('ltr');
});

test('an Arabic report: detected from the first message, every bot message right to left', async () => {
  const { page } = browser;
  await openWidget(page);
  expect(await say(page, 'مرحبا')).toMatch(/العربية/);
  // The bot guessed Arabic and asks; the widget's own words wait for the answer.
  expect(await page.getByTestId('hlw-panel').getAttribute('lang')).toBe('en');
  await say(page, '١');
  await page.waitForFunction(() => document.querySelector('[data-testid="hlw-panel"]')?.getAttribute('lang') === 'ar');
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
  await page.emulateMedia({ reducedMotion: 'reduce' }); // no opening transition to wait for before the screenshot
  await page.goto(`${app.url}/?lang=ar`);
  await showPanel(page);
  await screenshot(page, 'landing-ar-widget');
  await page.getByTestId('hlw-input').press('Escape'); // Escape closes the panel
  await page.getByTestId('hlw-panel').waitFor({ state: 'hidden' });
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

// ---- on a phone: full screen without the page behind, numbers inside, focus kept, zoom, axe, every script ----

/** What has the focus, as a test can name it. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const at = document.activeElement;
    if (!at || at === document.body) return 'body';
    const testId = at.getAttribute('data-testid');
    return `${at.closest('#hlw-panel') ? 'panel' : at.closest('#hlw-root') ? 'widget' : 'page'}:${testId ?? at.tagName.toLowerCase()}`;
  });

/** The landing page in `lang` with the panel shown and its opening animation off. */
async function landing(page: Page, lang: string): Promise<void> {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto(`${app.url}/?lang=${lang}`);
  await page.getByTestId('hlw-input').waitFor({ state: 'visible' });
}

/** Sends `text` by keyboard from the message box and waits for a bot message matching `reply`. */
async function typeAndWait(page: Page, text: string, reply: RegExp): Promise<void> {
  const before = await botMessages(page).count();
  expect(await focused(page)).toBe('panel:hlw-input');
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  await waitForReply(page, before, reply);
}

async function waitForReply(page: Page, before: number, reply: RegExp): Promise<void> {
  await page.waitForFunction(
    ({ before, source }) => Array.from(document.querySelectorAll('[data-testid="hlw-msg"][data-from="bot"]')).slice(before).some((node) => new RegExp(source).test(node.textContent ?? '')),
    { before, source: reply.source },
    { timeout: 15_000 },
  );
}

/** From the message box, Shift+Tab back to the suggested answer whose label matches; Enter; wait for `reply`. Keyboard only. */
async function pressAnswer(page: Page, label: RegExp, reply: RegExp): Promise<void> {
  const before = await botMessages(page).count();
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press('Shift+Tab');
    const text = await page.evaluate(() => (document.activeElement?.getAttribute('data-testid') === 'hlw-action' ? document.activeElement.textContent : null));
    if (text && label.test(text)) break;
    if (i === 19) throw new Error(`no suggested answer ${label} within 20 Shift+Tab`);
  }
  await page.keyboard.press('Enter');
  // The pressed button is gone with its question: the focus is in the message box, not on <body>.
  expect(await focused(page)).toBe('panel:hlw-input');
  await waitForReply(page, before, reply);
}

test('at 360 px the widget opens full screen on load: the page behind is inert, Tab stays in the panel, the emergency numbers are inside it', async () => {
  const { page } = browser;
  await landing(page, 'en');
  const panel = await page.getByTestId('hlw-panel').boundingBox();
  expect(panel).toEqual({ x: 0, y: 0, width: 360, height: 740 });
  expect(await page.getByTestId('hlw-panel').getAttribute('aria-modal')).toBe('true');
  expect(await focused(page)).toBe('body'); // opening on load takes no focus
  // Ten Tab stops from the top: every one inside the panel, none on the page behind it.
  const stops: string[] = [];
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press('Tab');
    stops.push(await focused(page));
  }
  expect(stops.filter((stop) => !stop.startsWith('panel:'))).toEqual([]);
  expect(await page.evaluate(() => Array.from(document.body.children).filter((el) => el.id !== 'hlw-root' && el.tagName !== 'SCRIPT').every((el) => (el as HTMLElement).inert))).toBe(true);
  // The numbers to call, in the panel, in the profile's order, as links to dial.
  const numbers = page.getByTestId('hlw-emergency-number');
  expect(await numbers.allInnerTexts()).toEqual(emergencyContacts(app.hotline.profile).map((contact) => contact.number));
  expect(await numbers.evaluateAll((links) => links.map((link) => link.getAttribute('href')))).toEqual(['tel:999', 'tel:555', 'tel:995']);
  const lines = (await page.getByTestId('hlw-emergency').innerText()).split('\n').map((line) => line.trim()).filter(Boolean);
  expect(lines).toEqual(['In danger now? Call:', '999', 'Police emergency', '555', 'Police line to report trafficking', '995', 'Expat Protection Centre helpline']);
  await screenshot(page, 'widget-360-open-en');
  // Escape closes; the page is itself again and the chat button has the focus.
  await page.keyboard.press('Escape');
  await page.getByTestId('hlw-panel').waitFor({ state: 'hidden' });
  expect(await focused(page)).toBe('widget:hlw-launcher');
  expect(await page.evaluate(() => Array.from(document.body.children).some((el) => (el as HTMLElement).inert))).toBe(false);
  await page.keyboard.press('Shift+Tab');
  expect(await focused(page)).toMatch(/^page:/);
});

test('a suggested answer pressed: the focus goes to the message box, and Escape still closes', async () => {
  const { page } = browser;
  await landing(page, 'en');
  await page.getByTestId('hlw-input').fill('hello');
  await page.getByTestId('hlw-send').click();
  await page.getByTestId('hlw-action').filter({ hasText: /Yes, English/ }).waitFor();
  const before = await botMessages(page).count();
  await page.getByTestId('hlw-action').filter({ hasText: /Yes, English/ }).click();
  expect(await focused(page)).toBe('panel:hlw-input');
  await waitForReply(page, before, /What do you need/);
  expect(await focused(page)).toBe('panel:hlw-input');
  await page.keyboard.press('Escape');
  await page.getByTestId('hlw-panel').waitFor({ state: 'hidden' });
  expect(await focused(page)).toBe('widget:hlw-launcher');
});

test('"hello" on an Arabic page: the widget stays Arabic until the worker confirms a language, and the worker\'s words carry no interface language', async () => {
  const { page } = browser;
  await landing(page, 'ar');
  const before = await botMessages(page).count();
  await page.getByTestId('hlw-input').fill('hello');
  await page.getByTestId('hlw-send').click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="hlw-msg"][data-from="bot"]').length > n, before, { timeout: 15_000 });
  const panel = page.getByTestId('hlw-panel');
  expect([await panel.getAttribute('lang'), await panel.getAttribute('dir'), await page.getByTestId('hlw-lang').inputValue()]).toEqual(['ar', 'rtl', 'ar']);
  const mine = page.locator('[data-testid="hlw-msg"][data-from="user"]').last();
  expect([await mine.getAttribute('lang'), await mine.getAttribute('dir')]).toEqual(['', 'auto']);
  // Only the hidden "You:" and the sending state are in the interface language.
  expect(await mine.locator('[data-hlw-l]').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('lang')))).toEqual(['ar', 'ar']);
});

/** Every control of the panel's header lies inside the panel, none cut off or pushed out sideways. */
async function headerFits(page: Page): Promise<{ overflow: string[]; wrapped: boolean }> {
  return page.evaluate(() => {
    const panel = document.getElementById('hlw-panel')!.getBoundingClientRect();
    const controls = Array.from(document.querySelectorAll('#hlw-panel .hlw-head h2, #hlw-panel .hlw-head button, #hlw-panel .hlw-head select, #hlw-panel .hlw-head label'));
    const overflow = controls
      .filter((el) => {
        const box = el.getBoundingClientRect();
        return box.left < panel.left - 0.5 || box.right > panel.right + 0.5 || el.scrollWidth > el.clientWidth + 1;
      })
      .map((el) => el.getAttribute('data-testid') ?? el.tagName.toLowerCase());
    const title = document.getElementById('hlw-title')!.getBoundingClientRect();
    const exit = document.querySelector('[data-testid="hlw-exit"]')!.getBoundingClientRect();
    return { overflow, wrapped: exit.top >= title.bottom - 1 };
  });
}

const ZOOMS: Array<[string, { width: number; height: number }, number, string]> = [
  ['360 px', { width: 360, height: 740 }, 1, '100%'],
  ['360 px, text at 200 %', { width: 360, height: 740 }, 2, '200%'],
  ['a 1280 × 800 screen at 200 % zoom', { width: 640, height: 400 }, 2, '100%'],
];

test('axe-core is really looking: a button without a name on the page is a violation', async () => {
  const { page } = browser;
  await landing(page, 'en');
  await page.evaluate(() => document.querySelector('main')!.appendChild(document.createElement('button')));
  await page.getByTestId('hlw-close').click(); // the page is itself again (not inert), so axe sees the new button
  expect((await axeViolations(page)).map((violation) => violation.split(':')[0])).toEqual(['button-name']);
});

describe.each(['en', 'ar'])('in %s', (lng) => {
  test.each(ZOOMS)('at %s: axe-core (WCAG 2.1 A and AA) finds nothing, and the header wraps instead of overflowing', async (name, viewport, scale, textSize) => {
    const zoomed = await openBrowser(viewport, lng === 'ar' ? 'ar' : 'en-US', { deviceScaleFactor: scale });
    try {
      const { page } = zoomed;
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await page.goto(`${app.url}/?lang=${lng}`);
      await page.evaluate((size) => (document.documentElement.style.fontSize = size), textSize);
      await showPanel(page);
      // Sizes follow the root font size (rem): at text 200 % the chat button is twice as tall.
      const rootPx = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
      expect(await page.getByTestId('hlw-input').evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBe(rootPx);
      const fits = await headerFits(page);
      expect(fits.overflow).toEqual([]);
      if (textSize === '200%') expect(fits.wrapped).toBe(true);
      expect(await axeViolations(page)).toEqual([]);
      // And with a conversation in it: bot messages, suggested answers, the worker's own words.
      await page.getByTestId('hlw-input').fill(lng === 'ar' ? 'مرحبا' : 'hello');
      await page.getByTestId('hlw-send').click();
      await page.getByTestId('hlw-action').first().waitFor({ timeout: 15_000 });
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, `widget-${lng}-${name.replace(/[^a-z0-9]+/gi, '-').replace(/-$/, '')}`);
    } finally {
      await zoomed.close();
    }
  });
});

/** A report's question in English, as a pattern to wait for (its first words). */
const english = createI18n().getFixedT('en');
const asked = (id: string): RegExp => new RegExp(english(`report:${id}.question`).slice(0, 24).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));

test('keyboard only, at 360 px: a whole report, from the first Tab to the case number', async () => {
  const { page } = browser;
  await landing(page, 'en');
  for (let i = 0; i < 15 && (await focused(page)) !== 'panel:hlw-input'; i++) await page.keyboard.press('Tab');
  await typeAndWait(page, 'hello', /English/);
  await pressAnswer(page, /Yes, English/, /What do you need/);
  await pressAnswer(page, /Report a problem/, asked('privacy'));
  await pressAnswer(page, /^1\. Continue$/, asked('whatHappened'));
  await typeAndWait(page, '1 2', asked('sector'));
  await pressAnswer(page, /Domestic/, asked('nationality'));
  await pressAnswer(page, /Philippines/, asked('details'));
  await typeAndWait(page, 'My employer keeps my passport', asked('location'));
  await typeAndWait(page, 'Riffa', asked('since'));
  await pressAnswer(page, /1 to 6 months/, asked('employer'));
  await typeAndWait(page, 'skip', asked('safeNow'));
  await pressAnswer(page, /safe now/, asked('contact'));
  await pressAnswer(page, /this chat/, asked('contactTime'));
  await typeAndWait(page, 'after 9 pm', asked('codeWord'));
  await typeAndWait(page, 'skip', asked('name'));
  await typeAndWait(page, 'skip', asked('consentRefer'));
  await pressAnswer(page, /you may refer/, asked('confirm'));
  await pressAnswer(page, /send my report/, /BH-\d{4}-\d{6}/);
  expect(await focused(page)).toBe('panel:hlw-input');
  await screenshot(page, 'widget-keyboard-report-done');
  await page.keyboard.press('Escape');
  expect(await focused(page)).toBe('widget:hlw-launcher');
});

/** The six scripts the issue names, with the Noto family each must be drawn in. */
const SCRIPTS: Record<string, string> = {
  ar: 'Noto Sans Arabic',
  ur: 'Noto Nastaliq Urdu',
  am: 'Noto Sans Ethiopic',
  ml: 'Noto Sans Malayalam',
  si: 'Noto Sans Sinhala',
  ta: 'Noto Sans Tamil',
};

test('every language the hotline offers: the widget in it, drawn in its own script\'s font; screenshots of ar, ur, am, ml, si, ta', async () => {
  const config = (await (await fetch(`${app.url}/api/webchat/config`)).json()) as { languages: Array<{ code: string; dir: string }> };
  const offered = config.languages.map((language) => language.code);
  expect(offered).toEqual(expect.arrayContaining(['en', 'ar']));
  let page = browser.page;
  for (const { code, dir } of config.languages) {
    // A tab of its own per language: a fresh conversation (the widget keeps one per tab).
    await page.close();
    page = await browser.context.newPage();
    await landing(page, code);
    const panel = page.getByTestId('hlw-panel');
    expect(`${code}: ${await panel.getAttribute('lang')} ${await panel.getAttribute('dir')}`).toBe(`${code}: ${code} ${dir}`);
    expect(await page.getByTestId('hlw-greeting').innerText()).not.toBe('');
    if (!(code in SCRIPTS)) continue;
    // A bot message in the language too: the language question the bot asks first.
    const before = await botMessages(page).count();
    await page.getByTestId('hlw-input').fill('1');
    await page.getByTestId('hlw-send').click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="hlw-msg"][data-from="bot"]').length > n, before, { timeout: 15_000 });
    expect(`${code}: ${(await fontsUsed(page, '[data-testid="hlw-greeting"] p')).join(', ')}`).toContain(SCRIPTS[code]);
    expect(`${code}: ${(await fontsUsed(page, '[data-testid="hlw-msg"][data-from="bot"] .hlw-text')).join(', ')}`).toContain(SCRIPTS[code]);
    await screenshot(page, `widget-script-${code}`);
  }
  // The landing page names every language in its own script: one look shows them all.
  await page.getByTestId('hlw-close').click();
  await page.getByTestId('hlw-panel').waitFor({ state: 'hidden' });
  await page.setViewportSize({ width: 360, height: 1400 });
  await screenshot(page, 'landing-every-language');
});

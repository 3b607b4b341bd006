/// <reference lib="dom" />
// The official Bot Framework Web Chat (4.18.1, fetched at test time) in real
// Chromium against our own Direct Line: the bot's replies keep their lines. The
// safety message's emergency numbers stand on separate lines, an Arabic menu
// keeps one option per line, and so they would if a client read the same text
// as Markdown (Web Chat's own renderMarkdown on it).
import type { Page } from 'playwright-core';
import { openBrowser, screenshot, startNeutralSite, type Browser } from '../helpers/browser';
import { startHotline, TEST_DIRECTLINE_SECRET, type RunningHotline } from '../helpers/hotline';
import { webChatBundle } from '../helpers/webChatBundle';

let app: RunningHotline;
let neutral: Awaited<ReturnType<typeof startNeutralSite>>;
let browser: Browser;
let bundle: string;
jest.setTimeout(120_000);

beforeAll(async () => {
  bundle = webChatBundle();
  neutral = await startNeutralSite();
  app = await startHotline();
});
afterAll(async () => {
  await app.stop();
  await app.db.close();
  neutral.server.close();
});
beforeEach(async () => {
  browser = await openBrowser({ width: 480, height: 900 });
});
afterEach(async () => {
  await browser.close();
});

const BOT_BUBBLES = '.webchat__bubble:not(.webchat__bubble--from-user) .webchat__bubble__content';

/** Web Chat on another site's page, talking to the hotline with a token the site's back end minted. */
async function openWebChat(page: Page, locale: string): Promise<void> {
  const minted = await fetch(`${app.url}/v3/directline/tokens/generate`, { method: 'POST', headers: { authorization: `Bearer ${TEST_DIRECTLINE_SECRET}` } });
  const { token } = (await minted.json()) as { token: string };
  await page.goto(neutral.url);
  await page.setContent(`<!doctype html><html lang="${locale}"><head><title>Embassy</title></head><body style="margin:0"><div id="webchat" style="height:100vh"></div></body></html>`);
  await page.addScriptTag({ path: bundle });
  await page.evaluate(
    ({ token, domain, locale }) => {
      const { WebChat } = window as unknown as { WebChat: { renderWebChat(options: object, element: Element | null): void; createDirectLine(options: object): object } };
      WebChat.renderWebChat({ directLine: WebChat.createDirectLine({ token, domain }), locale }, document.getElementById('webchat'));
    },
    { token, domain: `${app.url}/v3/directline`, locale },
  );
  await page.locator('[data-id="webchat-sendbox-input"]').waitFor();
}

/** Sends through Web Chat's own send box; resolves with the text of the first new bot bubble that matches. */
async function send(page: Page, text: string, until: RegExp): Promise<void> {
  const before = await page.locator(BOT_BUBBLES).count();
  const box = page.locator('[data-id="webchat-sendbox-input"]');
  await box.fill(text);
  await box.press('Enter');
  await page.waitForFunction(
    ({ selector, before, source }) => Array.from(document.querySelectorAll(selector)).slice(before).some((node) => new RegExp(source).test(node.textContent ?? '')),
    { selector: BOT_BUBBLES, before, source: until.source },
    { timeout: 15_000 },
  );
}

/**
 * Where each rendered line of the last bot bubble matching `pattern` starts on screen: one entry per
 * line box (block or <br>), with its text, so "on separate lines" is what the reader sees.
 */
async function renderedLines(page: Page, pattern: RegExp): Promise<Array<{ top: number; text: string }>> {
  return page.evaluate(
    ({ selector, source }) => {
      const bubble = Array.from(document.querySelectorAll(selector)).reverse().find((node) => new RegExp(source).test(node.textContent ?? ''));
      return bubble ? linesOf(bubble) : [];
      function linesOf(root: Element): Array<{ top: number; text: string }> {
        const lines = new Map<number, string>();
        let last: number | undefined;
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const text = node.textContent ?? '';
          for (let i = 0; i < text.length; i++) {
            const range = document.createRange();
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            const rect = range.getBoundingClientRect();
            if (!text[i]!.trim() || !rect.height) {
              if (last !== undefined) lines.set(last, lines.get(last) + ' '); // a space within the line it follows
              continue;
            }
            const middle = Math.round(rect.top + rect.height / 2);
            last = [...lines.keys()].find((k) => Math.abs(k - middle) < rect.height / 2) ?? middle;
            lines.set(last, (lines.get(last) ?? '') + text[i]);
          }
        }
        return [...lines.entries()].sort((a, b) => a[0] - b[0]).map(([top, text]) => ({ top, text: text.replace(/\s+/g, ' ').trim() }));
      }
    },
    { selector: BOT_BUBBLES, source: pattern.source },
  );
}

/** The same text as a Markdown-reading client would show it: Web Chat's renderMarkdown, laid out in the page. */
async function markdownLines(page: Page, text: string): Promise<string[]> {
  return page.evaluate((markdownSource) => {
    const { WebChat } = window as unknown as { WebChat: { renderMarkdown(text: string, options: object): string } };
    const container = document.createElement('div');
    container.style.cssText = 'position:absolute;top:0;left:0;width:460px;font:16px sans-serif;background:#fff';
    const parsed = new DOMParser().parseFromString(WebChat.renderMarkdown(markdownSource, {}), 'text/html');
    container.append(...Array.from(parsed.body.childNodes));
    document.body.appendChild(container);
    // Each line box is one line of what the reader sees: the text between its line breaks.
    const lines = (container.innerText || '').split('\n').map((line) => line.trim()).filter(Boolean);
    container.remove();
    return lines;
  }, text);
}

/** The bot's messages as our Direct Line stored them (what any client receives). */
async function botActivities(): Promise<Array<{ text?: string; textFormat?: string; locale?: string }>> {
  const conversations = await app.db.models.webChatActivities.distinct('conversationId');
  const all = [];
  for (const id of conversations) all.push(...(await app.hotline.directLine.store.after(String(id))).activities);
  return all.filter((activity) => activity.from?.role === 'bot' && activity.type === 'message') as Array<{ text?: string; textFormat?: string; locale?: string }>;
}

test('SOS: the emergency numbers stand on separate lines in Web Chat, and would in a Markdown client too', async () => {
  const { page } = browser;
  await openWebChat(page, 'en-US');
  await send(page, 'SOS', /995/);
  const lines = await renderedLines(page, /995/);
  const numbers = lines.filter((line) => /999|555|995/.test(line.text));
  expect(numbers.map((line) => line.text.match(/999|555|995/g))).toEqual([['999'], ['555'], ['995']]);
  expect(new Set(numbers.map((line) => line.top)).size).toBe(3);
  expect(lines[0]!.text).toBe('You are not alone. If you are in danger now, call:');
  await screenshot(page, 'webchat-sos-en');

  const safety = (await botActivities()).find((activity) => /995/.test(activity.text ?? ''))!;
  expect(safety.textFormat).toBe('plain');
  const asMarkdown = await markdownLines(page, safety.text!);
  expect(asMarkdown.filter((line) => /999|555|995/.test(line)).map((line) => line.match(/999|555|995/g))).toEqual([['999'], ['555'], ['995']]);
});

test('an Arabic menu keeps one option per line, right-to-left marks and all, in Web Chat and as Markdown', async () => {
  const { page } = browser;
  await openWebChat(page, 'ar-SA');
  await send(page, 'مرحبا', /العربية/);
  await send(page, '١', /كيف يمكننا مساعدتك/);
  const lines = await renderedLines(page, /كيف يمكننا مساعدتك/);
  const options = lines.filter((line) => /^\u200f?\s*[0-9٠-٩]+[.)]/.test(line.text));
  expect(options.length).toBe(6);
  expect(new Set(options.map((line) => line.top)).size).toBe(6);
  expect(options.map((line) => line.text.replace(/\D/g, '').slice(0, 1))).toEqual(['1', '2', '3', '4', '5', '6']);
  await screenshot(page, 'webchat-menu-ar');

  const menu = (await botActivities()).reverse().find((activity) => /كيف يمكننا مساعدتك/.test(activity.text ?? ''))!;
  expect(menu).toMatchObject({ textFormat: 'plain', locale: 'ar' });
  const asMarkdown = await markdownLines(page, menu.text!);
  expect(asMarkdown.filter((line) => /^\u200f?\s*[0-9]+\./.test(line))).toHaveLength(6);
});

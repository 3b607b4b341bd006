// Real headless Chromium (Debian's, never a downloaded one) through playwright-core,
// with a fresh profile per test and screenshots kept with the test output.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(__dirname, '..', '..', 'test-output', 'screenshots');

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** A fresh headless Chromium; `deviceScaleFactor` 2 with half the viewport is a screen at 200 % zoom. */
export async function openBrowser(viewport = { width: 360, height: 740 }, locale = 'en-US', { deviceScaleFactor = 1 } = {}): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'pw-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    deviceScaleFactor,
    locale,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

/** A neutral page on loopback for the quick exit to land on. */
export async function startNeutralSite(): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>Weather</title><h1>Weather today</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/weather`, server };
}

/** axe-core's WCAG 2.1 A and AA rules, run in the page; each violation as "rule: targets". */
export async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated over DevTools, not injected as a <script>, so the page's own CSP stays as it is.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Array<{ id: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
    return axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
  });
  return result.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

/**
 * The families Chromium actually drew a node's text with (DevTools' platform fonts):
 * a script with no font of its own would show as boxes, drawn with a fallback family.
 */
export async function fontsUsed(page: Page, selector: string): Promise<string[]> {
  const session = await page.context().newCDPSession(page);
  try {
    await session.send('DOM.enable');
    await session.send('CSS.enable');
    const { root } = await session.send('DOM.getDocument', { depth: -1 });
    const { nodeIds } = await session.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector });
    const families = new Set<string>();
    for (const nodeId of nodeIds) {
      const { fonts } = await session.send('CSS.getPlatformFontsForNode', { nodeId });
      for (const font of fonts) families.add(font.familyName);
    }
    return [...families].sort();
  } finally {
    await session.detach();
  }
}

const WIDGET_BOT_MESSAGE = '[data-testid="hlw-msg"][data-from="bot"]';
const POSTED_ACTIVITY = /^\/v3\/directline\/conversations\/[^/]+\/activities$/;

/**
 * Does `act` in the web chat widget (a message sent, an answer pressed) and answers with the texts of
 * every bot message of that turn. No fixed wait: the hotline answers the POST of the worker's message
 * only once the bot's turn is over and its replies are stored, so the stored watermark then is the
 * turn's last; the turn is shown when the widget's own watermark (sessionStorage "hlw:session") reaches it.
 */
export async function widgetTurn(page: Page, act: () => Promise<void>): Promise<string[]> {
  const before = await page.locator(WIDGET_BOT_MESSAGE).count();
  const posted = page.waitForResponse((response) => {
    const request = response.request();
    if (request.method() !== 'POST' || !POSTED_ACTIVITY.test(new URL(response.url()).pathname)) return false;
    try {
      return (JSON.parse(request.postData() ?? '{}') as { type?: string }).type === 'message';
    } catch {
      return false;
    }
  }, { timeout: 15_000 });
  await act();
  const response = await posted;
  if (response.status() !== 200) throw new Error(`the widget's message was refused: HTTP ${response.status()}`);
  const session = await page.evaluate(() => JSON.parse(sessionStorage.getItem('hlw:session') ?? '{}') as { token?: string });
  const read = await fetch(new URL(response.url()).href, { headers: { authorization: `Bearer ${session.token}` } });
  const { watermark } = (await read.json()) as { watermark: string };
  await page.waitForFunction(
    ({ selector, n, watermark }) =>
      document.querySelectorAll(selector).length > n && Number(JSON.parse(sessionStorage.getItem('hlw:session') ?? '{}').watermark ?? -1) >= Number(watermark),
    { selector: WIDGET_BOT_MESSAGE, n: before, watermark },
    { timeout: 15_000 },
  );
  return (await page.locator(WIDGET_BOT_MESSAGE).allInnerTexts()).slice(before);
}

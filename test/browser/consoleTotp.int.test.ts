/// <reference lib="dom" />
// The second factor in real Chromium: a supervisor where it is required enrols
// with the key the console shows, then signs in with password and code.
import { totpCode, totpStep } from '../../services/totp';
import { openBrowser, screenshot } from '../helpers/browser';
import { startHotline, type RunningHotline } from '../helpers/hotline';

let app: RunningHotline;
const PASSWORD = 'correct horse battery staple';
jest.setTimeout(120_000);

beforeAll(async () => {
  app = await startHotline({ env: { CONSOLE_TOTP: 'required' } });
  await app.hotline.accounts.createUser({ username: 'nadia', displayName: 'Nadia', password: PASSWORD, roles: ['supervisor'], languages: ['en'] });
});
afterAll(async () => {
  await app.stop();
  await app.db.close();
});

test('enrol from the console, then sign in with the code', async () => {
  const browser = await openBrowser({ width: 1280, height: 800 });
  try {
    const page = browser.page;
    await page.goto(`${app.url}/console`);
    await page.getByTestId('cw-username').fill('nadia');
    await page.getByTestId('cw-password').fill(PASSWORD);
    await page.getByTestId('cw-login').click();
    await page.getByTestId('cw-totp-start').click();
    await page.getByTestId('cw-totp-code').waitFor({ state: 'visible' });
    const secret = (await page.getByTestId('cw-totp-secret').innerText()).replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(await page.getByTestId('cw-totp-link').getAttribute('href')).toContain(`secret=${secret}`);
    await screenshot(page, 'console-totp-enrol-en');
    const step = totpStep(new Date());
    await page.getByTestId('cw-totp-code').fill(totpCode(secret, step));
    await page.getByTestId('cw-totp-confirm').click();
    await page.getByTestId('cw-queue').waitFor({ state: 'visible' });

    await page.context().clearCookies();
    await page.goto(`${app.url}/console`);
    await page.getByTestId('cw-username').fill('nadia');
    await page.getByTestId('cw-password').fill(PASSWORD);
    await page.getByTestId('cw-login').click();
    await page.getByTestId('cw-code').waitFor({ state: 'visible' });
    expect(await page.locator('#cw-error').innerText()).toMatch(/6-digit code/);
    await page.getByTestId('cw-code').fill(totpCode(secret, step + 1));
    await page.getByTestId('cw-login').click();
    await page.getByTestId('cw-queue').waitFor({ state: 'visible' });
  } finally {
    await browser.close();
  }
});

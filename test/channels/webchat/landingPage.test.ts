// The public page: escaped everywhere, in the reader's language and direction,
// with every emergency number and a link to every language.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createI18n, LOCALES_DIR } from '../../../kernel/i18n';
import { renderLandingPage, type LandingPageInput } from '../../../channels/webchat/landingPage';

const LANGUAGES: LandingPageInput['languages'] = [
  { code: 'en', name: 'English', dir: 'ltr' },
  { code: 'ar', name: 'العربية', dir: 'rtl' },
  { code: 'hi', name: 'हिन्दी', dir: 'ltr' },
  { code: 'ur', name: 'اردو', dir: 'rtl' },
  { code: 'tl', name: 'Filipino', dir: 'ltr' },
  { code: 'bn', name: 'বাংলা', dir: 'ltr' },
];
const EMERGENCY: LandingPageInput['emergency'] = [
  { label: 'Police emergency', number: '999' },
  { label: 'LMRA call centre', number: '+973 1710 3103' },
];
const HOSTILE = `<script>alert("x")</script><img src=x onerror='alert(1)'>&`;

/** A translator that answers `[key]` and remembers what it was asked. */
function recordingTranslator(): { t: LandingPageInput['t']; keys: Set<string> } {
  const keys = new Set<string>();
  return { keys, t: (key) => (keys.add(key), `[${key}]`) };
}
const page = (overrides: Partial<LandingPageInput> = {}): string =>
  renderLandingPage({ lang: 'en', dir: 'ltr', t: recordingTranslator().t, languages: LANGUAGES, emergency: EMERGENCY, ...overrides });

describe('renderLandingPage', () => {
  test('escapes a hostile translation, language name and emergency entry', () => {
    const html = page({
      t: () => HOSTILE,
      languages: [{ code: 'x"><script>', name: HOSTILE, dir: 'ltr' }],
      emergency: [{ label: HOSTILE, number: `99"9<b>` }],
    });
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img');
    expect(html).not.toContain(`onerror='`);
    expect(html).not.toContain('"><script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=&#39;alert(1)&#39;&gt;&amp;');
    // The only script element is the widget.
    expect(html.match(/<script/g)).toHaveLength(1);
  });

  test('escapes the page language and accepts only ltr or rtl as a direction', () => {
    const html = page({ lang: 'en"><b>', dir: 'sideways' as never });
    expect(html).toContain('<html lang="en&quot;&gt;&lt;b&gt;" dir="ltr">');
  });

  test.each([
    ['en', 'ltr'],
    ['ar', 'rtl'],
    ['ur', 'rtl'],
  ] as const)('sets <html lang="%s" dir="%s">', (lang, dir) => {
    expect(page({ lang, dir })).toContain(`<html lang="${lang}" dir="${dir}">`);
  });

  test('is a complete standalone page that loads only the widget, opened', () => {
    const html = page();
    expect(html).toMatch(/^<!doctype html>\n<html /);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<meta name="viewport"');
    expect(html).toContain('<script src="/widget.js" data-open="true" defer></script>');
    expect(html).not.toMatch(/<link rel="stylesheet"|https?:\/\//);
    expect(html.trimEnd()).toMatch(/<\/html>$/);
  });

  test('lists every emergency number plainly as a phone link, with no doubt cast on unconfirmed ones', () => {
    const html = page();
    expect(html).toContain('Police emergency<br><a class="tel" href="tel:999" dir="ltr">999</a></li>');
    expect(html).toContain('LMRA call centre<br><a class="tel" href="tel:+97317103103" dir="ltr">+973 1710 3103</a></li>');
    expect(html).not.toMatch(/verify/);
    expect(html.indexOf('[site:emergency.heading]')).toBeLessThan(html.indexOf('Police emergency'));
  });

  test('links to every language, each name in its own script with lang and dir, the current one marked', () => {
    const html = page({ lang: 'ar', dir: 'rtl' });
    for (const { code, name, dir } of LANGUAGES) {
      const current = code === 'ar' ? ' aria-current="page"' : '';
      expect(html).toContain(`<a href="?lang=${code}" hreflang="${code}" lang="${code}" dir="${dir}"${current}>${name}</a>`);
    }
    expect(html.match(/ aria-current="page"/g)).toHaveLength(1);
  });

  test('asks only for site: keys that exist in locales/en/site.json, and mentions the quick exit', () => {
    const { t, keys } = recordingTranslator();
    renderLandingPage({ lang: 'en', dir: 'ltr', t, languages: LANGUAGES, emergency: EMERGENCY });
    const english = JSON.parse(readFileSync(join(LOCALES_DIR, 'en', 'site.json'), 'utf8')) as Record<string, unknown>;
    const exists = (path: string): boolean =>
      typeof path.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], english) === 'string';
    expect(keys.size).toBeGreaterThan(10);
    for (const key of keys) {
      expect(key).toMatch(/^site:/);
      expect(`${key} ${exists(key.slice('site:'.length))}`).toBe(`${key} true`);
    }
    expect(keys).toContain('site:safety.body');
  });

  test('renders real translations through i18next, Arabic right to left', () => {
    const i18n = createI18n();
    const html = renderLandingPage({ lang: 'ar', dir: 'rtl', t: i18n.getFixedT('ar'), languages: LANGUAGES, emergency: EMERGENCY });
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain(`<h1>${i18n.getFixedT('ar')('site:title')}</h1>`);
    expect(html).not.toContain('site:');
  });
});

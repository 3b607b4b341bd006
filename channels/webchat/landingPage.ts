// The hotline's public page: what it is, the emergency numbers, the languages and
// the chat widget. One small standalone document (inline CSS, no other asset but
// the widget) because workers read it on prepaid data.

/** What the page is rendered from: the reader's language, its translator, the languages offered and the emergency numbers. */
export interface LandingPageInput {
  /** Language of the page, e.g. `ar`. */
  lang: string;
  /** Direction of that language. */
  dir: 'ltr' | 'rtl';
  /** i18next translator for `lang`; the page asks only for `site:` keys. */
  t: (key: string, options?: Record<string, unknown>) => string;
  /** Languages the hotline speaks, each named in its own script. */
  languages: Array<{ code: string; name: string; dir: 'ltr' | 'rtl' }>;
  /** Numbers to call in danger, already labelled in `lang`, shown plainly (whether one is verified is the deployer's business). */
  emergency: Array<{ label: string; number: string }>;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and quoted attribute values. */
function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]!);
}

/** Only `ltr` or `rtl` ever reaches a `dir` attribute. */
const direction = (dir: string): 'ltr' | 'rtl' => (dir === 'rtl' ? 'rtl' : 'ltr');

const STYLE = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0 auto;max-width:40rem;padding:1rem 1rem 7rem;font:1.0625rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Arabic","Noto Naskh Arabic","Noto Nastaliq Urdu","Noto Sans Devanagari","Noto Sans Bengali","Noto Sans Tamil","Noto Sans Telugu","Noto Sans Malayalam","Noto Sans Sinhala","Noto Sans Ethiopic",sans-serif;color:#111;background:#fff}
:lang(ur){font-family:"Noto Nastaliq Urdu","Noto Naskh Arabic","Noto Sans Arabic",system-ui,sans-serif;line-height:2.1}
h1{font-size:1.6rem;line-height:1.25;margin:.75rem 0 .5rem;color:#0a5c66}
h2{font-size:1.2rem;margin:1.75rem 0 .5rem}
p,ul{margin:0 0 .75rem}
a{color:#0a5c66}
a:focus{outline:3px solid #fd0;box-shadow:0 0 0 6px #111}
a:focus:not(:focus-visible){outline:0;box-shadow:none}
.tagline{font-size:1.125rem}
nav p{margin:0 0 .25rem;font-size:.9375rem}
.langs{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;padding:0}
.langs a{display:inline-block;min-height:44px;padding:.5rem .875rem;border:1px solid #0a5c66;border-radius:22px;text-decoration:none}
.langs a[aria-current]{background:#0a5c66;color:#fff;font-weight:700}
.emergency{border-inline-start:6px solid #b3261e;background:#fdf1f0;padding:.25rem 1rem .5rem;margin-top:1.25rem}
.emergency h2{margin-top:.75rem;color:#8c1d18}
.emergency ul{list-style:none;padding:0}
.emergency li{padding:.5rem 0;border-top:1px solid #e8c4c1}
.emergency li:first-child{border-top:0}
.tel{display:inline-block;min-height:44px;padding:.25rem 0;font-size:1.375rem;font-weight:700;color:#8c1d18}
.names{padding:0;list-style:none;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
`;

/**
 * Renders the whole page in `input.lang`. Every interpolated value is escaped, including the
 * translations, so a bad translation or profile entry can never inject markup.
 */
export function renderLandingPage(input: LandingPageInput): string {
  const { lang, t, languages, emergency } = input;
  const text = (key: string): string => escapeHtml(t(`site:${key}`));
  const named = (language: LandingPageInput['languages'][number]): string =>
    `lang="${escapeHtml(language.code)}" dir="${direction(language.dir)}"`;

  const languageLinks = languages
    .map((language) => {
      const current = language.code === lang ? ' aria-current="page"' : '';
      return `<li><a href="?lang=${escapeHtml(encodeURIComponent(language.code))}" hreflang="${escapeHtml(language.code)}" ${named(language)}${current}>${escapeHtml(language.name)}</a></li>`;
    })
    .join('');
  const languageNames = languages.map((language) => `<li ${named(language)}>${escapeHtml(language.name)}</li>`).join('');
  const numbers = emergency
    .map((entry) => {
      const dial = entry.number.replace(/[^\d+]/g, '');
      const number = dial
        ? `<a class="tel" href="tel:${escapeHtml(dial)}" dir="ltr">${escapeHtml(entry.number)}</a>`
        : `<span class="tel" dir="ltr">${escapeHtml(entry.number)}</span>`;
      return `<li>${escapeHtml(entry.label)}<br>${number}</li>`;
    })
    .join('');

  return `<!doctype html>
<html lang="${escapeHtml(lang)}" dir="${direction(input.dir)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1,interactive-widget=resizes-content">
<meta name="referrer" content="no-referrer">
<meta name="color-scheme" content="light">
<title>${text('title')}</title>
<link rel="icon" href="data:,">
<style>${STYLE}</style>
</head>
<body>
<header>
<nav aria-label="${text('languagesLabel')}"><p>${text('languagesLabel')}</p><ul class="langs">${languageLinks}</ul></nav>
<h1>${text('title')}</h1>
<p class="tagline">${text('tagline')}</p>
</header>
<main>
<section class="emergency" aria-labelledby="emergency"><h2 id="emergency">${text('emergency.heading')}</h2><ul>${numbers}</ul></section>
<section aria-labelledby="chat"><h2 id="chat">${text('chat.heading')}</h2><p>${text('chat.body')}</p><noscript><p>${text('noscript')}</p></noscript></section>
<section aria-labelledby="about"><h2 id="about">${text('about.heading')}</h2><p>${text('about.body')}</p>
<ul><li>${text('about.free')}</li><li>${text('about.confidential')}</li><li>${text('about.open')}</li><li>${text('about.languages')}<ul class="names">${languageNames}</ul></li></ul></section>
<section aria-labelledby="safety"><h2 id="safety">${text('safety.heading')}</h2><p>${text('safety.body')}</p></section>
</main>
<script src="/widget.js" data-open="true" defer></script>
</body>
</html>
`;
}

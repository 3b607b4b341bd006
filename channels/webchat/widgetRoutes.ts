// What a browser loads: the public landing page at "/", the widget script,
// its configuration and its strings, with CORS so other sites can embed it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import type { i18n as I18n } from 'i18next';
import type { Request, Response, Server } from 'restify';
import { sendError } from '../../kernel/http';
import { isRightToLeft } from '../../kernel/i18n';
import { socketOrigin } from '../../kernel/origins';
import { emergencyContacts, type CountryProfile } from '../../services/countryProfile';
import { renderLandingPage } from './landingPage';

export const WIDGET_FILE = join(__dirname, '..', '..', 'widget', 'widget.js');

export interface WidgetOptions {
  i18n: I18n;
  profile: CountryProfile;
  /** Languages the hotline speaks (profile ∩ locales), default first. */
  languages: readonly string[];
  quickExitUrl: string;
  /** PUBLIC_URL: the stream's origin in the landing page's connect-src. */
  publicUrl?: string;
}

/** The widget file, loaded once, with its gzip and an ETag. */
function loadWidget(): { plain: Buffer; gzip: Buffer; etag: string } {
  const plain = readFileSync(WIDGET_FILE);
  return { plain, gzip: gzipSync(plain, { level: 9 }), etag: `"${createHash('sha256').update(plain).digest('base64url').slice(0, 16)}"` };
}

const dir = (code: string): 'ltr' | 'rtl' => (isRightToLeft(code) ? 'rtl' : 'ltr');

/**
 * Our endpoints carry bearer tokens, never cookies, so any site may call them,
 * with whatever headers its Direct Line client adds (x-requested-with, x-ms-bot-agent…).
 */
function allowCors(req: Request, res: Response): void {
  res.header('Access-Control-Allow-Origin', '*');
  const asked = req.header('access-control-request-headers');
  res.header('Access-Control-Allow-Headers', asked && /^[\w\-, ]{1,500}$/.test(asked) ? asked : 'Authorization, Content-Type');
  res.header('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
  res.header('Access-Control-Max-Age', '600');
}

export function registerWidget(server: Server, { i18n, profile, languages, quickExitUrl, publicUrl }: WidgetOptions): void {
  const widget = loadWidget();
  const languageList = languages.map((code) => ({ code, name: i18n.getFixedT(code)('languages:name'), dir: dir(code) }));
  // The numbers to call in danger, shown inside the panel (full screen on a phone, it hides the page's own).
  const emergency = emergencyContacts(profile).map((contact) => ({ id: contact.id, number: contact.number, dial: contact.number.replace(/[^\d+]/g, '') }));
  /** The widget's own words in `lng`, with the emergency heading and the contacts' labels (`contact.<id>`) from the site and profile. */
  const stringsFor = (lng: string): Record<string, string> => {
    const t = i18n.getFixedT(lng);
    return {
      ...(i18n.getResourceBundle(lng, 'widget') as Record<string, string>),
      emergencyHeading: t('site:emergency.heading'),
      ...Object.fromEntries(emergency.map((contact) => [`contact.${contact.id}`, t(`${profile.namespace}:contacts.${contact.id}.label`)])),
    };
  };

  server.pre((req: Request, res: Response, next: () => void) => {
    const path = req.getPath();
    if (path.startsWith('/v3/directline') || path.startsWith('/api/webchat')) {
      allowCors(req, res);
      // Tokens and the worker's own words: never kept by a browser cache or a proxy.
      res.header('Cache-Control', 'no-store');
      if (req.method === 'OPTIONS') {
        res.send(204);
        return;
      }
    }
    next();
  });

  server.get('/widget.js', async (req: Request, res: Response) => {
    res.header('Content-Type', 'application/javascript; charset=utf-8');
    res.header('Cache-Control', 'public, max-age=3600');
    res.header('ETag', widget.etag);
    res.header('Vary', 'Accept-Encoding');
    res.header('X-Content-Type-Options', 'nosniff');
    res.header('Access-Control-Allow-Origin', '*');
    if (req.header('if-none-match') === widget.etag) return void res.send(304);
    const gzip = /\bgzip\b/.test(req.header('accept-encoding') ?? '');
    if (gzip) res.header('Content-Encoding', 'gzip');
    const body = gzip ? widget.gzip : widget.plain;
    res.header('Content-Length', String(body.length));
    res.writeHead(200);
    res.end(body);
  });

  server.get('/api/webchat/config', async (_req: Request, res: Response) => {
    res.header('Cache-Control', 'public, max-age=300');
    res.send(200, { languages: languageList, defaultLanguage: profile.defaultLanguage, quickExitUrl, emergency });
  });

  server.get('/api/webchat/strings/:lng', async (req: Request, res: Response) => {
    const lng = String(req.params.lng);
    if (!languages.includes(lng)) return sendError(res, 404, 'UnknownLanguage', `No strings for "${lng.slice(0, 16)}"`);
    res.header('Cache-Control', 'public, max-age=300');
    res.send(200, stringsFor(lng));
  });

  server.get('/', async (req: Request, res: Response) => {
    const query = (req.query ?? {}) as Record<string, unknown>;
    const wanted = typeof query.lang === 'string' ? query.lang : undefined;
    const accepted = (req.header('accept-language') ?? '').split(',').map((part) => part.split(';')[0]!.trim().split('-')[0]!.toLowerCase());
    const lang = [wanted, ...accepted].find((code): code is string => !!code && languages.includes(code)) ?? profile.defaultLanguage;
    const t = i18n.getFixedT(lang);
    const html = renderLandingPage({
      lang,
      dir: dir(lang),
      t: (key, options) => t(key, options),
      languages: languageList,
      emergency: emergencyContacts(profile).map((contact) => ({ label: t(`${profile.namespace}:contacts.${contact.id}.label`), number: contact.number })),
    });
    res.header('Content-Type', 'text/html; charset=utf-8');
    res.header('Content-Security-Policy', `default-src 'self'; connect-src 'self' ${socketOrigin(publicUrl, req.header('host'))}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`);
    res.header('Referrer-Policy', 'no-referrer');
    res.header('X-Content-Type-Options', 'nosniff');
    res.header('Cache-Control', 'no-store');
    res.header('Vary', 'Accept-Language');
    res.writeHead(200);
    res.end(html);
  });
}

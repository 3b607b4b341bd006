// The webhook Meta calls: GET answers the subscription check with the verify
// token; POST takes the signed notifications. The body is read here, before
// restify's bodyParser, so the signature is checked over the exact bytes that
// arrived and nothing unsigned is ever parsed. Then 200 at once, and the
// messages and statuses are processed after the answer.
import type { Request, Response, Server } from 'restify';
import type { TurnContext } from 'botbuilder';
import type { i18n as I18n } from 'i18next';
import { z } from 'zod';
import { isRightToLeft } from '../../bot/i18n';
import { describeError, type Logger } from '../../bot/logger';
import type { WhatsAppCloudSettings } from './config';
import type { TurnLogic, WhatsAppCloudAdapter } from './whatsAppCloudAdapter';
import { WebhookPayloadSchema } from './webhookPayload';
import { checkWebhookSignature, secretsEqual, SIGNATURE_HEADER } from './webhookSignature';

export const WHATSAPP_WEBHOOK_PATH = '/webhooks/whatsapp';
const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const RLM = '\u200f';
/** Meta's challenge is a number; anything printable and short is echoed, as text/plain only. */
const ChallengeSchema = z.string().regex(/^[\x21-\x7e]{1,512}$/);

export interface WhatsAppCloudRouteOptions {
  adapter: WhatsAppCloudAdapter;
  /** The bot's turn, `(context) => bot.run(context)`. */
  logic: TurnLogic;
  /** The app secret (signatures) and the verify token (subscription check). */
  settings: Pick<WhatsAppCloudSettings, 'appSecret' | 'verifyToken'>;
  /** For the polite reply to a message the bot cannot read (`whatsapp:unsupported`). */
  i18n: I18n;
  /** The worker's language as the bot knows it, e.g. `async (context) => (await bot.turnServicesFor(context)).language`. */
  languageOf?: (context: TurnContext) => Promise<string | undefined>;
  /** Used when `languageOf` is absent, fails, or names a language without the `whatsapp` texts. */
  defaultLanguage: string;
  logger: Logger;
  /** Larger bodies get 413 (default 1 MiB; Meta batches up to 1000 updates per call). */
  maxBodyBytes?: number;
}

/** A handle on the mounted webhook. */
export interface WhatsAppCloudWebhook {
  /** Resolves once every delivery accepted so far has been fully processed (tests, graceful shutdown). */
  idle(): Promise<void>;
}

type RawBody = Buffer | 'tooLarge' | 'unreadable';

function sendError(res: Response, status: number, code: string, message: string): void {
  res.send(status, { error: { code, message } });
}

/** Mounts `GET` and `POST /webhooks/whatsapp` on the server (before or after it listens). */
export function registerWhatsAppCloud(server: Server, options: WhatsAppCloudRouteOptions): WhatsAppCloudWebhook {
  const { adapter, logic, settings, logger } = options;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const rawBodies = new WeakMap<Request, RawBody>();
  const inFlight = new Set<Promise<void>>();

  // Before routing, so bodyParser (a `use` handler) finds the body already read and leaves it alone.
  server.pre(function readWhatsAppWebhookBody(req: Request, _res: Response, next: (error?: false) => void) {
    if (req.method !== 'POST' || req.getPath().replace(/\/+$/, '') !== WHATSAPP_WEBHOOK_PATH) return next();
    const internals = req as unknown as { _readBody?: boolean; _parsedBody?: boolean; body?: unknown };
    internals._readBody = true;
    internals._parsedBody = true;
    const encoding = req.headers['content-encoding'];
    const chunks: Buffer[] = [];
    let size = 0;
    let finished = false;
    const finish = (raw: RawBody | undefined) => {
      if (finished) return;
      finished = true;
      if (raw === undefined) return next(false);
      rawBodies.set(req, raw);
      next();
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBodyBytes) chunks.push(chunk);
    });
    req.once('end', () => finish(encoding && encoding !== 'identity' ? 'unreadable' : size > maxBodyBytes ? 'tooLarge' : Buffer.concat(chunks)));
    req.once('error', () => finish(undefined));
    req.once('aborted', () => finish(undefined));
  });

  server.get(WHATSAPP_WEBHOOK_PATH, async (req: Request, res: Response) => {
    const query = new URLSearchParams(req.getQuery());
    const challenge = ChallengeSchema.safeParse(query.get('hub.challenge'));
    const token = query.get('hub.verify_token') ?? '';
    if (query.get('hub.mode') !== 'subscribe' || !challenge.success || !secretsEqual(token, settings.verifyToken)) {
      logger.warn('whatsappCloud.verify.refused', { mode: query.get('hub.mode') === 'subscribe' ? 'subscribe' : 'other', challenge: challenge.success });
      return sendError(res, 403, 'VerificationFailed', 'hub.mode must be "subscribe" and hub.verify_token must match WHATSAPP_VERIFY_TOKEN');
    }
    res.sendRaw(200, challenge.data, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' });
  });

  server.post(WHATSAPP_WEBHOOK_PATH, async (req: Request, res: Response) => {
    const raw = rawBodies.get(req);
    if (raw === undefined) return sendError(res, 500, 'InternalError', 'The webhook body was not captured');
    if (raw === 'tooLarge') return sendError(res, 413, 'PayloadTooLarge', `The body is larger than ${maxBodyBytes} bytes`);
    if (raw === 'unreadable') return sendError(res, 415, 'UnsupportedEncoding', 'Send the body without Content-Encoding');
    const signature = checkWebhookSignature(raw, req.header(SIGNATURE_HEADER), settings.appSecret);
    if (signature !== 'valid') {
      logger.warn('whatsappCloud.webhook.badSignature', { signature });
      return signature === 'missing'
        ? sendError(res, 401, 'MissingSignature', 'The X-Hub-Signature-256 header is required')
        : sendError(res, 403, 'BadSignature', 'X-Hub-Signature-256 does not match the body (sha256=<hex HMAC-SHA256 of the body with the app secret>)');
    }
    if (!req.is('json')) return sendError(res, 415, 'UnsupportedMediaType', 'Send the notification as application/json');
    let body: unknown;
    try {
      body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
    } catch {
      logger.warn('whatsappCloud.webhook.malformedJson', { bytes: raw.length });
      return sendError(res, 400, 'MalformedJson', 'The body is not valid UTF-8 JSON');
    }
    const parsed = WebhookPayloadSchema.safeParse(body);
    if (!parsed.success) {
      logger.warn('whatsappCloud.webhook.badPayload', { issues: parsed.error.issues.length });
      return sendError(res, 400, 'BadPayload', `Not a WhatsApp Business Account notification: ${z.prettifyError(parsed.error)}`);
    }
    res.send(200, { received: true });

    const processing = adapter
      .receive(parsed.data, logic, { onUnsupported: (context) => politeReply(context) })
      .then((result) => logger.info('whatsappCloud.webhook.processed', { ...result }))
      .catch((error: unknown) => logger.error('whatsappCloud.webhook.failed', describeError(error)));
    inFlight.add(processing);
    void processing.finally(() => inFlight.delete(processing));
  });

  /** "I cannot read this kind of message" in the worker's language, straight from the channel. */
  const politeReply = async (context: TurnContext): Promise<void> => {
    let language = options.defaultLanguage;
    try {
      const known = await options.languageOf?.(context);
      if (known && options.i18n.hasResourceBundle(known, 'whatsapp')) language = known;
    } catch (error) {
      logger.warn('whatsappCloud.unsupported.languageUnknown', describeError(error));
    }
    const text = options.i18n.getFixedT(language)('whatsapp:unsupported');
    await context.sendActivity({ type: 'message', text: isRightToLeft(language) ? RLM + text : text, locale: language });
  };

  return {
    async idle() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
  };
}

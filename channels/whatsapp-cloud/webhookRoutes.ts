// The webhook Meta calls: GET answers the subscription check with the verify
// token; POST takes the signed notifications. The server keeps this path's body
// as bytes, so the signature is checked over the exact bytes that arrived and
// nothing unsigned is ever parsed. The messages are kept in the durable inbox
// before the answer: 200 only once every one of them is stored (Meta does not
// deliver again after a 200), else 503 and Meta delivers again. The turns run
// from the inbox after the answer, here or in another process.
import type { Request, Response, Server } from 'restify';
import type { TurnContext } from 'botbuilder';
import type { i18n as I18n } from 'i18next';
import { z } from 'zod';
import { isRightToLeft } from '../../kernel/i18n';
import { sendError, type ReadBody } from '../../kernel/http';
import { describeError, type Logger } from '../../kernel/logger';
import type { WhatsAppCloudSettings } from './config';
import type { TurnLogic, WhatsAppCloudAdapter } from './whatsAppCloudAdapter';
import { WebhookPayloadSchema } from './webhookPayload';
import { checkWebhookSignature, secretsEqual, SIGNATURE_HEADER } from './webhookSignature';

export const WHATSAPP_WEBHOOK_PATH = '/webhooks/whatsapp';
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
}

/** A handle on the mounted webhook. */
export interface WhatsAppCloudWebhook {
  /** Resolves once no turn or send is under way in this process: what was accepted so far has been processed (tests, graceful shutdown). */
  idle(): Promise<void>;
}

/**
 * Mounts `GET` and `POST /webhooks/whatsapp` on the server (before or after it
 * listens), and starts the adapter taking its inbox's messages as turns of `logic`.
 */
export function registerWhatsAppCloud(server: Server, options: WhatsAppCloudRouteOptions): WhatsAppCloudWebhook {
  const { adapter, logic, settings, logger } = options;

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
    // Read, bounded and kept as bytes by the server's body reader (app/bodyReader.ts, this path is raw).
    const raw = (req as Request & ReadBody).rawBody ?? Buffer.alloc(0);
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
    try {
      const result = await adapter.accept(parsed.data);
      logger.info('whatsappCloud.webhook.accepted', { ...result });
    } catch (error) {
      // Not kept, so not acknowledged: Meta delivers it again (what was kept is a duplicate then).
      logger.error('whatsappCloud.webhook.notKept', describeError(error));
      return sendError(res, 503, 'NotKept', 'The messages could not be stored; deliver them again');
    }
    res.send(200, { received: true });
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

  adapter.start({ logic, onUnsupported: (context) => politeReply(context) });
  return { idle: () => adapter.idle() };
}

// The HTTP server (every request body read and bounded before any route sees
// it, restify's own refusals in the one error shape) and the routes that are the
// hotline's own: the Bot Framework endpoint and the health check. Which routes
// are mounted, in which order, is app/routes.ts.
import { CloudAdapter } from 'botbuilder';
import type { Connection } from 'mongoose';
import restify, { type Request, type Response, type Server } from 'restify';
import { z } from 'zod';
import { bodyReader } from './bodyReader';
import type { HotlineBot } from '../bot/hotlineBot';
import { errorReply, sendError } from '../kernel/http';
import { describeError, type Logger } from '../kernel/logger';

/** The parts of an activity the hotline relies on; anything else passes through. */
export const InboundActivitySchema = z
  .object({
    type: z.string().min(1).max(64),
    id: z.string().max(256).optional(),
    channelId: z.string().min(1).max(64),
    serviceUrl: z.string().max(2048).optional(),
    from: z.looseObject({ id: z.string().min(1).max(512) }),
    conversation: z.looseObject({ id: z.string().min(1).max(512) }),
    recipient: z.looseObject({ id: z.string().max(512) }).optional(),
    text: z.string().optional(),
    locale: z.string().max(35).optional(),
    deliveryMode: z.string().max(32).optional(),
  })
  .loose()
  .refine((activity) => activity.deliveryMode === 'expectReplies' || !!activity.serviceUrl, {
    message: 'serviceUrl is required unless deliveryMode is "expectReplies"',
    path: ['serviceUrl'],
  });

export interface ServerOptions {
  logger: Logger;
  maxBodyBytes: number;
  /** Paths whose body stays bytes for their route (signature checks before parsing). */
  rawBodyPaths?: readonly string[];
}

export interface BotFrameworkEndpointOptions {
  adapter: CloudAdapter;
  bot: Pick<HotlineBot, 'run'>;
  logger: Logger;
  /** Serve `POST /api/messages` (the Bot Framework endpoint); default true. */
  botFrameworkEndpoint?: boolean;
  /** Channel ids of the hotline's own channels: refused on /api/messages, which must never speak for their workers. */
  ownChannelIds?: readonly string[];
  /**
   * Whether an activity's serviceUrl may be called back. Default: loopback only
   * (the Emulator); with Bot Framework authentication on, the allowed hosts.
   */
  serviceUrlAllowed?: (serviceUrl: URL) => boolean;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** A serviceUrl on this machine (the Emulator's), the only kind called back without authentication. */
export function isLoopbackUrl(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname) || /^127(?:\.\d{1,3}){3}$/.test(url.hostname);
}

/** A serviceUrl whose host is one of `hosts` or a subdomain of one, over https. */
export function serviceHostAllowed(hosts: readonly string[]): (url: URL) => boolean {
  return (url) => url.protocol === 'https:' && hosts.some((host) => url.hostname === host || url.hostname.endsWith(`.${host}`));
}

/** Builds (does not start) the restify server, with no route yet. */
export function createServer(options: ServerOptions): Server {
  const { logger, maxBodyBytes } = options;
  const server = restify.createServer({ name: 'hotline', handleUncaughtExceptions: false });
  server.pre(bodyReader({ maxBodyBytes, rawPaths: options.rawBodyPaths }));
  server.use(restify.plugins.queryParser({ mapParams: false }));

  // One debug line per request: the route's pattern, never its path (paths carry conversation ids).
  server.on('after', (req: Request, res: Response, route: { spec?: { path?: unknown } } | null) => {
    logger.debug('http.request', { method: req.method, route: typeof route?.spec?.path === 'string' ? route.spec.path : 'none', status: res.statusCode, milliseconds: Math.round(Date.now() - req.time()) });
  });
  // restify's own refusals (no such route, wrong method, bad Accept) answer in the one error shape too.
  server.on('restifyError', (_req: Request, _res: Response, error: Error & { statusCode?: number; code?: string; toJSON?: () => unknown }, callback: () => void) => {
    logger.warn('http.error', { status: error.statusCode ?? 500, error: error.name });
    const code = (error.code ?? error.name).replace(/Error$/, '');
    error.toJSON = () => errorReply(code, error.message || code);
    return callback();
  });
  return server;
}

/** `POST /api/messages`: activities of Bot Framework channels (the Emulator, Teams…), never of our own channels' workers. */
export function registerBotFrameworkEndpoint(server: Server, options: BotFrameworkEndpointOptions): void {
  const { adapter, bot, logger } = options;
  const ownChannels = new Set((options.ownChannelIds ?? []).map((id) => id.toLowerCase()));
  const serviceUrlAllowed = options.serviceUrlAllowed ?? isLoopbackUrl;
  if (options.botFrameworkEndpoint !== false) server.post('/api/messages', async (req: Request, res: Response) => {
    if (!req.is('json')) return sendError(res, 415, 'UnsupportedMediaType', 'Send the activity as application/json.');
    const parsed = InboundActivitySchema.safeParse(req.body);
    if (!parsed.success) {
      logger.warn('http.badActivity', { issues: parsed.error.issues.length });
      return sendError(res, 400, 'BadActivity', `Not a valid activity: ${z.prettifyError(parsed.error)}`);
    }
    const activity = parsed.data;
    if (ownChannels.has(activity.channelId.toLowerCase())) {
      logger.warn('http.ownChannelRefused', { channel: activity.channelId });
      return sendError(res, 403, 'ChannelNotAllowed', `"${activity.channelId}" is one of the hotline's own channels; its messages never come through /api/messages.`);
    }
    if (activity.deliveryMode !== 'expectReplies' || activity.serviceUrl) {
      let url: URL | undefined;
      try {
        url = new URL(activity.serviceUrl ?? '');
      } catch {
        url = undefined;
      }
      if (!url || !serviceUrlAllowed(url)) {
        logger.warn('http.serviceUrlRefused', { channel: activity.channelId });
        return sendError(res, 403, 'ServiceUrlNotAllowed', 'The serviceUrl is not an address this hotline may call.');
      }
    }
    try {
      await adapter.process(req, res, (context) => bot.run(context));
    } catch (error) {
      logger.error('http.process.failed', describeError(error));
      if (!res.headersSent) sendError(res, 500, 'InternalError', 'The message could not be processed; nothing stored was lost.');
    }
  });
  else server.post('/api/messages', async (_req: Request, res: Response) => sendError(res, 404, 'NotFound', 'The Bot Framework endpoint is off (BOTFRAMEWORK_ENDPOINT=off).'));
}

/** `GET /healthz`: 200 while the database answers, 503 when it does not. */
export function registerHealth(server: Server, { connection, logger, spooled }: { connection: Connection; logger: Logger; spooled?: () => Promise<number> }): void {
  server.get('/healthz', async (_req: Request, res: Response) => {
    // Messages kept on disk while the database was down, not yet run.
    const waiting = spooled ? { spooledTurns: await spooled().catch(() => -1) } : {};
    try {
      await connection.db!.admin().ping();
      res.send(200, { status: 'ok', database: 'ok', ...waiting });
    } catch (error) {
      logger.warn('health.database.down', describeError(error));
      res.send(503, { status: 'degraded', database: 'unreachable', ...waiting });
    }
  });
}

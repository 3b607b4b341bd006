// The HTTP surface: the Bot Framework endpoint and a health check, with every
// request body checked before it reaches the bot.
import { CloudAdapter } from 'botbuilder';
import type { Connection } from 'mongoose';
import restify, { type Request, type Response, type Server } from 'restify';
import { z } from 'zod';
import type { HotlineBot } from './hotlineBot';
import { describeError, type Logger } from './logger';

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
  adapter: CloudAdapter;
  bot: HotlineBot;
  connection: Connection;
  logger: Logger;
  maxBodyBytes: number;
}

function sendError(res: Response, status: number, code: string, message: string): void {
  res.send(status, { error: { code, message } });
}

/** Builds (does not start) the restify server. */
export function createServer({ adapter, bot, connection, logger, maxBodyBytes }: ServerOptions): Server {
  const server = restify.createServer({ name: 'hotline', handleUncaughtExceptions: false });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(restify.plugins.bodyParser({ maxBodySize: maxBodyBytes, mapParams: false, mapFiles: false }));

  server.post('/api/messages', async (req: Request, res: Response) => {
    if (!req.is('json')) return sendError(res, 415, 'UnsupportedMediaType', 'Send the activity as application/json.');
    const parsed = InboundActivitySchema.safeParse(req.body);
    if (!parsed.success) {
      logger.warn('http.badActivity', { issues: parsed.error.issues.length });
      return sendError(res, 400, 'BadActivity', `Not a valid activity: ${z.prettifyError(parsed.error)}`);
    }
    try {
      await adapter.process(req, res, (context) => bot.run(context));
    } catch (error) {
      logger.error('http.process.failed', describeError(error));
      if (!res.headersSent) sendError(res, 500, 'InternalError', 'The message could not be processed; nothing stored was lost.');
    }
  });

  server.get('/healthz', async (_req: Request, res: Response) => {
    try {
      await connection.db!.admin().ping();
      res.send(200, { status: 'ok', database: 'ok' });
    } catch (error) {
      logger.warn('health.database.down', describeError(error));
      res.send(503, { status: 'degraded', database: 'unreachable' });
    }
  });

  server.on('restifyError', (req: Request, _res: Response, error: Error & { statusCode?: number }, callback: () => void) => {
    logger.warn('http.error', { status: error.statusCode ?? 500, path: req.path(), error: error.name });
    return callback();
  });
  return server;
}

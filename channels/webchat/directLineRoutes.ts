// Direct Line 3.0, self-hosted, on the hotline's restify server: tokens,
// conversations, activities with watermarks, and the WebSocket stream, so the
// official Direct Line clients and our own widget work without Azure.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Activity, TurnContext } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import { WebSocketServer, type WebSocket } from 'ws';
import { clientAddress } from '../../kernel/clientAddress';
import { sendError } from '../../kernel/http';
import { z } from 'zod';
import type { Logger } from '../../kernel/logger';
import { describeError } from '../../kernel/logger';
import type { DirectLineAdapter } from './directLineAdapter';
import { TokenBucketRateLimiter } from '../shared/rateLimiter';
import { bearerOf, DirectLineAuthError, type DirectLineTokens, type TokenClaims } from './tokens';
import { isDatabaseUnavailable } from '../../models/databaseErrors';

export const DIRECTLINE_BASE = '/v3/directline';
const STREAM_PATH = /^\/v3\/directline\/conversations\/([A-Za-z0-9_-]{1,64})\/stream$/;
const KEEPALIVE_MS = 20_000;

/** What a client may post; the server sets ids, addresses, channel and time itself. */
export const PostedActivitySchema = z
  .object({
    type: z.enum(['message', 'event', 'typing']),
    text: z.string().max(100_000).optional(),
    name: z.string().max(64).optional(),
    value: z.unknown().optional(),
    locale: z.string().max(35).optional(),
    from: z.looseObject({ id: z.string().max(128).optional() }).optional(),
    channelData: z.looseObject({ clientActivityID: z.string().max(128).optional() }).optional(),
    textFormat: z.enum(['plain', 'markdown', 'xml']).optional(),
  })
  .loose();

const UserIdSchema = z.string().regex(/^dl_[A-Za-z0-9_-]{1,64}$/);

export interface DirectLineOptions {
  adapter: DirectLineAdapter;
  tokens: DirectLineTokens;
  logic: (context: TurnContext) => Promise<void>;
  logger: Logger;
  /** Public base URL (required in production); unset in development: the request's Host when it names this machine. */
  publicUrl?: string;
  /** Client addresses from the proxy's X-Forwarded-For (TRUST_PROXY=on), for the token rate limit. */
  trustProxy?: boolean;
  widgetTokensPerMinute: number;
}

type Handler = (req: Request, res: Response) => Promise<void>;

const newConversationId = (): string => randomBytes(16).toString('base64url');
const newUserId = (): string => `dl_${randomBytes(12).toString('base64url')}`;

/** Mounts Direct Line on the server, and the anonymous token endpoint of our own widget. */
export function registerDirectLine(server: Server, options: DirectLineOptions): void {
  const { adapter, tokens, logic, logger } = options;
  const store = adapter.store;
  const limiter = new TokenBucketRateLimiter(options.widgetTokensPerMinute);

  /** Wraps a handler: auth failures become 401/403, the database down a 503, anything else a 500 that leaks nothing. */
  const guarded =
    (handler: Handler): Handler =>
    async (req, res) => {
      try {
        await handler(req, res);
      } catch (error) {
        if (error instanceof DirectLineAuthError) return sendError(res, error.status, error.reason, error.message);
        logger.error('directline.failed', describeError(error));
        if (res.headersSent) return;
        // The conversation lives in the database: without it, a retry later is the answer (the widget retries).
        if (isDatabaseUnavailable(error)) return sendError(res, 503, 'ServiceUnavailable', 'The hotline cannot store messages right now; please try again shortly.');
        sendError(res, 500, 'InternalError', 'The request could not be processed; nothing stored was lost.');
      }
    };

  /** The caller: the secret (a site's back end) or a token; a token must be for `conversationId` when one is named. */
  const authenticate = (req: Request, conversationId?: string): { secret: true } | ({ secret: false } & TokenClaims) => {
    const credential = bearerOf(req.header('authorization'));
    if (tokens.isSecret(credential)) return { secret: true };
    const claims = tokens.verify(credential);
    if (conversationId !== undefined && claims.conv !== conversationId) throw new DirectLineAuthError('wrongConversation');
    return { secret: false, ...claims };
  };

  // Never an arbitrary Host header: a stream URL carries the token, and must point back here.
  const baseUrl = (req: Request): string => options.publicUrl ?? `http://${localHost(req.header('host'), req.socket.localPort)}`;
  const streamUrl = (req: Request, conversationId: string, token: string, watermark?: string): string =>
    `${baseUrl(req).replace(/^http/, 'ws')}${DIRECTLINE_BASE}/conversations/${conversationId}/stream?t=${encodeURIComponent(token)}${watermark ? `&watermark=${encodeURIComponent(watermark)}` : ''}`;

  const startConversation = async (userId: string) => {
    const conversationId = newConversationId();
    await store.createConversation(conversationId, userId);
    return { conversationId, ...tokens.issue(conversationId, userId) };
  };

  const requestedUser = (req: Request): string => {
    const parsed = UserIdSchema.safeParse((req.body as { user?: { id?: unknown } } | undefined)?.user?.id);
    return parsed.success ? parsed.data : newUserId();
  };

  server.post(
    `${DIRECTLINE_BASE}/tokens/generate`,
    guarded(async (req, res) => {
      if (!authenticate(req).secret) throw new DirectLineAuthError('forged');
      const started = await startConversation(requestedUser(req));
      res.send(200, { conversationId: started.conversationId, token: started.token, expires_in: started.expiresIn });
    }),
  );

  server.post(
    `${DIRECTLINE_BASE}/tokens/refresh`,
    guarded(async (req, res) => {
      const caller = authenticate(req);
      if (caller.secret) return sendError(res, 400, 'BadArgument', 'Refresh takes a token, not the secret');
      const fresh = tokens.issue(caller.conv, caller.user);
      res.send(200, { conversationId: caller.conv, token: fresh.token, expires_in: fresh.expiresIn });
    }),
  );

  server.post(
    `${DIRECTLINE_BASE}/conversations`,
    guarded(async (req, res) => {
      const caller = authenticate(req);
      if (caller.secret) {
        const started = await startConversation(requestedUser(req));
        return res.send(201, { conversationId: started.conversationId, token: started.token, expires_in: started.expiresIn, streamUrl: streamUrl(req, started.conversationId, started.token) });
      }
      if (!(await store.conversationExists(caller.conv))) await store.createConversation(caller.conv, caller.user);
      const token = bearerOf(req.header('authorization'));
      res.send(201, { conversationId: caller.conv, token, expires_in: Math.max(0, caller.exp - Math.floor(Date.now() / 1000)), streamUrl: streamUrl(req, caller.conv, token) });
    }),
  );

  server.get(
    `${DIRECTLINE_BASE}/conversations/:conversationId`,
    guarded(async (req, res) => {
      const conversationId = String(req.params.conversationId);
      const caller = authenticate(req, conversationId);
      if (!(await store.conversationExists(conversationId))) return sendError(res, 404, 'BadArgument', 'No such conversation');
      const token = caller.secret ? tokens.issue(conversationId, newUserId()).token : bearerOf(req.header('authorization'));
      const watermark = typeof req.query?.watermark === 'string' && /^\d+$/.test(req.query.watermark) ? req.query.watermark : undefined;
      res.send(200, { conversationId, token, expires_in: tokens.ttlSeconds, streamUrl: streamUrl(req, conversationId, token, watermark) });
    }),
  );

  server.post(
    `${DIRECTLINE_BASE}/conversations/:conversationId/activities`,
    guarded(async (req, res) => {
      const conversationId = String(req.params.conversationId);
      const caller = authenticate(req, conversationId);
      if (!req.is('json')) return sendError(res, 415, 'BadArgument', 'Send the activity as application/json');
      const parsed = PostedActivitySchema.safeParse(req.body);
      if (!parsed.success) return sendError(res, 400, 'BadArgument', `Not a valid activity: ${z.prettifyError(parsed.error)}`);
      if (!(await store.conversationExists(conversationId))) return sendError(res, 404, 'BadArgument', 'No such conversation');
      const userId = caller.secret ? UserIdSchema.or(z.string().min(1).max(128)).safeParse(parsed.data.from?.id).data : caller.user;
      if (!userId) return sendError(res, 400, 'BadArgument', 'from.id is required when posting with the secret');
      const { from: _from, ...activity } = parsed.data;
      const id = await adapter.receive(conversationId, userId, activity as Partial<Activity>, logic);
      res.send(200, { id });
    }),
  );

  server.get(
    `${DIRECTLINE_BASE}/conversations/:conversationId/activities`,
    guarded(async (req, res) => {
      const conversationId = String(req.params.conversationId);
      authenticate(req, conversationId);
      const raw = req.query?.watermark;
      const watermark = typeof raw === 'string' && /^\d{1,12}$/.test(raw) ? Number(raw) : undefined;
      res.send(200, await store.after(conversationId, watermark));
    }),
  );

  server.post(
    `${DIRECTLINE_BASE}/conversations/:conversationId/upload`,
    guarded(async (req, res) => {
      authenticate(req, String(req.params.conversationId));
      // A clear refusal the client shows at once (a 5xx would make Web Chat retry for minutes).
      sendError(res, 415, 'AttachmentsNotAccepted', 'Attachments are not accepted on web chat yet; please write your message');
    }),
  );

  // The hotline's own widget gets tokens here, without the secret: one new conversation per call, rate-limited.
  server.post(
    '/api/webchat/token',
    guarded(async (req, res) => {
      const client = clientAddress(req, options.trustProxy ?? false);
      if (!limiter.take(client)) {
        res.header('Retry-After', '60');
        return sendError(res, 429, 'TooManyRequests', 'Too many new conversations from this address; try again in a minute');
      }
      // Never a client-chosen user id here: it would let anyone act as another worker (delete my data…).
      const userId = newUserId();
      const started = await startConversation(userId);
      res.send(200, { conversationId: started.conversationId, token: started.token, expires_in: started.expiresIn, userId });
    }),
  );

  attachStream(server, options);
}

/** The WebSocket stream: sends what follows the watermark, then every new activity, with keep-alives. */
function attachStream(server: Server, { adapter, tokens, logger }: DirectLineOptions): void {
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  server.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = STREAM_PATH.exec(url.pathname);
    if (!match) return; // not ours
    const conversationId = match[1]!;
    const refuse = (status: number, reason: string) => {
      socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    let claims: TokenClaims;
    try {
      claims = tokens.verify(url.searchParams.get('t') ?? '');
      if (claims.conv !== conversationId) throw new DirectLineAuthError('wrongConversation');
    } catch (error) {
      const status = error instanceof DirectLineAuthError ? error.status : 401;
      return refuse(status, status === 403 ? 'Forbidden' : 'Unauthorized');
    }
    const rawWatermark = url.searchParams.get('watermark');
    const watermark = rawWatermark && /^\d{1,12}$/.test(rawWatermark) ? Number(rawWatermark) : undefined;
    sockets.handleUpgrade(req, socket, head, (ws) => void stream(ws, conversationId, watermark));
  });

  const stream = async (ws: WebSocket, conversationId: string, watermark: number | undefined): Promise<void> => {
    let last = watermark ?? 0;
    const send = (set: { activities: Partial<Activity>[] }) => {
      const fresh = set.activities.filter((activity) => Number(activity.id?.split('|')[1] ?? 0) > last);
      if (fresh.length === 0 || ws.readyState !== ws.OPEN) return;
      last = Number(fresh.at(-1)!.id!.split('|')[1]);
      ws.send(JSON.stringify({ activities: fresh, watermark: String(last) }));
    };
    // Live activities wait until the backlog is out, so the client sees them in order.
    let pending: Array<{ activities: Partial<Activity>[] }> | undefined = [];
    const unsubscribe = adapter.store.subscribe(conversationId, (set) => (pending ? pending.push(set) : send(set)));
    const keepAlive = setInterval(() => ws.readyState === ws.OPEN && ws.send(''), KEEPALIVE_MS);
    ws.on('close', () => {
      unsubscribe();
      clearInterval(keepAlive);
    });
    ws.on('error', (error) => logger.warn('directline.stream.error', describeError(error)));
    try {
      send(await adapter.store.after(conversationId, last));
      for (const set of pending) send(set);
      pending = undefined;
    } catch (error) {
      logger.error('directline.stream.backlog', describeError(error));
      ws.close(1011);
    }
  };
}

/** The Host header when it names this machine (localhost, 127.x, [::1]) with a port; else localhost on the port we listen on. */
function localHost(host: string | undefined, port: number | undefined): string {
  if (host && /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d{1,5})?$/.test(host)) return host;
  return `localhost:${port ?? 80}`;
}

// The case worker console's HTTP API and live socket: sign-in, the queue,
// atomic claims, live chat through the worker's own channel, the case, and
// closing back to the bot. Every request is checked (session, role, CSRF, zod).
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import type { ConversationReference, TurnContext } from 'botbuilder';
import type { i18n as I18n } from 'i18next';
import type { Request, Response, Server } from 'restify';
import { WebSocketServer } from 'ws';
import { clientAddress } from '../../kernel/clientAddress';
import { systemClock, type WallClock } from '../../kernel/clock';
import { HttpError, sendError } from '../../kernel/http';
import { isOwnOrigin, socketOrigin } from '../../kernel/origins';
import { z } from 'zod';
import { describeError, type Logger } from '../../kernel/logger';
import type { AuditEventModel } from '../../models';
import { CASE_NUMBER, OBJECT_ID, WHATSAPP_CHANNEL_ID, type ConsoleRole, type Priority } from '../../models/domain';
import { LoginRefusedError, sameToken, TotpEnrollmentError, type AccountService, type ConsoleSession } from '../../services/accounts';
import { HandoffError, type HandoffService } from '../../services/handoff';
import type { LiveBus, LiveEvent } from '../../services/liveBus';
import { CaseError, type ReferralService } from '../../services/referrals';
import { StatisticsService } from '../../services/statistics';
import type { TranscriptService } from '../../services/transcripts';
import type { TranslationStatus } from '../../services/translationStatus';
import type { UnverifiedFact } from '../../services/countryProfile';
import { openApiDocument } from './openapi';
import { AgencyReferralSchema, LoginSchema, MessageSchema, NoteSchema, StatusSchema, TotpCodeSchema, TrainingSchema, TransferSchema } from './schemas';
import type { TrainingChannel } from '../training/trainingChannel';

export const SESSION_COOKIE = 'hotline_console';
const UI_DIR = join(__dirname, '..', 'ui');

/** Minutes a waiting escalation may wait before it shows as overdue, by priority. */
export const CLAIM_SLA_MINUTES: Record<Priority, number> = { critical: 5, high: 15, medium: 60, low: 240 };

export interface ConsoleOptions {
  accounts: AccountService;
  handoff: HandoffService;
  referrals: ReferralService;
  statistics: StatisticsService;
  /** Agencies a case may be referred to (the country profile's), and the namespace with their names. */
  agencyIds: readonly string[];
  profileNamespace: string;
  transcripts: TranscriptService;
  audit: AuditEventModel;
  bus: LiveBus;
  i18n: I18n;
  logger: Logger;
  /** Runs `logic` in the worker's conversation on the worker's own channel. */
  reachWorker(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void>;
  /** The bot takes the worker back (says so and shows the menu). */
  handBack(context: TurnContext): Promise<void>;
  /** Milliseconds left in a worker's WhatsApp customer-service window (Cloud API only). */
  whatsappWindowMs?: (userHash: string) => Promise<number>;
  /** Practice conversations (training mode). */
  training: TrainingChannel;
  /** What still needs review before deployment (admins only): the profile's unverified facts, each locale's review status. */
  review(): DeploymentReview;
  /** Cookies get `Secure` (behind TLS). */
  secureCookies: boolean;
  /** The session cookie's lifetime (CONSOLE_SESSION_HOURS), as the server's own expiry. */
  sessionHours: number;
  /** Take the client's address from the proxy's X-Forwarded-For (TRUST_PROXY=on). */
  trustProxy?: boolean;
  /** The hotline's public address (PUBLIC_URL): the only origin allowed on /console/live and in connect-src. */
  publicUrl?: string;
  /** The issuer name authenticator apps show beside the code. */
  totpIssuer?: string;
  clock?: WallClock;
}

/** `GET /console/api/review`. */
export interface DeploymentReview {
  profile: { id: string; reviewStatus: string; unverified: UnverifiedFact[] };
  translations: TranslationStatus[];
}

function cookieOf(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

export function registerConsole(server: Server, options: ConsoleOptions): void {
  const { accounts, handoff, referrals, transcripts, audit, bus, logger } = options;
  const clock = options.clock ?? systemClock;
  const now = (): Date => new Date(clock.now());

  type Handler = (req: Request, res: Response, session: ConsoleSession) => Promise<void>;

  /** Session → role → CSRF (for anything that changes state) → handler; errors as `{error:{code,message}}`. */
  const route =
    (roles: readonly ConsoleRole[], handler: Handler, { csrf = true, duringEnrollment = false } = {}) =>
    async (req: Request, res: Response) => {
      try {
        const session = await accounts.resolve(cookieOf(req.header('cookie'), SESSION_COOKIE));
        if (!session) throw new HttpError(401, 'Unauthenticated', 'Sign in first');
        if (session.mustEnrollTotp && !duringEnrollment) throw new HttpError(403, 'TotpEnrollmentRequired', 'Set up your second factor first (POST /console/api/me/totp)');
        if (!session.user.roles.some((role) => roles.includes(role))) throw new HttpError(403, 'Forbidden', 'Your role may not do this');
        if (csrf && req.method !== 'GET' && !sameToken(req.header('x-csrf-token'), session.csrfToken)) {
          throw new HttpError(403, 'CsrfRejected', 'Missing or wrong X-CSRF-Token header');
        }
        await handler(req, res, session);
      } catch (error) {
        fail(res, error);
      }
    };

  const fail = (res: Response, error: unknown): void => {
    if (error instanceof HttpError) return sendError(res, error.status, error.code, error.message, error.detail);
    if (error instanceof CaseError) return sendError(res, { NOT_FOUND: 404, BAD_TRANSITION: 409, NO_CONSENT: 409 }[error.code], error.code, error.message);
    if (error instanceof HandoffError) return sendError(res, { NOT_FOUND: 404, NOT_CLAIMED: 409, NOT_YOURS: 403, GONE: 410 }[error.code], error.code, error.message);
    logger.error('console.failed', describeError(error));
    sendError(res, 500, 'InternalError', 'The request failed; nothing stored was lost.');
  };

  const body = <T>(schema: z.ZodType<T>, req: Request): T => {
    if (!req.is('json')) throw new HttpError(415, 'UnsupportedMediaType', 'Send JSON');
    const parsed = schema.safeParse(req.body);
    if (!parsed.success) throw new HttpError(400, 'BadRequest', z.prettifyError(parsed.error));
    return parsed.data;
  };

  const escalationId = (req: Request): string => {
    const id = String(req.params.id ?? '');
    if (!OBJECT_ID.test(id)) throw new HttpError(400, 'BadRequest', 'Not an escalation id');
    return id;
  };

  const cookie = (value: string, maxAgeSeconds: number): string =>
    `${SESSION_COOKIE}=${value}; Path=/console; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${options.secureCookies ? '; Secure' : ''}`;

  const who = (session: ConsoleSession) => ({ user: session.user, csrfToken: session.csrfToken, mustEnrollTotp: session.mustEnrollTotp });
  const isSupervisor = (session: ConsoleSession) => session.user.roles.includes('supervisor') || session.user.roles.includes('admin');

  // Everything the console API answers may carry personal data: never kept by a browser or a proxy.
  server.pre((req: Request, res: Response, next: () => void) => {
    if (req.getPath().startsWith('/console/api/')) res.header('Cache-Control', 'no-store');
    next();
  });

  // Sign-in needs no session; throttled per account and address (services/loginThrottle.ts).
  server.post('/console/api/login', async (req: Request, res: Response) => {
    try {
      const { username, password, code } = body(LoginSchema, req);
      const { sessionId, session } = await accounts.login(username, password, clientAddress(req, options.trustProxy ?? false), code);
      await audit.create({ actor: session.user.id, action: 'console.login' });
      res.header('Set-Cookie', cookie(sessionId, Math.round(options.sessionHours * 3600)));
      res.send(200, who(session));
    } catch (error) {
      if (error instanceof LoginRefusedError) {
        if (error.retryAfterSeconds) res.header('Retry-After', String(error.retryAfterSeconds));
        const code = { throttled: 'Throttled', credentials: 'BadCredentials', totpRequired: 'TotpRequired' }[error.reason];
        return sendError(res, error.reason === 'throttled' ? 429 : 401, code, error.message);
      }
      fail(res, error);
    }
  });

  const ALL: ConsoleRole[] = ['caseWorker', 'supervisor', 'admin'];

  server.post(
    '/console/api/logout',
    route(ALL, async (req, res) => {
      await accounts.logout(cookieOf(req.header('cookie'), SESSION_COOKIE)!);
      res.header('Set-Cookie', cookie('', 0));
      res.send(204);
    }),
  );

  server.get('/console/api/me', route(ALL, async (_req, res, session) => void res.send(200, who(session)), { csrf: false, duringEnrollment: true }));

  // A second factor: a secret to put in an authenticator app, then a code from it to confirm.
  server.post(
    '/console/api/me/totp',
    route(
      ALL,
      async (_req, res, session) => {
        try {
          const enrollment = await accounts.startTotpEnrollment(session.user.id, options.totpIssuer ?? 'Hotline console');
          await audit.create({ actor: session.user.id, action: 'console.totp.start' });
          res.send(200, enrollment);
        } catch (error) {
          if (error instanceof TotpEnrollmentError) throw new HttpError(409, 'AlreadyEnrolled', 'This account already has a second factor');
          throw error;
        }
      },
      { duringEnrollment: true },
    ),
  );
  server.post(
    '/console/api/me/totp/confirm',
    route(
      ALL,
      async (req, res, session) => {
        const { code } = body(TotpCodeSchema, req);
        try {
          await accounts.confirmTotpEnrollment(session.user.id, code);
        } catch (error) {
          if (error instanceof TotpEnrollmentError) throw new HttpError(400, error.code === 'BAD_CODE' ? 'BadCode' : 'NotStarted', error.code === 'BAD_CODE' ? 'The code does not match; check the time on your phone' : 'Start enrolment first');
          throw error;
        }
        await audit.create({ actor: session.user.id, action: 'console.totp.enabled' });
        res.send(200, { enrolled: true });
      },
      { duringEnrollment: true },
    ),
  );

  server.get('/console/api/strings/:lng', async (req: Request, res: Response) => {
    const lng = String(req.params.lng);
    const bundle = ['en', 'ar'].includes(lng) ? (options.i18n.getResourceBundle(lng, 'console') as object | undefined) : undefined;
    if (!bundle) return sendError(res, 404, 'UnknownLanguage', 'The console speaks en and ar');
    res.send(200, bundle);
  });

  server.get(
    '/console/api/queue',
    route(
      ALL,
      async (req, res, session) => {
        const query = (req.query ?? {}) as Record<string, unknown>;
        const scopeAll = query.scope === 'all';
        if (scopeAll && !isSupervisor(session)) throw new HttpError(403, 'Forbidden', 'Only supervisors see every queue');
        const language = typeof query.language === 'string' && /^[a-z]{2,3}$/.test(query.language) ? query.language : undefined;
        const languages = language ? [language] : scopeAll || session.user.languages.length === 0 ? undefined : session.user.languages;
        const entries = await handoff.queue(languages, session.user.id);
        const names = await accounts.displayNames(entries.flatMap((e) => (e.claimedBy ? [e.claimedBy] : [])));
        const at = now().getTime();
        // WhatsApp Cloud only answers freely within 24 hours of the worker's last message: warn the case worker.
        const windows = new Map<string, number>();
        if (options.whatsappWindowMs) {
          for (const entry of entries.filter((e) => e.channel === WHATSAPP_CHANNEL_ID)) windows.set(entry.id, Math.floor((await options.whatsappWindowMs(entry.userHash)) / 1000));
        }
        res.send(200, {
          escalations: entries.map(({ userHash: _userHash, ...entry }) => {
            const waitingSeconds = Math.floor((at - entry.createdAt.getTime()) / 1000);
            return {
              ...entry,
              whatsappWindowSeconds: windows.get(entry.id),
              claimedByName: entry.claimedBy ? (names.get(entry.claimedBy) ?? '') : undefined,
              waitingSeconds,
              overdue: entry.status === 'queued' && waitingSeconds > CLAIM_SLA_MINUTES[entry.priority] * 60,
              secondsToClaim: entry.claimedAt ? Math.floor((entry.claimedAt.getTime() - entry.createdAt.getTime()) / 1000) : undefined,
              secondsToFirstResponse: entry.firstResponseAt ? Math.floor((entry.firstResponseAt.getTime() - entry.createdAt.getTime()) / 1000) : undefined,
            };
          }),
        });
      },
      { csrf: false },
    ),
  );

  server.post(
    '/console/api/escalations/:id/claim',
    route(ALL, async (req, res, session) => {
      const id = escalationId(req);
      const outcome = await handoff.claim(id, session.user.id);
      if (!outcome.claimed) {
        const names = await accounts.displayNames([outcome.heldBy]);
        throw new HttpError(409, 'AlreadyClaimed', 'Another case worker took this conversation first', { claimedByName: names.get(outcome.heldBy) ?? '' });
      }
      await audit.create({ actor: session.user.id, action: 'escalation.claim', target: id });
      bus.publish({ type: 'claimed', escalationId: id, byName: session.user.displayName });
      const claimed = await handoff.get(id);
      res.send(200, { escalation: claimed && { ...claimed, reference: undefined, userHash: undefined } });
    }),
  );

  server.post(
    '/console/api/escalations/:id/release',
    route(ALL, async (req, res, session) => {
      const id = escalationId(req);
      await handoff.release(id, session.user.id, isSupervisor(session));
      await audit.create({ actor: session.user.id, action: 'escalation.release', target: id });
      res.send(200, {});
    }),
  );

  /** The escalation must be claimed by this user (or they supervise). */
  const held = async (id: string, session: ConsoleSession) => {
    const escalation = await handoff.get(id);
    if (!escalation) throw new HttpError(404, 'NotFound', 'No such escalation');
    if (escalation.claimedBy !== session.user.id && !isSupervisor(session)) throw new HttpError(403, 'NotYours', 'Claim the conversation first');
    return escalation;
  };

  server.get(
    '/console/api/escalations/:id/transcript',
    route(
      ALL,
      async (req, res, session) => {
        const escalation = await held(escalationId(req), session);
        await audit.create({ actor: session.user.id, action: 'transcript.view', target: escalation.caseNumber });
        const lines = await transcripts.read(escalation.userHash);
        res.send(200, { lines: lines.map((line) => ({ from: line.from, text: line.text, at: line.at.toISOString() })) });
      },
      { csrf: false },
    ),
  );

  server.post(
    '/console/api/escalations/:id/messages',
    route(ALL, async (req, res, session) => {
      const id = escalationId(req);
      const { text } = body(MessageSchema, req);
      const escalation = await held(id, session);
      await options.reachWorker(escalation.reference, async (context) => {
        // What the case worker typed, as typed: never read as Markdown by the worker's client.
        await context.sendActivity({ type: 'message', text, textFormat: 'plain', locale: escalation.language });
      });
      const at = now();
      await handoff.markFirstResponse(id);
      await transcripts.append(escalation.userHash, 'console', [{ from: 'caseWorker', text, at }]);
      bus.publish({ type: 'message', escalationId: id, from: 'caseWorker', text, at: at.toISOString(), holder: escalation.claimedBy ?? '' });
      res.send(200, { at: at.toISOString() });
    }),
  );

  server.post(
    '/console/api/escalations/:id/close',
    route(ALL, async (req, res, session) => {
      const id = escalationId(req);
      const closed = await handoff.close(id, session.user.id, isSupervisor(session));
      await audit.create({ actor: session.user.id, action: 'escalation.close', target: closed.caseNumber });
      if (!closed.training) await options.reachWorker(closed.reference, (context) => options.handBack(context));
      res.send(200, {});
    }),
  );

  server.get(
    '/console/api/cases/:caseNumber',
    route(
      ALL,
      async (req, res, session) => {
        const caseNumber = String(req.params.caseNumber ?? '');
        if (!CASE_NUMBER.test(caseNumber)) throw new HttpError(400, 'BadRequest', 'Not a case number');
        const found = await referrals.findCase(caseNumber);
        if (!found) throw new HttpError(404, 'NotFound', 'No such case');
        // Every view of a case is audited.
        await audit.create({ actor: session.user.id, action: 'case.view', target: caseNumber });
        const ids = [...found.notes.map((n) => n.by), ...found.agencyReferrals.map((r) => r.by), ...found.timeline.map((t) => t.actor)].filter((id) => OBJECT_ID.test(id));
        const names = await accounts.displayNames([...new Set(ids)]);
        res.send(200, {
          case: {
            ...found,
            notes: found.notes.map((note) => ({ ...note, byName: names.get(note.by) })),
            agencyReferrals: found.agencyReferrals.map((referral) => ({ ...referral, byName: names.get(referral.by) })),
            timeline: found.timeline.map((entry) => ({ ...entry, actorName: names.get(entry.actor) })),
          },
        });
      },
      { csrf: false },
    ),
  );

  const caseNumberOf = (req: Request): string => {
    const caseNumber = String(req.params.caseNumber ?? '');
    if (!CASE_NUMBER.test(caseNumber)) throw new HttpError(400, 'BadRequest', 'Not a case number');
    return caseNumber;
  };

  server.post(
    '/console/api/cases/:caseNumber/notes',
    route(ALL, async (req, res, session) => {
      const caseNumber = caseNumberOf(req);
      const { text } = body(NoteSchema, req);
      await referrals.addNote(caseNumber, session.user.id, text);
      await audit.create({ actor: session.user.id, action: 'case.note', target: caseNumber });
      res.send(200, {});
    }),
  );

  server.post(
    '/console/api/cases/:caseNumber/status',
    route(ALL, async (req, res, session) => {
      const caseNumber = caseNumberOf(req);
      const { status } = body(StatusSchema, req);
      await referrals.changeStatus(caseNumber, status, session.user.id);
      await audit.create({ actor: session.user.id, action: 'case.status', target: caseNumber, detail: { status } });
      res.send(200, {});
    }),
  );

  server.post(
    '/console/api/cases/:caseNumber/referrals',
    route(ALL, async (req, res, session) => {
      const caseNumber = caseNumberOf(req);
      const { agencyId, imminentDanger } = body(AgencyReferralSchema, req);
      if (!options.agencyIds.includes(agencyId)) throw new HttpError(400, 'BadRequest', 'Not an agency of this country profile');
      const basis = await referrals.referToAgency(caseNumber, agencyId, session.user.id, imminentDanger);
      await audit.create({ actor: session.user.id, action: 'case.refer', target: caseNumber, detail: { agencyId, basis } });
      res.send(200, { basis });
    }),
  );

  server.post(
    '/console/api/escalations/:id/transfer',
    route(['supervisor', 'admin'], async (req, res, session) => {
      const id = escalationId(req);
      const { toUserId } = body(TransferSchema, req);
      await handoff.transfer(id, toUserId);
      await audit.create({ actor: session.user.id, action: 'escalation.transfer', target: id, detail: { toUserId } });
      res.send(200, {});
    }),
  );

  const statsRange = (req: Request): [Date | undefined, Date | undefined] => {
    const query = (req.query ?? {}) as Record<string, unknown>;
    // A calendar date that exists (9999-99-99 and 2026-02-30 do not): else a clear 400, never a 500 from an Invalid Date.
    const date = (name: 'from' | 'to'): Date | undefined => {
      const value = query[name];
      if (value === undefined || value === '') return undefined;
      const parsed = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : undefined;
      if (!parsed || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== value) {
        throw new HttpError(400, 'BadRequest', `"${name}" must be a calendar date, YYYY-MM-DD`);
      }
      return parsed;
    };
    return [date('from'), date('to')];
  };

  server.get(
    '/console/api/stats',
    route(
      ['supervisor', 'admin'],
      async (req, res, session) => {
        await audit.create({ actor: session.user.id, action: 'stats.view' });
        res.send(200, await options.statistics.counts(...statsRange(req)));
      },
      { csrf: false },
    ),
  );

  server.get(
    '/console/api/stats.csv',
    route(
      ['supervisor', 'admin'],
      async (req, res, session) => {
        await audit.create({ actor: session.user.id, action: 'stats.export' });
        const { counts } = await options.statistics.counts(...statsRange(req));
        res.header('Content-Type', 'text/csv; charset=utf-8');
        res.header('Content-Disposition', 'attachment; filename="hotline-statistics.csv"');
        res.writeHead(200);
        res.end(StatisticsService.toCsv(counts));
      },
      { csrf: false },
    ),
  );

  server.get(
    '/console/api/users',
    route(['supervisor', 'admin'], async (_req, res) => void res.send(200, { users: await accounts.list() }), { csrf: false }),
  );

  server.get(
    '/console/api/review',
    route(['admin'], async (_req, res) => void res.send(200, options.review()), { csrf: false }),
  );

  server.get(
    '/console/api/agencies/:lng',
    route(
      ALL,
      async (req, res) => {
        const t = options.i18n.getFixedT(String(req.params.lng));
        res.send(200, { agencies: options.agencyIds.map((id) => ({ id, name: t(`${options.profileNamespace}:agencies.${id}.name`) })) });
      },
      { csrf: false },
    ),
  );

  server.get(
    '/console/api/canned/:lng',
    route(
      ALL,
      async (req, res) => {
        const lng = String(req.params.lng);
        const bundle = options.i18n.getResourceBundle(lng, 'canned') as Record<string, string> | undefined;
        if (!bundle) throw new HttpError(404, 'UnknownLanguage', 'No canned responses in that language');
        res.send(200, { language: lng, responses: Object.entries(bundle).map(([id, text]) => ({ id, text })) });
      },
      { csrf: false },
    ),
  );

  server.get(
    '/console/api/training/scenarios',
    route(ALL, async (_req, res) => void res.send(200, { scenarios: options.training.list() }), { csrf: false }),
  );

  server.post(
    '/console/api/training',
    route(ALL, async (req, res, session) => {
      const { scenarioId } = body(TrainingSchema, req);
      const id = await options.training.start(scenarioId, session.user.id);
      if (!id) throw new HttpError(404, 'NotFound', 'No such scenario');
      await audit.create({ actor: session.user.id, action: 'training.start', detail: { scenarioId } });
      res.send(200, { escalationId: id });
    }),
  );

  const document = openApiDocument();
  server.get('/api/openapi.json', async (_req: Request, res: Response) => void res.send(200, document));

  // The console's own page and assets.
  const asset = (file: string, type: string) => async (req: Request, res: Response) => {
    const path = join(UI_DIR, file);
    if (!existsSync(path)) return sendError(res, 404, 'NotFound', 'The console UI is not built into this checkout');
    res.header('Content-Type', type);
    res.header('Cache-Control', 'no-cache');
    res.header('X-Content-Type-Options', 'nosniff');
    res.header('Content-Security-Policy', `default-src 'self'; connect-src 'self' ${socketOrigin(options.publicUrl, req.header('host'))}; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`);
    res.writeHead(200);
    res.end(readFileSync(path));
  };
  server.get('/console', asset('index.html', 'text/html; charset=utf-8'));
  server.get('/console/console.js', asset('console.js', 'application/javascript; charset=utf-8'));
  server.get('/console/console.css', asset('console.css', 'text/css; charset=utf-8'));

  attachLive(server, options);
}

/** `/console/live`: the same session cookie, from our own origin only; every live event goes to every signed-in console. */
function attachLive(server: Server, { accounts, bus, logger, publicUrl }: ConsoleOptions): void {
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 1024 });
  server.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== '/console/live') return;
    if (!isOwnOrigin(req, publicUrl)) return void socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    void accounts.resolve(cookieOf(req.headers.cookie, SESSION_COOKIE)).then(
      (session) => {
        if (!session) return void socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        const supervises = session.user.roles.includes('supervisor') || session.user.roles.includes('admin');
        // What a worker wrote goes only to the case worker holding the conversation, and to supervisors.
        const mayReceive = (event: LiveEvent) => event.type !== 'message' || supervises || event.holder === session.user.id;
        sockets.handleUpgrade(req, socket, head, (ws) => {
          const unsubscribe = bus.subscribe((event) => mayReceive(event) && ws.readyState === ws.OPEN && ws.send(JSON.stringify(event)));
          const keepAlive = setInterval(() => ws.readyState === ws.OPEN && ws.ping(), 20_000);
          ws.on('close', () => {
            unsubscribe();
            clearInterval(keepAlive);
          });
        });
      },
      (error: unknown) => {
        logger.error('console.live.failed', describeError(error));
        socket.end('HTTP/1.1 500 Internal Server Error\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      },
    );
  });
}


// What every console route shares: the session cookie, and the wrapper that
// checks session, role and CSRF before a handler and answers its errors in the
// one error reply; body parsing with zod; the ids in a path.
import type { Request, Response } from 'restify';
import { z } from 'zod';
import { systemClock } from '../../kernel/clock';
import { HttpError, sendError } from '../../kernel/http';
import { describeError } from '../../kernel/logger';
import { CASE_STATUS_TRANSITIONS, CASE_STATUSES, CONSOLE_ROLES, OBJECT_ID, PRIORITIES, type ConsoleRole } from '../../models/domain';

/** What the console page is told of the domain with its session: priorities (most urgent first), statuses and their transitions. */
const CONSOLE_DOMAIN = { priorities: PRIORITIES, statuses: CASE_STATUSES, transitions: CASE_STATUS_TRANSITIONS };
import { sameToken, type ConsoleSession } from '../../services/accounts';
import { HandoffError } from '../../services/handoff';
import { CaseError } from '../../services/cases';
import { CaseAccessError } from '../../services/caseAccess';
import { CaseSearchError } from '../../services/caseList';
import { CaseOwnerError } from '../../services/caseWork';
import type { ConsoleOptions } from './consoleOptions';

export const SESSION_COOKIE = 'hotline_console';

/** The value of cookie `name` in a Cookie header. */
export function cookieOf(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

/** A route's logic, once the session, role and CSRF token are checked. */
export type Handler = (req: Request, res: Response, session: ConsoleSession) => Promise<void>;

/** What {@link createRouteKit} gives the route modules. */
export type RouteKit = ReturnType<typeof createRouteKit>;

/** The shared helpers, bound to the console's options. */
export function createRouteKit(options: ConsoleOptions) {
  const { accounts, logger } = options;
  const clock = options.clock ?? systemClock;
  const now = (): Date => new Date(clock.now());
  /** Every role: routes any signed-in console user may call. */
  const ALL: readonly ConsoleRole[] = CONSOLE_ROLES;

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
    if (error instanceof CaseError) return sendError(res, { NOT_FOUND: 404, BAD_TRANSITION: 409, NO_CONSENT: 409, NEEDS_SUPERVISOR: 403 }[error.code], error.code, error.message);
    if (error instanceof CaseAccessError) return sendError(res, { NOT_FOUND: 404, FORBIDDEN: 403 }[error.code], error.code === 'NOT_FOUND' ? 'NotFound' : 'Forbidden', error.message);
    if (error instanceof CaseOwnerError) return sendError(res, { OWNED: 409, NO_SUCH_USER: 400 }[error.code], error.code, error.message);
    if (error instanceof CaseSearchError) return sendError(res, 400, 'BadRequest', error.message);
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

  /** The query string parsed by a zod schema; a bad value is a 400 naming it. */
  const query = <T>(schema: z.ZodType<T>, req: Request): T => {
    const parsed = schema.safeParse({ ...((req.query ?? {}) as Record<string, unknown>) });
    if (!parsed.success) throw new HttpError(400, 'BadRequest', z.prettifyError(parsed.error));
    return parsed.data;
  };

  const handoffId = (req: Request): string => {
    const id = String(req.params.id ?? '');
    if (!OBJECT_ID.test(id)) throw new HttpError(400, 'BadRequest', 'Not a handoff id');
    return id;
  };

  const cookie = (value: string, maxAgeSeconds: number): string =>
    `${SESSION_COOKIE}=${value}; Path=/console; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${options.secureCookies ? '; Secure' : ''}`;

  // The session, and the domain's lists the page works with (models/domain.ts): the browser restates none of them.
  const who = (session: ConsoleSession) => ({ user: session.user, csrfToken: session.csrfToken, mustEnrollTotp: session.mustEnrollTotp, domain: CONSOLE_DOMAIN });
  const isSupervisor = (session: ConsoleSession) => session.user.roles.includes('supervisor') || session.user.roles.includes('admin');

  return { route, fail, body, query, handoffId, cookie, who, isSupervisor, now, ALL };
}

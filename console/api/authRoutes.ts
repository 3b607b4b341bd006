// The console's sign-in, sign-out, session and second factor (TOTP) routes,
// and its own wording, which the sign-in page needs before any session.
import type { Request, Response, Server } from 'restify';
import { clientAddress } from '../../kernel/clientAddress';
import { HttpError, sendError } from '../../kernel/http';
import { LoginRefusedError, TotpEnrollmentError } from '../../services/accounts';
import type { ConsoleOptions } from './consoleOptions';
import { cookieOf, SESSION_COOKIE, type RouteKit } from './routeKit';
import { LoginSchema, TotpCodeSchema } from './schemas';

/** Sign-in (throttled), sign-out, the session, TOTP enrolment, and the console strings. */
export function registerAuthRoutes(server: Server, options: ConsoleOptions, kit: RouteKit): void {
  const { route, fail, body, cookie, who, ALL } = kit;
  const { accounts, audit } = options;

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
}

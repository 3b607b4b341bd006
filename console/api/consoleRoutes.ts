// The case worker console's HTTP API and live socket: sign-in, the queue,
// atomic claims, live chat through the worker's own channel, the case, and
// closing back to the bot. Every request is checked (session, role, CSRF, zod)
// by the route kit; each group of routes is its own module.
import type { Request, Response, Server } from 'restify';
import { registerAuthRoutes } from './authRoutes';
import { registerCaseListRoutes } from './caseListRoutes';
import { registerCaseRoutes } from './caseRoutes';
import type { ConsoleOptions } from './consoleOptions';
import { registerHandoffRoutes } from './handoffRoutes';
import { attachLive } from './liveSocket';
import { registerResourceRoutes } from './resourceRoutes';
import { createRouteKit } from './routeKit';
import { registerSupervisionRoutes } from './supervisionRoutes';

export type { ConsoleOptions, DeploymentReview } from './consoleOptions';
export { CLAIM_SLA_MINUTES } from './handoffRoutes';
export { SESSION_COOKIE } from './routeKit';

/** Mounts the console's routes, page and live socket on the server. */
export function registerConsole(server: Server, options: ConsoleOptions): void {
  const kit = createRouteKit(options);
  // Everything the console API answers may carry personal data: never kept by a browser or a proxy.
  server.pre((req: Request, res: Response, next: () => void) => {
    if (req.getPath().startsWith('/console/api/')) res.header('Cache-Control', 'no-store');
    next();
  });


  registerAuthRoutes(server, options, kit);
  registerHandoffRoutes(server, options, kit);
  registerCaseListRoutes(server, options, kit);
  registerCaseRoutes(server, options, kit);
  registerSupervisionRoutes(server, options, kit);
  registerResourceRoutes(server, options, kit);
  attachLive(server, options);
}

// `/console/live`: the console's live socket. Same session cookie, our own
// origin only; a worker's words go only to whoever may read them.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Server } from 'restify';
import { WebSocketServer } from 'ws';
import { describeError } from '../../kernel/logger';
import { isOwnOrigin } from '../../kernel/origins';
import type { LiveEvent } from '../../services/liveBus';
import type { ConsoleOptions } from './consoleOptions';
import { cookieOf, SESSION_COOKIE } from './routeKit';

/** `/console/live`: the same session cookie, from our own origin only; every live event goes to every signed-in console. */
export function attachLive(server: Server, { accounts, bus, logger, publicUrl }: ConsoleOptions): void {
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

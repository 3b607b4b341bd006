// Which origins may talk to the hotline's pages and sockets: its own, as PUBLIC_URL
// names it (required in production), or in development the host the page was loaded from.
import type { IncomingMessage } from 'node:http';

/**
 * Whether a WebSocket upgrade comes from a page of our own origin: browsers always send Origin on
 * a WebSocket, so a missing or foreign one is another site riding the session cookie.
 */
export function isOwnOrigin(req: IncomingMessage, publicUrl: string | undefined): boolean {
  const origin = req.headers.origin;
  if (!origin) return false;
  try {
    const url = new URL(origin);
    return publicUrl ? url.origin === new URL(publicUrl).origin : url.host === req.headers.host;
  } catch {
    return false;
  }
}

/** The WebSocket origin of the hotline itself, for CSP connect-src: from PUBLIC_URL, else the page's own host. */
export function socketOrigin(publicUrl: string | undefined, host: string | undefined): string {
  if (publicUrl) {
    const url = new URL(publicUrl);
    return `${url.protocol === 'https:' ? 'wss' : 'ws'}://${url.host}`;
  }
  return host && /^[\w.:[\]-]{1,255}$/.test(host) ? `ws://${host}` : '';
}

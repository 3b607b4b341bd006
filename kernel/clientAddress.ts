// The address a request came from, for per-address limits: the socket's peer, or,
// behind a proxy we run (TRUST_PROXY=on), the address that proxy appended last to
// X-Forwarded-For (earlier entries are the client's own word and are not trusted).
import type { IncomingMessage } from 'node:http';

export function clientAddress(req: Pick<IncomingMessage, 'headers' | 'socket'>, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers['x-forwarded-for'];
    const last = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? '')).split(',').map((part) => part.trim()).filter(Boolean).pop();
    if (last && last.length <= 64) return last;
  }
  return req.socket.remoteAddress ?? 'unknown';
}

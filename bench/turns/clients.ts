// How the benchmark talks to a bot: as a Bot Framework channel (an activity
// POSTed to /api/messages with deliveryMode "expectReplies", the replies in
// the response) or as the web chat widget does over Direct Line 3.0 (a token,
// a conversation, its WebSocket stream; each message POSTed, and the turn done
// when the stream has brought the bot's reply to it).
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';

/** One worker's conversation: say something, resolve when the bot has answered. */
export interface Session {
  say(text: string): Promise<void>;
  close(): void;
}

/** Opens conversations on one bot. */
export type Channel = () => Promise<Session>;

/** A turn that takes longer than this counts as an error. */
const TURN_TIMEOUT_MS = 30_000;

async function json(response: Response, expected: number, what: string): Promise<unknown> {
  const body = await response.text();
  if (response.status !== expected) throw new Error(`${what} answered ${response.status}: ${body.slice(0, 200)}`);
  return body ? (JSON.parse(body) as unknown) : undefined;
}

/** Conversations over `POST {baseUrl}/api/messages`, replies returned in the response. */
export function botFrameworkChannel(baseUrl: string, channelId = 'bench'): Channel {
  const url = `${baseUrl}/api/messages`;
  return async () => {
    const id = randomUUID();
    return {
      async say(text) {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ type: 'message', id: randomUUID(), channelId, deliveryMode: 'expectReplies', from: { id }, recipient: { id: 'bot' }, conversation: { id }, text }),
          signal: AbortSignal.timeout(TURN_TIMEOUT_MS),
        });
        const set = (await json(response, 200, 'POST /api/messages')) as { activities?: unknown[] } | undefined;
        if (!set?.activities?.length) throw new Error('POST /api/messages: no reply');
      },
      close() {},
    };
  };
}

interface StreamedActivity {
  id?: string;
  replyToId?: string;
  from?: { id?: string; role?: string };
}

/** Conversations over Direct Line 3.0 at `{baseUrl}/v3/directline`, as the widget holds them (token, stream, post). */
export function directLineChannel(baseUrl: string, secret: string): Channel {
  const base = `${baseUrl}/v3/directline`;
  return async () => {
    const minted = (await json(await fetch(`${base}/tokens/generate`, { method: 'POST', headers: { authorization: `Bearer ${secret}` } }), 200, 'tokens/generate')) as { conversationId: string; token: string };
    const auth = { authorization: `Bearer ${minted.token}` };
    const started = (await json(await fetch(`${base}/conversations`, { method: 'POST', headers: auth }), 201, 'POST /conversations')) as { conversationId: string; streamUrl: string };
    const socket = new WebSocket(started.streamUrl);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    // Ids of the activities the bot answered, and who waits for an answer to which id.
    const answered = new Set<string>();
    const waiting = new Map<string, () => void>();
    socket.on('message', (data) => {
      const text = data.toString();
      if (!text) return; // keep-alive
      for (const activity of (JSON.parse(text) as { activities?: StreamedActivity[] }).activities ?? []) {
        if (activity.from?.role !== 'bot' || !activity.replyToId) continue;
        answered.add(activity.replyToId);
        waiting.get(activity.replyToId)?.();
      }
    });
    const activitiesUrl = `${base}/conversations/${encodeURIComponent(started.conversationId)}/activities`;
    return {
      async say(text) {
        const posted = (await json(
          await fetch(activitiesUrl, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ type: 'message', text, channelData: { clientActivityID: randomUUID() } }), signal: AbortSignal.timeout(TURN_TIMEOUT_MS) }),
          200,
          'POST activities',
        )) as { id: string };
        if (answered.has(posted.id)) return;
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => {
            waiting.delete(posted.id);
            reject(new Error('Direct Line: no reply on the stream'));
          }, TURN_TIMEOUT_MS);
          waiting.set(posted.id, () => {
            clearTimeout(timer);
            waiting.delete(posted.id);
            resolve();
          });
        });
      },
      close() {
        socket.close();
      },
    };
  };
}

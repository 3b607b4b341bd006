// A local stand-in for Meta's Graph API on loopback: records every request
// and answers like `POST /{phone-number-id}/messages` does; it can be told to
// fail the next calls with HTTP 429, 500, or Meta's error codes, or to hold
// requests unanswered (a send under way when the hotline is killed).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  authorization?: string;
  contentType?: string;
  body: Record<string, unknown>;
  /** What the stand-in answered. */
  answered: number;
  /** The wamid it gave a sent message. */
  messageId?: string;
}

export type Failure = 'http429' | 'http500' | 'code130429' | 'code131047' | 'code131026';

const FAILURES: Record<Failure, { status: number; body: Record<string, unknown>; headers?: Record<string, string> }> = {
  // Undeliverable (not a WhatsApp user, or an old app): trying again cannot help.
  code131026: { status: 400, body: { error: { message: '(#131026) Message Undeliverable', type: 'OAuthException', code: 131026, fbtrace_id: 'A4' } } },
  http429: { status: 429, body: { error: { message: '(#80007) Rate limit issues', type: 'OAuthException', code: 80007, fbtrace_id: 'Az8or2yhqkZfEZ-_4Qn_Bam' } } },
  http500: { status: 500, body: { error: { message: 'An unknown error occurred', type: 'OAuthException', code: 1, fbtrace_id: 'A1' } } },
  code130429: { status: 400, body: { error: { message: '(#130429) Rate limit hit', type: 'OAuthException', code: 130429, error_data: { messaging_product: 'whatsapp', details: 'Cloud API message throughput has been reached.' }, fbtrace_id: 'A2' } } },
  code131047: {
    status: 400,
    body: { error: { message: '(#131047) Re-engagement message', type: 'OAuthException', code: 131047, error_data: { messaging_product: 'whatsapp', details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' }, fbtrace_id: 'A3' } },
  },
};

export class GraphStandIn {
  readonly requests: RecordedRequest[] = [];
  private readonly failures: Failure[] = [];
  private server?: Server;
  private sent = 0;
  private holding = false;
  /** Requests held unanswered, in arrival order (recorded with `answered: 0`). */
  readonly held: RecordedRequest[] = [];
  private readonly heldResponses: ServerResponse[] = [];

  /** Requests from now on get no answer until {@link release} (their connection stays open). */
  hold(): void {
    this.holding = true;
  }

  /** Answers normally again; the held requests are never answered (their connections are closed). */
  release(): void {
    this.holding = false;
    for (const response of this.heldResponses.splice(0)) response.destroy();
  }

  /** The next `times` requests fail with `failure` (then it answers normally again). */
  failNext(failure: Failure, times = 1): void {
    for (let i = 0; i < times; i++) this.failures.push(failure);
  }

  /** Starts on a free loopback port; resolves with the base URL including the API version. */
  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v21.0`;
  }

  async stop(): Promise<void> {
    this.release();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Accepted message sends to one recipient, in order. */
  messagesTo(waId: string): RecordedRequest[] {
    return this.requests.filter((request) => request.body.to === waId && request.answered === 200);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    } catch {
      body = {};
    }
    if (this.holding) {
      const request: RecordedRequest = { method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization, contentType: req.headers['content-type'], body, answered: 0 };
      this.requests.push(request);
      this.held.push(request);
      this.heldResponses.push(res);
      return;
    }
    const failure = this.failures.shift();
    const answer = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      const messageId = (payload as { messages?: Array<{ id: string }> }).messages?.[0]?.id;
      this.requests.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization, contentType: req.headers['content-type'], body, answered: status, ...(messageId ? { messageId } : {}) });
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(payload));
    };
    if (failure) return answer(FAILURES[failure].status, FAILURES[failure].body, FAILURES[failure].headers);
    if (req.method !== 'POST' || !/^\/v21\.0\/\d+\/messages$/.test(req.url ?? '')) return answer(404, { error: { message: 'Unknown path', code: 100 } });
    if (body.status === 'read') return answer(200, { success: true });
    this.sent += 1;
    answer(200, { messaging_product: 'whatsapp', contacts: [{ input: body.to, wa_id: body.to }], messages: [{ id: `wamid.stand-in.${this.sent}` }] });
  }
}

/** What the worker would read in a sent message: text, or an interactive body with its buttons or rows. */
export function readable(request: RecordedRequest): string {
  const body = request.body as {
    type?: string;
    text?: { body: string };
    interactive?: { body: { text: string }; action: { buttons?: Array<{ reply: { title: string } }>; sections?: Array<{ rows: Array<{ title: string; description?: string }> }> } };
    template?: { name: string };
  };
  if (body.type === 'text') return body.text!.body;
  if (body.type === 'template') return `[template ${body.template!.name}]`;
  if (body.type === 'interactive') {
    const options = body.interactive!.action.buttons?.map((button) => `(${button.reply.title})`) ?? body.interactive!.action.sections!.flatMap((section) => section.rows.map((row) => `(${row.title}${row.description ? ` ${row.description}` : ''})`));
    return [body.interactive!.body.text, ...options].join('\n');
  }
  return JSON.stringify(body);
}

// What the routes of every layer share without importing the composition root:
// the body the server's reader (app/bodyReader.ts) leaves on a request, and the
// one error reply, `{error:{code,message}}`.

/** What the reader leaves on the request for the routes. */
export interface ReadBody {
  /** The exact bytes that arrived (signatures are checked over these). */
  rawBody?: Buffer;
  /** Parsed JSON, when the request says it is JSON and the path is not raw. */
  body?: unknown;
}

/** The one shape of every error the hotline's routes answer with. */
export interface ErrorReply {
  error: { code: string; message: string } & Record<string, unknown>;
}

/** The error reply for `code` and `message`, with any detail the code documents (e.g. `claimedByName`). */
export function errorReply(code: string, message: string, detail: Record<string, unknown> = {}): ErrorReply {
  return { error: { code, message, ...detail } };
}

/** What can answer a request with a status and a JSON body (restify's `Response`). */
export interface JsonResponse {
  send(status: number, body: unknown): unknown;
}

/** Answers with `status` and the error reply. */
export function sendError(res: JsonResponse, status: number, code: string, message: string, detail?: Record<string, unknown>): void {
  res.send(status, errorReply(code, message, detail));
}

/** A refusal a route throws; its handler answers it with {@link sendError}. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly detail: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

// Every request body is read here, once, before routing, instead of by restify's
// bodyParser: that parser inflates gzip without a size cap and throws outside any
// handler on a body that is not what its Content-Encoding says (restify #1975),
// so one unauthenticated request could stop the hotline or fill its memory.
// Here a body is bounded while it streams, compressed bodies are refused, JSON
// nesting is bounded, and every failure is a clear 4xx.
import type { Request, Response } from 'restify';
import { sendError, type ReadBody } from '../kernel/http';

export interface BodyReaderOptions {
  /** Larger bodies get 413, counted while they stream (Content-Length is not trusted). */
  maxBodyBytes: number;
  /** Deepest allowed nesting of JSON arrays and objects. */
  maxJsonDepth?: number;
  /** Paths whose body is kept as bytes only, for a route that checks a signature before parsing. */
  rawPaths?: readonly string[];
}

export const DEFAULT_MAX_JSON_DEPTH = 64;

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function refuse(res: Response, status: number, code: string, message: string): void {
  res.setHeader('Connection', 'close');
  sendError(res, status, code, message);
}

/**
 * The deepest nesting of arrays and objects in a JSON text, scanning outside strings;
 * stops counting once `limit` is passed. Runs before `JSON.parse`, so a 20,000-level body
 * never reaches code that recurses over it.
 */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c) i++;
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) inString = true;
    else if (code === 0x7b || code === 0x5b) {
      if (++depth > limit) return true;
    } else if (code === 0x7d || code === 0x5d) depth--;
  }
  return false;
}

function isJson(req: Request): boolean {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || /^application\/[\w.+-]+\+json$/.test(type);
}

/** A restify `pre` handler that reads and checks every request body; see the file header. */
export function bodyReader(options: BodyReaderOptions) {
  const maxJsonDepth = options.maxJsonDepth ?? DEFAULT_MAX_JSON_DEPTH;
  const rawPaths = new Set(options.rawPaths ?? []);
  return function readBody(req: Request, res: Response, next: (error?: false) => void): void {
    if (!METHODS_WITH_BODY.has(req.method ?? '')) return next();
    const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
    if (encoding !== 'identity') {
      req.resume();
      refuse(res, 415, 'UnsupportedEncoding', 'Send the body without Content-Encoding.');
      return next(false);
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > options.maxBodyBytes) {
      req.resume();
      refuse(res, 413, 'PayloadTooLarge', `The body is larger than ${options.maxBodyBytes} bytes.`);
      return next(false);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (outcome: 'ok' | 'tooLarge' | 'aborted'): void => {
      if (done) return;
      done = true;
      if (outcome === 'aborted') return next(false);
      if (outcome === 'tooLarge') {
        refuse(res, 413, 'PayloadTooLarge', `The body is larger than ${options.maxBodyBytes} bytes.`);
        return next(false);
      }
      const raw = Buffer.concat(chunks);
      const target = req as Request & ReadBody;
      target.rawBody = raw;
      const path = req.getPath().replace(/\/+$/, '');
      if (raw.length === 0 || rawPaths.has(path) || !isJson(req)) return next();
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
      } catch {
        refuse(res, 400, 'MalformedBody', 'The body is not valid UTF-8.');
        return next(false);
      }
      if (jsonDepthExceeds(text, maxJsonDepth)) {
        refuse(res, 400, 'TooDeep', `JSON may nest at most ${maxJsonDepth} levels.`);
        return next(false);
      }
      try {
        target.body = JSON.parse(text) as unknown;
      } catch {
        refuse(res, 400, 'MalformedJson', 'The body is not valid JSON.');
        return next(false);
      }
      next();
    };
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > options.maxBodyBytes) {
        chunks.length = 0;
        req.removeAllListeners('data');
        req.resume();
        return finish('tooLarge');
      }
      chunks.push(chunk);
    });
    req.once('end', () => finish('ok'));
    req.once('error', () => finish('aborted'));
    req.once('aborted', () => finish('aborted'));
  };
}

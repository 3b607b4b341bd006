// A small structured logger on pino. It takes an event name and plain fields so
// that call sites think about what they log: ids and codes, never personal data.
// Redaction is the second line of defence: fields named for personal data, and
// strings shaped like phone numbers or WhatsApp ids, never reach a log line.
import pino from 'pino';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** Fields attached to a log line. Values must not contain personal data. */
export type LogFields = Record<string, string | number | boolean | undefined | null>;

/** What a redacted value is written as. */
export const REDACTED = '[redacted]';

/**
 * Field names that could carry what a worker wrote or who they are: redacted
 * wherever they appear, at the top level or one level down.
 */
export const PERSONAL_FIELDS = [
  'text', 'narrative', 'name', 'fullName', 'firstName', 'lastName', 'phone', 'phoneNumber', 'mobile', 'email', 'address',
  'location', 'employer', 'passport', 'from', 'to', 'user', 'userId', 'user_id', 'userName', 'waId', 'wa_id', 'chatId',
  'recipient', 'body', 'content', 'caption', 'transcript', 'notes', 'password', 'token', 'authorization', 'cookie',
  'conversationRef', 'serviceUrl', 'value', 'channelData', 'attachments',
] as const;

/** A phone number in international form (+973 3312 3456), a WhatsApp id (97333123456@c.us), or a bare wa_id (8 to 15 digits). */
const PHONE_LIKE = [/\+\d[\d ().-]{6,}\d/, /\d{6,}@(?:c|g|s\.whatsapp)\.(?:us|net)/, /^\d{8,15}$/];

/** A string value shaped like personal data is replaced; everything else is kept as it is. */
function redactValues(fields: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === 'string' && PHONE_LIKE.some((pattern) => pattern.test(value))) {
      out ??= { ...fields };
      out[key] = REDACTED;
    }
  }
  return out ?? fields;
}

/**
 * Writes one JSON line per event (`level`, `time`, `pid`, `event`, then the
 * fields, in that order: tools match `"event":"server.listening","url":…`) to
 * stderr, synchronously so the last lines before a crash are not lost; stdout
 * stays free for tools. Tests pass `write` to capture the lines.
 */
export class Logger {
  private readonly pino: pino.Logger;

  constructor(level: LogLevel = 'info', write?: (line: string) => void) {
    const destination = write ? { write: (chunk: string) => write(chunk.endsWith('\n') ? chunk.slice(0, -1) : chunk) } : pino.destination({ fd: 2, sync: true });
    this.pino = pino(
      {
        level,
        base: { pid: process.pid },
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }), log: redactValues },
        redact: { paths: PERSONAL_FIELDS.flatMap((field) => [field, `*.${field}`]), censor: REDACTED },
      },
      destination,
    );
  }

  debug(event: string, fields?: LogFields): void {
    this.pino.debug({ event, ...fields });
  }
  info(event: string, fields?: LogFields): void {
    this.pino.info({ event, ...fields });
  }
  warn(event: string, fields?: LogFields): void {
    this.pino.warn({ event, ...fields });
  }
  error(event: string, fields?: LogFields): void {
    this.pino.error({ event, ...fields });
  }
}

/**
 * Error name, code and where it was thrown; never the message, since messages
 * of driver and validation errors can echo stored values. A wrapped error (as
 * botbuilder's DialogContextError wraps the dialog's) is described too.
 */
export function describeError(error: unknown): LogFields {
  if (!(error instanceof Error)) return { error: typeof error };
  const code = (error as { code?: unknown }).code;
  const inner = (error as { error?: unknown }).error ?? error.cause;
  const at = /\n\s+at (?:.*\()?(?:.*\/)?([^/()]+:\d+):\d+\)?/.exec(error.stack ?? '')?.[1];
  return {
    error: error.name,
    code: typeof code === 'string' || typeof code === 'number' ? code : undefined,
    at,
    ...(inner instanceof Error ? { cause: `${inner.name}${typeof (inner as { code?: unknown }).code === 'number' || typeof (inner as { code?: unknown }).code === 'string' ? `:${String((inner as { code?: unknown }).code)}` : ''}` } : {}),
  };
}

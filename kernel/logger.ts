// A small structured logger. It takes an event name and plain fields so that
// call sites think about what they log: ids and codes, never personal data.
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

/** Fields attached to a log line. Values must not contain personal data. */
export type LogFields = Record<string, string | number | boolean | undefined | null>;

/** Writes one JSON line per event to stderr (stdout stays free for tools). */
export class Logger {
  constructor(
    private readonly level: LogLevel = 'info',
    private readonly write: (line: string) => void = (line) => process.stderr.write(line + '\n'),
  ) {}

  debug(event: string, fields?: LogFields): void {
    this.log('debug', event, fields);
  }
  info(event: string, fields?: LogFields): void {
    this.log('info', event, fields);
  }
  warn(event: string, fields?: LogFields): void {
    this.log('warn', event, fields);
  }
  error(event: string, fields?: LogFields): void {
    this.log('error', event, fields);
  }

  private log(level: Exclude<LogLevel, 'silent'>, event: string, fields: LogFields = {}): void {
    if (RANK[level] < RANK[this.level]) return;
    this.write(JSON.stringify({ time: new Date().toISOString(), level, event, ...fields }));
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

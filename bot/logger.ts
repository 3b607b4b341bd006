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

/** Error name and code only: messages of driver errors can echo stored values. */
export function describeError(error: unknown): LogFields {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { error: error.name, code: typeof code === 'string' || typeof code === 'number' ? code : undefined };
  }
  return { error: typeof error };
}

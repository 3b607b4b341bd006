// Logs carry codes and places, never the message text of an error.
import { describeError, Logger, REDACTED } from '../../kernel/logger';

test('describeError keeps name, code, place and the wrapped cause, not the message', () => {
  const inner = Object.assign(new Error('E11000 duplicate key: { narrative: "she beat me" }'), { name: 'MongoServerError', code: 11000 });
  const outer = Object.assign(new Error('wrapped: she beat me'), { name: 'DialogContextError', error: inner });
  const fields = describeError(outer);
  expect(fields).toMatchObject({ error: 'DialogContextError', cause: 'MongoServerError:11000' });
  expect(fields.at).toMatch(/logger\.test\.ts:\d+/);
  expect(JSON.stringify(fields)).not.toMatch(/beat/);
});

test('the logger writes one JSON line per event at or above its level', () => {
  const lines: string[] = [];
  const logger = new Logger('warn', (line) => lines.push(line));
  logger.info('quiet', {});
  logger.warn('turn.safetyInterrupt', { kinds: 'sos' });
  expect(lines).toHaveLength(1);
  expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'warn', event: 'turn.safetyInterrupt', kinds: 'sos' });
});

test('lines are pino JSON: ISO time, the process id, the level by name', () => {
  const lines: string[] = [];
  new Logger('debug', (line) => lines.push(line)).debug('turn.duplicate', { channel: 'webchat' });
  expect(lines).toHaveLength(1);
  expect(lines[0]).not.toMatch(/\n/);
  const line = JSON.parse(lines[0]!) as Record<string, unknown>;
  expect(line).toMatchObject({ level: 'debug', event: 'turn.duplicate', channel: 'webchat', pid: process.pid });
  expect(new Date(line.time as string).toISOString()).toBe(line.time);
});

test('fields named for personal data are redacted, at the top level and one level down', () => {
  const lines: string[] = [];
  const logger = new Logger('info', (line) => lines.push(line));
  logger.info('careless', { text: 'my madam beat me', name: 'Maria Santos', userId: 'user-7f3a', channel: 'webchat' });
  (logger as unknown as { info(event: string, fields: unknown): void }).info('nested', { activity: { text: 'she beat me', from: { id: 'x' } }, kind: 'message' });
  const all = lines.join('\n');
  expect(all).not.toMatch(/beat|Maria|user-7f3a|"id":"x"/);
  expect(JSON.parse(lines[0]!)).toMatchObject({ text: REDACTED, name: REDACTED, userId: REDACTED, channel: 'webchat' });
  expect(JSON.parse(lines[1]!)).toMatchObject({ activity: { text: REDACTED, from: REDACTED }, kind: 'message' });
});

test.each([
  ['an international number', '+973 3312 3456'],
  ['a WhatsApp id', '97333123456@c.us'],
  ['a bare wa_id', '97333123456'],
])('a string shaped like %s is redacted whatever its field is called', (_kind, value) => {
  const lines: string[] = [];
  new Logger('info', (line) => lines.push(line)).info('careless', { chat: value, attempt: 3, conversation: 'a1b2c3d4e5f6' });
  expect(lines[0]).not.toContain(value);
  expect(JSON.parse(lines[0]!)).toEqual(expect.objectContaining({ chat: REDACTED, attempt: 3, conversation: 'a1b2c3d4e5f6' }));
});

test('the event comes before the fields, as tools that read the start line expect', () => {
  const lines: string[] = [];
  new Logger('info', (line) => lines.push(line)).info('server.listening', { url: 'http://127.0.0.1:3978', profile: 'bh' });
  expect(lines[0]).toMatch(/^\{"level":"info","time":"[^"]+","pid":\d+,"event":"server\.listening","url":"http:\/\/127\.0\.0\.1:3978","profile":"bh"\}$/);
});

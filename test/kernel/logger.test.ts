// Logs carry codes and places, never the message text of an error.
import { describeError, Logger } from '../../kernel/logger';

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

// Which way a process hears the others' live events, from the server's `hello`.
import { liveBusMode } from '../../services/liveBus';

test.each([
  [{ setName: 'rs0', isWritablePrimary: true }, 'changeStream'],
  [{ msg: 'isdbgrid' }, 'changeStream'],
  [{ isWritablePrimary: true }, 'poll'],
  [{ setName: '' }, 'poll'],
  [undefined, 'poll'],
] as const)('hello %j → %s', (hello, mode) => {
  expect(liveBusMode(hello)).toBe(mode);
});

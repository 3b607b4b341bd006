// Whether an error means "the database cannot be reached" (as opposed to a
// bad query or a conflict): then a turn is kept on disk until it is back
// (services/spool.ts), and the worker is told so.

/** The MongoDB driver's and mongoose's names for "no server to talk to". */
const UNREACHABLE = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
]);

/** True for an error (or its cause) that says the database is unreachable. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let seen = error, depth = 0; seen && typeof seen === 'object' && depth < 5; seen = (seen as { cause?: unknown }).cause, depth++) {
    if (UNREACHABLE.has((seen as { name?: unknown }).name as string)) return true;
  }
  return false;
}

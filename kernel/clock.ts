// Time as a dependency: services and stores read "now" from a clock, and code
// that waits (send rates, typing pauses, reconnect backoff) sleeps on one, so
// tests set the time or run on a virtual clock instead of waiting.

/** Wall time. */
export interface WallClock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** Wall time, pauses and timers. */
export interface Clock extends WallClock {
  /** Resolves after `ms`. */
  sleep(ms: number): Promise<void>;
  /** Runs `run` once after `ms`; returns a handle for {@link Clock.clearTimeout}. */
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** A clock stopped at `at` (tests; a replay at a given time). */
export function fixedClock(at: Date | number): WallClock {
  const ms = typeof at === 'number' ? at : at.getTime();
  return { now: () => ms };
}

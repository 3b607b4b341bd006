// The two rate-limit policies: the sliding window that makes senders wait
// (WhatsApp Cloud per second, WhatsApp Web per minute) and the token bucket that
// refuses (the widget-token endpoint).
import { SlidingWindowRateLimiter, TokenBucketRateLimiter } from '../../../channels/shared/rateLimiter';
import { VirtualClock } from '../whatsapp-web/standIn';

describe('SlidingWindowRateLimiter', () => {
  test('at most N starts in any second, across everyone, in arrival order', async () => {
    let clock = 0;
    const waits: number[] = [];
    const limiter = new SlidingWindowRateLimiter(3, 1000, {
      now: () => clock,
      sleep: async (ms) => {
        waits.push(ms);
        clock += ms;
      },
    });
    const starts: number[] = [];
    await Promise.all(Array.from({ length: 7 }, () => limiter.acquire().then(() => starts.push(clock))));
    expect(starts).toEqual([0, 0, 0, 1000, 1000, 1000, 2000]);
    for (let i = 3; i < starts.length; i++) expect(starts[i]! - starts[i - 3]!).toBeGreaterThanOrEqual(1000);
  });

  test('refuses a limit below one', () => {
    expect(() => new SlidingWindowRateLimiter(0, 1000)).toThrow(/positive integer/);
  });

  test('the limiter refuses a rate that is not a positive integer', () => {
    expect(() => new SlidingWindowRateLimiter(0, 60_000, new VirtualClock())).toThrow(/positive integer/);
  });

  test('counts the callers still waiting for a grant', async () => {
    let clock = 0;
    let wake: (() => void) | undefined;
    const limiter = new SlidingWindowRateLimiter(1, 60_000, { now: () => clock, sleep: (ms) => new Promise<void>((resolve) => (wake = () => ((clock += ms), resolve()))) });
    const first = limiter.acquire();
    const second = limiter.acquire();
    await first;
    expect(limiter.queued).toBe(1);
    while (!wake) await Promise.resolve();
    wake();
    await second;
    expect(limiter.queued).toBe(0);
  });
});

describe('TokenBucketRateLimiter', () => {
  test('a client over its limit is refused until its bucket refills; others are not affected', () => {
    let now = 0;
    const limiter = new TokenBucketRateLimiter(3, () => now);
    expect([1, 2, 3, 4].map(() => limiter.take('a'))).toEqual([true, true, true, false]);
    expect(limiter.take('b')).toBe(true);
    now += 20_000; // a third of a minute: one token back
    expect([limiter.take('a'), limiter.take('a')]).toEqual([true, false]);
  });
});

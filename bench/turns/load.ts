// Two ways to load a bot: many workers at once, each going through whole
// conversations back to back (throughput), or turns arriving at a steady rate
// whatever the bot's speed (latency at that rate; a late turn never delays the
// next arrival, so slowness is not hidden).
import { performance } from 'node:perf_hooks';
import type { Channel, Session } from './clients';

/** What a load run measured. */
export interface LoadResult {
  turns: number;
  conversations: number;
  errors: number;
  seconds: number;
  /** Milliseconds per turn that succeeded. */
  latencies: number[];
  /** The first few errors' messages, to say what went wrong. */
  errorSamples: string[];
}

function emptyResult(): LoadResult {
  return { turns: 0, conversations: 0, errors: 0, seconds: 0, latencies: [], errorSamples: [] };
}

function recordError(result: LoadResult, error: unknown): void {
  result.errors += 1;
  if (result.errorSamples.length < 3) result.errorSamples.push(error instanceof Error ? error.message : String(error));
}

/** `workers` at once, each holding `conversationsEach` whole conversations (`script`) one after another. */
export async function closedLoop(channel: Channel, script: readonly string[], workers: number, conversationsEach: number): Promise<LoadResult> {
  const result = emptyResult();
  const worker = async (): Promise<void> => {
    for (let n = 0; n < conversationsEach; n++) {
      let session: Session;
      try {
        session = await channel();
      } catch (error) {
        recordError(result, error);
        continue;
      }
      try {
        for (const text of script) {
          const started = performance.now();
          await session.say(text);
          result.latencies.push(performance.now() - started);
          result.turns += 1;
        }
        result.conversations += 1;
      } catch (error) {
        recordError(result, error); // the rest of this conversation would only fail the same way
      } finally {
        session.close();
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: workers }, worker));
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

/**
 * Turns arrive at `rate` a second for `seconds`: each arrival goes to a conversation that is
 * waiting for its next message (a new one when none is), and its latency counts from the moment it
 * was due, so time spent waiting for a free conversation is counted too.
 */
export async function steadyRate(channel: Channel, script: readonly string[], rate: number, seconds: number): Promise<LoadResult> {
  const result = emptyResult();
  const idle: Array<{ session: Session; next: number }> = [];
  const inFlight = new Set<Promise<void>>();
  const arrive = async (due: number): Promise<void> => {
    let conversation = idle.pop();
    try {
      if (!conversation) {
        conversation = { session: await channel(), next: 0 };
      }
      await conversation.session.say(script[conversation.next]!);
      result.latencies.push(performance.now() - due);
      result.turns += 1;
      conversation.next += 1;
      if (conversation.next < script.length) idle.push(conversation);
      else {
        result.conversations += 1;
        conversation.session.close();
      }
    } catch (error) {
      recordError(result, error);
      conversation?.session.close();
    }
  };
  const total = Math.round(rate * seconds);
  const started = performance.now();
  for (let n = 0; n < total; n++) {
    const due = started + (n * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const turn = arrive(due).finally(() => inFlight.delete(turn));
    inFlight.add(turn);
  }
  await Promise.all(inFlight);
  result.seconds = (performance.now() - started) / 1000;
  for (const { session } of idle) session.close();
  return result;
}

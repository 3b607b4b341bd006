// Database round trips, counted with the MongoDB driver's command monitoring:
// every command the client sends raises `commandStarted` (the connection is
// opened with `monitorCommands=true` in its URI, which the driver reads like
// any other URI option).
import type { Connection } from 'mongoose';

/** Commands the driver sends on its own (handshakes, heartbeats, session ends), never a turn's work. */
const DRIVER_COMMANDS = new Set(['hello', 'isMaster', 'ismaster', 'ping', 'endSessions', 'saslStart', 'saslContinue', 'buildInfo']);

/** The URI with command monitoring on. */
export function withCommandMonitoring(uri: string): string {
  return `${uri}${uri.includes('?') ? '&' : '?'}monitorCommands=true`;
}

/** Counts the commands a connection's client sends, by command and collection. */
export class RoundTripCounter {
  private counts = new Map<string, number>();

  /**
   * @param ignore Commands that run on a timer, not per turn (the live bus's poll of
   *   `liveevents`), named "command collection"; counted apart, never in {@link total}.
   */
  constructor(
    connection: Connection,
    private readonly ignore: ReadonlySet<string> = new Set(),
  ) {
    connection.getClient().on('commandStarted', (event) => {
      if (DRIVER_COMMANDS.has(event.commandName)) return;
      const target = (event.command as Record<string, unknown>)[event.commandName];
      const name = `${event.commandName} ${typeof target === 'string' ? target : ''}`.trim();
      this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
    });
  }

  reset(): void {
    this.counts = new Map();
  }

  /** Every counted command but the ignored ones. */
  get total(): number {
    let sum = 0;
    for (const [name, count] of this.counts) if (!this.ignore.has(name)) sum += count;
    return sum;
  }

  /** "find botstate: 2.0, insert botstate: 1.0 …" per turn, most first. */
  breakdown(turns: number): string {
    return [...this.counts]
      .filter(([name]) => !this.ignore.has(name))
      .sort((a, b) => b[1] - a[1])
      .map(([name, count]) => `${name}: ${(count / Math.max(1, turns)).toFixed(2)}`)
      .join(', ');
  }
}

// Live events for the console (a worker wrote, the queue changed, someone
// claimed). In-process for now; several processes need the same events over a
// MongoDB capped collection with a tailable cursor (DESIGN.md), a later step.
import { EventEmitter } from 'node:events';

export type LiveEvent =
  | { type: 'queue' }
  /** `holder`: the case worker holding the escalation; only they (and supervisors) receive the text. */
  | { type: 'message'; escalationId: string; from: 'worker' | 'caseWorker' | 'bot'; text: string; at: string; holder: string }
  | { type: 'claimed'; escalationId: string; byName: string };

export class LiveBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  publish(event: LiveEvent): void {
    this.emitter.emit('event', event);
  }

  /** Returns the unsubscribe. */
  subscribe(listener: (event: LiveEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}

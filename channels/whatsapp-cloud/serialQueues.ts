// Work queued per key runs one item at a time, in the order it was queued;
// different keys run side by side. Used for turns per conversation and for
// messages per recipient.
export class SerialQueues {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Runs `work` after everything queued before it under `key`; a failure does not stop the queue. */
  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    this.tails.set(key, next);
    void next
      .finally(() => {
        if (this.tails.get(key) === next) this.tails.delete(key);
      })
      .catch(() => undefined);
    return next;
  }

  /** Keys with queued or running work. */
  get size(): number {
    return this.tails.size;
  }
}

// Work queued per key runs one item at a time, in the order it was queued, while
// different keys run side by side: turns per conversation, messages per recipient.
// Every channel uses it, so a conversation never has two turns writing state at once.

export class SerialQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Runs `work` after everything queued before under `key`; a failure does not block what follows. */
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

  /** Keys with work queued or running. */
  get size(): number {
    return this.tails.size;
  }

  /** Resolves once everything queued so far (and anything queued meanwhile) has settled. */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.allSettled([...this.tails.values()]);
  }
}

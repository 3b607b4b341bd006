// Keeps what was said, encrypted, so a case worker can read the conversation.
import type { FieldCipher } from './crypto';
import { isDuplicateKeyError, type TranscriptLineModel } from '../models';

export interface TranscriptEntry {
  from: 'worker' | 'bot' | 'caseWorker';
  text: string;
  at?: Date;
}

export class TranscriptService {
  constructor(
    private readonly lines: TranscriptLineModel,
    private readonly cipher: FieldCipher,
  ) {}

  /**
   * Adds lines in one insert. Under a turn's `key` (`TurnServices.effectKey('transcript')`) each
   * line is keyed by its place, so a turn run again after a crash adds only what it had not.
   */
  async append(userHash: string, conversationHash: string, entries: TranscriptEntry[], key?: string): Promise<void> {
    const kept = entries.filter((entry) => entry.text.trim() !== '');
    if (kept.length === 0) return;
    const now = Date.now();
    const docs = kept.map((entry, i) => ({
      userHash,
      conversationHash,
      from: entry.from,
      at: entry.at ?? new Date(now + i),
      text: this.cipher.encrypt(entry.text),
      ...(key ? { key: `${key}:${i}` } : {}),
    }));
    try {
      await this.lines.insertMany(docs, { ordered: false });
    } catch (error) {
      // Lines a first run of the turn wrote are there already; any other failure is one.
      // The driver's write errors carry their code themselves or in `err`.
      const failures = (error as { writeErrors?: Array<{ code?: unknown; err?: unknown }> }).writeErrors;
      const repeated = (failure: { code?: unknown; err?: unknown }) => isDuplicateKeyError(failure) || isDuplicateKeyError(failure.err);
      const onlyRepeats = key !== undefined && (Array.isArray(failures) && failures.length > 0 ? failures.every(repeated) : isDuplicateKeyError(error));
      if (!onlyRepeats) throw error;
    }
  }

  /** The decrypted lines of a worker, oldest first. */
  async read(userHash: string): Promise<Required<TranscriptEntry>[]> {
    const docs = await this.lines.find({ userHash }).sort({ at: 1 }).lean();
    return docs.map((doc) => ({ from: doc.from, at: doc.at, text: this.cipher.decrypt(doc.text) }));
  }
}

// Keeps what was said, encrypted, so a case worker can read the conversation.
import type { FieldCipher } from './crypto';
import type { TranscriptLineModel } from '../models';

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

  async append(userHash: string, conversationHash: string, entries: TranscriptEntry[]): Promise<void> {
    const kept = entries.filter((entry) => entry.text.trim() !== '');
    if (kept.length === 0) return;
    const now = Date.now();
    await this.lines.insertMany(
      kept.map((entry, i) => ({ userHash, conversationHash, from: entry.from, at: entry.at ?? new Date(now + i), text: this.cipher.encrypt(entry.text) })),
    );
  }

  /** The decrypted lines of a worker, oldest first. */
  async read(userHash: string): Promise<Required<TranscriptEntry>[]> {
    const docs = await this.lines.find({ userHash }).sort({ at: 1 }).lean();
    return docs.map((doc) => ({ from: doc.from, at: doc.at, text: this.cipher.decrypt(doc.text) }));
  }
}

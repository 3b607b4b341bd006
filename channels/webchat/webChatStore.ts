// Where web chat conversations and their activities live: in MongoDB,
// encrypted, numbered by a per-conversation watermark, so any client can
// reconnect and read what it missed, and a reload resumes the conversation.
import { EventEmitter } from 'node:events';
import type { Activity } from 'botbuilder';
import { trusted } from 'mongoose';
import type { FieldCipher, KeyedHasher } from '../../services/crypto';
import { SerialQueue } from '../shared/serialQueue';
import { insertWithNextSeq, type SequenceCounter, type WebChatActivityModel, type WebChatConversationModel } from '../../models';

export interface ActivitySet {
  activities: Partial<Activity>[];
  watermark: string;
}

/** What an erased activity's data becomes: not a ciphertext, so nothing to decrypt. */
const TOMBSTONE = 'erased';
/** How long a gap in the watermarks may be an activity still being stored by another process. */
const GAP_WAIT_MS = 2000;
/** How long, and for how many conversations, a process trusts that a conversation it saw exists. */
const KNOWN_FOR_MS = 60_000;
const KNOWN_MAX = 10_000;

export class WebChatStore {
  private readonly events = new EventEmitter();
  /** Appends per conversation run one after another in this process, keeping the order they were made in. */
  private readonly appends = new SerialQueue();
  /** Conversations known to exist, until when (see `conversationExists`). */
  private readonly known = new Map<string, number>();

  constructor(
    private readonly conversations: WebChatConversationModel,
    private readonly activities: WebChatActivityModel,
    private readonly cipher: FieldCipher,
    private readonly hasher: KeyedHasher,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.events.setMaxListeners(0);
  }

  /** The hash the bot also uses for this web chat user (channel "webchat"). */
  userHashOf(userId: string): string {
    return this.hasher.hash('webchat', userId);
  }

  async createConversation(conversationId: string, userId: string): Promise<void> {
    const at = this.now();
    await this.conversations.create({ _id: conversationId, userHash: this.userHashOf(userId), createdAt: at, updatedAt: at });
    this.remember(conversationId);
  }

  /**
   * Whether the conversation is stored. A yes is remembered for a minute (the posts of one
   * conversation then ask once): a conversation used that recently is far younger than any the
   * retention purge removes, since every append marks it updated.
   */
  async conversationExists(conversationId: string): Promise<boolean> {
    const until = this.known.get(conversationId);
    if (until !== undefined && until > this.now().getTime()) return true;
    const exists = (await this.conversations.countDocuments({ _id: conversationId })) > 0;
    if (exists) this.remember(conversationId);
    else this.known.delete(conversationId);
    return exists;
  }

  private remember(conversationId: string): void {
    this.known.delete(conversationId);
    this.known.set(conversationId, this.now().getTime() + KNOWN_FOR_MS);
    // A Map keeps insertion order: the first key is the one remembered longest ago.
    if (this.known.size > KNOWN_MAX) this.known.delete(this.known.keys().next().value as string);
  }

  /** Stores an activity under the next watermark, gives it its Direct Line id, and tells the listeners. */
  append(conversationId: string, activity: Partial<Activity>): Promise<Partial<Activity>> {
    return this.appends.run(conversationId, () => this.insertNext(conversationId, activity));
  }

  /** Activities after a watermark (all of them for undefined). */
  async after(conversationId: string, watermark?: number): Promise<ActivitySet> {
    const docs = await this.activities
      .find({ conversationId, ...(watermark !== undefined ? { seq: trusted({ $gt: watermark }) } : {}) })
      .sort({ seq: 1 })
      .limit(1000)
      .lean();
    // Numbers are drawn before the insert, so across processes 6 may be stored before 5: stop before a
    // young gap (its activity is on its way) and take it on the next read; an old gap is a lost number.
    let expected = watermark !== undefined ? watermark + 1 : docs[0]?.seq;
    const gap = docs.findIndex((doc) => {
      const young = doc.seq !== expected && this.now().getTime() - new Date(doc.at).getTime() < GAP_WAIT_MS;
      expected = doc.seq + 1;
      return young;
    });
    if (gap >= 0) docs.length = gap;
    const last = docs.at(-1)?.seq ?? watermark ?? 0;
    const activities = docs.filter((doc) => doc.data !== TOMBSTONE).map((doc) => JSON.parse(this.cipher.decrypt(doc.data)) as Partial<Activity>);
    return { activities, watermark: String(last) };
  }

  /** Calls `listener` with every activity appended to the conversation from now on; returns the unsubscribe. */
  subscribe(conversationId: string, listener: (set: ActivitySet) => void): () => void {
    this.events.on(conversationId, listener);
    return () => this.events.off(conversationId, listener);
  }

  /**
   * Erases the web chat conversations of a user (delete my data). Each activity
   * becomes an empty tombstone rather than going away, so watermarks keep
   * counting up and clients still connected receive what is sent afterwards.
   */
  async eraseUser(userHash: string): Promise<number> {
    const conversations = await this.conversations.find({ userHash }, { _id: 1 }).lean();
    const ids = conversations.map((c) => c._id);
    if (ids.length === 0) return 0;
    const erased = await this.activities.updateMany({ conversationId: trusted({ $in: ids }) }, { $set: { data: TOMBSTONE } });
    await this.conversations.updateMany({ _id: trusted({ $in: ids }) }, { $set: { userHash: 'erased' } });
    return erased.modifiedCount;
  }

  private async insertNext(conversationId: string, activity: Partial<Activity>): Promise<Partial<Activity>> {
    const idOf = (seq: number) => `${conversationId}|${String(seq).padStart(7, '0')}`;
    // The conversation is the counter: one `$inc` (which also marks it updated), then the insert (docs/database.md).
    const counter: SequenceCounter = {
      next: async () => {
        const before = await this.conversations.findOneAndUpdate(
          { _id: conversationId },
          { $inc: { lastSeq: 1 }, $set: { updatedAt: this.now() } },
          { returnDocument: 'before', projection: { lastSeq: 1 }, lean: true },
        );
        return before ? (before.lastSeq ?? 0) + 1 : undefined;
      },
      raiseTo: async (seq) => {
        await this.conversations.updateOne({ _id: conversationId }, { $max: { lastSeq: seq } });
      },
    };
    const seq = await insertWithNextSeq(this.activities, { conversationId }, counter, (n) => ({
      conversationId,
      seq: n,
      at: this.now(),
      data: this.cipher.encrypt(JSON.stringify({ ...activity, id: idOf(n) })),
    }));
    const stored: Partial<Activity> = { ...activity, id: idOf(seq) };
    this.events.emit(conversationId, { activities: [stored], watermark: String(seq) } satisfies ActivitySet);
    return stored;
  }

}

// Messages kept in the database until they are handled (services/messageQueue.ts):
// the WhatsApp inbox (what a worker sent, kept before the provider is told
// "received") and outbox (what the bot says, kept before it is sent). One schema
// for both, as for processed ids: the `_id` is the idempotency key (a keyed hash,
// never a phone number), the chat only a keyed hash, the payload encrypted.
import { Schema, type Connection, type Model } from 'mongoose';

/** `pending` until handled (or claimed: `owner` and a future `availableAt`), then `done`, or `failed` for good. */
export type QueuedMessageState = 'pending' | 'done' | 'failed';

export interface QueuedMessageDocument {
  /** The idempotency key: the provider's message id (inbox) or the turn's effect key and index (outbox), hashed. */
  _id: string;
  /** Which channel's queue (`whatsapp-cloud`, `whatsapp-web`). */
  source: string;
  /** Keyed hash of the chat (the worker's userHash): messages of one chat are handled in order, one at a time. */
  chat: string;
  /** The order within the chat: the provider's time stamp (inbox) or when it was recorded (outbox), in ms. */
  order: number;
  /** Ties of `order` broken by arrival (monotonic within a process). */
  arrival: number;
  /** FieldCipher ciphertext of the JSON payload; emptied once done. */
  payload: string;
  state: QueuedMessageState;
  /** Claims so far (each try is one). */
  attempts: number;
  /** When it may be claimed: now (new), the end of a claim's lease (renewed while handled), or after a retry's backoff. */
  availableAt: Date;
  /** The process holding the claim. */
  owner?: string;
  createdAt: Date;
  /** When it was done or failed for good; the purge goes by it. */
  finishedAt?: Date;
  /** What the last failure was: an error name and code, never its message. */
  error?: string;
}

const queuedMessageSchema = new Schema<QueuedMessageDocument>(
  {
    _id: { type: String, required: true },
    source: { type: String, required: true },
    chat: { type: String, required: true },
    order: { type: Number, required: true },
    arrival: { type: Number, required: true },
    payload: { type: String, default: '' },
    state: { type: String, enum: ['pending', 'done', 'failed'], required: true },
    attempts: { type: Number, required: true, default: 0 },
    availableAt: { type: Date, required: true },
    owner: { type: String },
    createdAt: { type: Date, required: true },
    finishedAt: { type: Date },
    error: { type: String },
  },
  { versionKey: false },
);
// What is due, for the poll; a chat's head, for the claim; erasure; the purge.
queuedMessageSchema.index({ source: 1, state: 1, availableAt: 1 });
queuedMessageSchema.index({ source: 1, chat: 1, state: 1, order: 1, arrival: 1 });
queuedMessageSchema.index({ chat: 1 });
queuedMessageSchema.index({ finishedAt: 1 });

export type QueuedMessageModel = Model<QueuedMessageDocument>;

function queuedMessageModel(connection: Connection, name: string, collection: string): QueuedMessageModel {
  return (connection.models[name] as QueuedMessageModel | undefined) ?? connection.model(name, queuedMessageSchema, collection);
}

/** What workers sent on WhatsApp, kept before it was acknowledged (collection `inboxmessages`). */
export function inboxMessageModel(connection: Connection): QueuedMessageModel {
  return queuedMessageModel(connection, 'InboxMessage', 'inboxmessages');
}

/** What the bot says on WhatsApp, kept before it is sent (collection `outboxmessages`). */
export function outboxMessageModel(connection: Connection): QueuedMessageModel {
  return queuedMessageModel(connection, 'OutboxMessage', 'outboxmessages');
}

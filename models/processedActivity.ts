// The bot's inbound activity ids: the turn leases of services/turnLease.ts (the
// WhatsApp channels' message ids are their inbox's keys, models/queuedMessage.ts).
// Purged by age by the retention job, since the embedded mongo-java-server never
// expires TTL indexes.
import { Schema, type Connection, type Model } from 'mongoose';

export interface ProcessedIdDocument {
  /** Keyed hash of the id (for the bot: channel, conversation and activity id). */
  _id: string;
  /** When it was taken in; the purge goes by it. */
  at: Date;
}

const processedIdSchema = new Schema<ProcessedIdDocument>(
  { _id: { type: String, required: true }, at: { type: Date, required: true } },
  { versionKey: false },
);
processedIdSchema.index({ at: 1 });

export type ProcessedIdModel = Model<ProcessedIdDocument>;
/** The bot's processed activities are processed ids. */
export type ProcessedActivityDocument = ProcessedIdDocument;
export type ProcessedActivityModel = ProcessedIdModel;

/** The processed-id model `name` on a connection, in `collection`. */
export function processedIdModel(connection: Connection, name: string, collection: string): ProcessedIdModel {
  return (connection.models[name] as ProcessedIdModel | undefined) ?? connection.model(name, processedIdSchema, collection);
}

/** The bot's inbound activity ids (collection `processedactivities`). */
export function processedActivityModel(connection: Connection): ProcessedActivityModel {
  return processedIdModel(connection, 'ProcessedActivity', 'processedactivities');
}

// Inbound activity ids already handled, so a redelivered message (webhook
// retry, client resend) takes effect once. Purged by the retention job,
// since the embedded mongo-java-server never expires TTL indexes.
import { Schema, type Connection, type Model } from 'mongoose';

export interface ProcessedActivityDocument {
  /** Keyed hash of channel, conversation and activity id. */
  _id: string;
  at: Date;
}

const processedActivitySchema = new Schema<ProcessedActivityDocument>(
  { _id: { type: String, required: true }, at: { type: Date, required: true } },
  { versionKey: false },
);
processedActivitySchema.index({ at: 1 });

export type ProcessedActivityModel = Model<ProcessedActivityDocument>;

export function processedActivityModel(connection: Connection): ProcessedActivityModel {
  return (
    (connection.models.ProcessedActivity as ProcessedActivityModel | undefined) ??
    connection.model('ProcessedActivity', processedActivitySchema, 'processedactivities')
  );
}

// A worker waiting for a human: queued by priority and language, claimed
// atomically by one case worker (the console comes in a later issue).
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';
import { HANDOFF_STATUSES, PRIORITIES } from './domain';

export const handoffSchema = new Schema(
  {
    caseId: { type: Schema.Types.ObjectId, required: true, index: true },
    caseNumber: { type: String, required: true },
    priority: { type: String, enum: PRIORITIES, required: true },
    /** 0 = critical … 3 = low, so one ascending index orders the queue. */
    priorityRank: { type: Number, required: true },
    reasons: { type: [String], default: [] },
    language: { type: String, required: true },
    channel: { type: String, required: true },
    userHash: { type: String, required: true, index: true },
    /** The worker's conversation reference, encrypted: it holds the channel user id. */
    conversationRef: { type: String },
    status: { type: String, enum: HANDOFF_STATUSES, required: true, default: 'queued' },
    claimedBy: { type: String },
    claimedAt: { type: Date },
    closedAt: { type: Date },
    /** When a case worker first answered (time to first response, for the SLA). */
    firstResponseAt: { type: Date },
    /** A practice conversation of the console's training mode. */
    training: { type: Boolean, default: false },
    /** Keyed hash of the turn that queued it (conversation, activity id): a re-run of that turn finds it. */
    idempotencyKey: { type: String },
  },
  { timestamps: true },
);
handoffSchema.index({ status: 1, priorityRank: 1, createdAt: 1 });
handoffSchema.index({ idempotencyKey: 1 }, { unique: true, sparse: true });

export type HandoffDocument = InferSchemaType<typeof handoffSchema>;
export type HandoffModel = Model<HandoffDocument>;

export function handoffModel(connection: Connection): HandoffModel {
  return (connection.models.Handoff as HandoffModel | undefined) ?? connection.model('Handoff', handoffSchema, 'handoffs');
}

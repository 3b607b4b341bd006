// Who did what to whose data, and when: append-only, holding ids and hashes,
// never the personal data itself.
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

export const auditEventSchema = new Schema(
  {
    at: { type: Date, required: true, default: () => new Date() },
    actor: { type: String, required: true },
    action: { type: String, required: true },
    target: { type: String },
    detail: { type: Schema.Types.Mixed },
  },
  { versionKey: false },
);
auditEventSchema.index({ at: -1 });

export type AuditEventDocument = InferSchemaType<typeof auditEventSchema>;
export type AuditEventModel = Model<AuditEventDocument>;

export function auditEventModel(connection: Connection): AuditEventModel {
  return (connection.models.AuditEvent as AuditEventModel | undefined) ?? connection.model('AuditEvent', auditEventSchema, 'audit');
}

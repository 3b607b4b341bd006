// Who holds an escalation: the first insert of its id wins, so of two case
// workers claiming at once exactly one does.
import { Schema, type Connection, type Model } from 'mongoose';

/** Who holds an escalation: one document per escalation, so the first insert wins (docs/database.md). TODO(issue 10 item 2): a conditional update on the escalation would do. */
export interface EscalationClaimDocument {
  _id: string;
  userId: string;
  at: Date;
}

const escalationClaimSchema = new Schema<EscalationClaimDocument>(
  { _id: { type: String, required: true }, userId: { type: String, required: true, index: true }, at: { type: Date, required: true } },
  { versionKey: false },
);

export type EscalationClaimModel = Model<EscalationClaimDocument>;

export function escalationClaimModel(connection: Connection): EscalationClaimModel {
  return (connection.models.EscalationClaim as EscalationClaimModel | undefined) ?? connection.model('EscalationClaim', escalationClaimSchema, 'escalationclaims');
}

// The case: what a worker reported or asked for, triaged, with the
// consents given and everything that happened to it since. Personal fields are
// stored only as ciphertexts (see services/crypto.ts).
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';
import { CASE_STATUSES, CASE_TYPES, CONSENT_KINDS, PRIORITIES } from './domain';

const consentSchema = new Schema(
  {
    kind: { type: String, enum: CONSENT_KINDS, required: true },
    given: { type: Boolean, required: true },
    at: { type: Date, required: true },
    noticeVersion: { type: String, required: true },
    language: { type: String, required: true },
  },
  { _id: false },
);

const timelineSchema = new Schema(
  {
    at: { type: Date, required: true },
    event: { type: String, required: true },
    actor: { type: String, required: true },
    detail: { type: String },
    /** The console user a change concerns (the new owner of an assignment), shown by name. */
    subject: { type: String },
  },
  { _id: false },
);

/** Each value is a FieldCipher ciphertext; never a plaintext. */
const personalSchema = new Schema(
  {
    narrative: String,
    name: String,
    phone: String,
    employer: String,
    location: String,
    codeWord: String,
    safeContactTime: String,
    safeContactMethod: String,
    details: String,
  },
  { _id: false },
);

/** A case worker's note; the text is a FieldCipher ciphertext. */
const noteSchema = new Schema(
  {
    at: { type: Date, required: true },
    by: { type: String, required: true },
    text: { type: String, required: true },
  },
  { _id: false },
);

const agencyReferralSchema = new Schema(
  {
    agencyId: { type: String, required: true },
    at: { type: Date, required: true },
    by: { type: String, required: true },
    basis: { type: String, enum: ['consent', 'imminentDanger'], required: true },
  },
  { _id: false },
);

export const caseSchema = new Schema(
  {
    caseNumber: { type: String, required: true, unique: true },
    type: { type: String, enum: CASE_TYPES, required: true },
    status: { type: String, enum: CASE_STATUSES, required: true, default: 'new' },
    priority: { type: String, enum: PRIORITIES, required: true },
    /** 0 = critical … 3 = low (priorityRank), so the case list sorts by urgency on an index. */
    priorityRank: { type: Number },
    priorityReasons: { type: [String], default: [] },
    indicators: { type: [String], default: [] },
    /** Coded answers only (choice ids, counts, flags); free text goes to `personal`. */
    answers: { type: Schema.Types.Mixed, default: {} },
    personal: { type: personalSchema, default: {} },
    anonymous: { type: Boolean, default: false },
    consents: { type: [consentSchema], default: [] },
    channel: { type: String, required: true },
    userHash: { type: String, required: true, index: true },
    language: { type: String, required: true },
    country: { type: String, required: true },
    source: { type: String, enum: ['intake', 'safetyInterrupt', 'handoff'], default: 'intake' },
    /** The owner: the console user working the case (services/caseWork.ts). */
    assignedTo: { type: String },
    assignedAt: { type: Date },
    /** When the case is to be looked at again: a calendar day (YYYY-MM-DD) in the profile's time zone. */
    followUpDate: { type: String },
    /** Keyed hashes (services/phoneNumbers.ts) of the phone number the worker gave: searchable, never readable. */
    phoneHashes: { type: [String], default: undefined },
    agencyReferrals: { type: [agencyReferralSchema], default: [] },
    notes: { type: [noteSchema], default: [] },
    timeline: { type: [timelineSchema], default: [] },
    erasedAt: { type: Date },
    /** A practice case of the console's training mode: never counted, never referred. */
    training: { type: Boolean, default: false },
    /** Keyed hash of the turn that created it (conversation, activity id): a re-run of that turn finds it. */
    idempotencyKey: { type: String },
  },
  { timestamps: true, minimize: false },
);
caseSchema.index({ status: 1, priority: 1 });
// The case list (services/caseList.ts): its default order, its views and its searches.
caseSchema.index({ training: 1, priorityRank: 1, createdAt: 1 });
caseSchema.index({ assignedTo: 1, followUpDate: 1 });
caseSchema.index({ followUpDate: 1 });
caseSchema.index({ language: 1, status: 1 });
caseSchema.index({ createdAt: -1 });
caseSchema.index({ updatedAt: -1 });
caseSchema.index({ indicators: 1 });
caseSchema.index({ channel: 1 });
caseSchema.index({ phoneHashes: 1 }, { sparse: true });
caseSchema.index({ idempotencyKey: 1 }, { unique: true, sparse: true });

export type CaseDocument = InferSchemaType<typeof caseSchema>;
export type CaseModel = Model<CaseDocument>;

/** The Case model on a connection. */
export function caseModel(connection: Connection): CaseModel {
  return (connection.models.Case as CaseModel | undefined) ?? connection.model('Case', caseSchema, 'cases');
}

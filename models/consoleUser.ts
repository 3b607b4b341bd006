// People who use the case worker console, their roles and languages, and
// their sessions. Passwords are argon2id hashes; session ids are stored hashed.
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

export const CONSOLE_ROLES = ['caseWorker', 'supervisor', 'admin'] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

export const consoleUserSchema = new Schema(
  {
    username: { type: String, required: true, unique: true },
    displayName: { type: String, required: true },
    passwordHash: { type: String, required: true },
    roles: { type: [String], enum: CONSOLE_ROLES, required: true },
    languages: { type: [String], default: [] },
    disabled: { type: Boolean, default: false },
    /** FieldCipher ciphertext of the TOTP secret, once enrolment is confirmed. */
    totpSecret: { type: String },
    /** A secret shown for enrolment, not yet confirmed with a code (ciphertext). */
    pendingTotpSecret: { type: String },
    /** The last time step a code was accepted for: no code is accepted twice. */
    totpLastStep: { type: Number },
  },
  { timestamps: true },
);

export type ConsoleUserDocument = InferSchemaType<typeof consoleUserSchema>;
export type ConsoleUserModel = Model<ConsoleUserDocument>;

export function consoleUserModel(connection: Connection): ConsoleUserModel {
  return (connection.models.ConsoleUser as ConsoleUserModel | undefined) ?? connection.model('ConsoleUser', consoleUserSchema, 'consoleusers');
}

export interface ConsoleSessionDocument {
  /** SHA-256 of the session id in the cookie: a database copy cannot be replayed. */
  _id: string;
  userId: string;
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  /** A supervisor or admin without a second factor where one is required: may only enrol. */
  mustEnrollTotp?: boolean;
}

const consoleSessionSchema = new Schema<ConsoleSessionDocument>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true, index: true },
    csrfToken: { type: String, required: true },
    createdAt: { type: Date, required: true },
    lastSeenAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true, index: true },
    mustEnrollTotp: { type: Boolean },
  },
  { versionKey: false },
);

export type ConsoleSessionModel = Model<ConsoleSessionDocument>;

export function consoleSessionModel(connection: Connection): ConsoleSessionModel {
  return (connection.models.ConsoleSession as ConsoleSessionModel | undefined) ?? connection.model('ConsoleSession', consoleSessionSchema, 'consolesessions');
}

/** Who holds an escalation: one document per escalation, so the first insert wins (docs/database.md). */
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

// People who use the case worker console, their roles and languages.
// Passwords are argon2id hashes.
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';
import { CONSOLE_ROLES } from './domain';

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

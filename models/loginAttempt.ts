// One document per attempt to sign in to the console, under each key it counts
// against (the account from this address, and the address): inserted before the
// password is checked, so concurrent attempts, in any process, see each other.
import { Schema, type Connection, type Model } from 'mongoose';

export interface LoginAttempt {
  /** `pair:<username>|<address>` or `address:<address>`; addresses and names hashed by the caller. */
  key: string;
  at: Date;
  /** Set when the attempt succeeded: it no longer counts as a failure. */
  succeeded?: boolean;
}

const schema = new Schema<LoginAttempt>(
  {
    key: { type: String, required: true },
    at: { type: Date, required: true },
    succeeded: { type: Boolean },
  },
  { versionKey: false },
);
schema.index({ key: 1, at: 1 });

export type LoginAttemptModel = Model<LoginAttempt>;

export function loginAttemptModel(connection: Connection): LoginAttemptModel {
  return (connection.models.LoginAttempt as LoginAttemptModel | undefined) ?? connection.model<LoginAttempt>('LoginAttempt', schema, 'loginAttempts');
}

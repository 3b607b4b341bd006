// A signed-in console session. Its id is stored hashed, so a copy of the
// database cannot be replayed as a cookie.
import { Schema, type Connection, type Model } from 'mongoose';

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

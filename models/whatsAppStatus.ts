// The life of each WhatsApp message we sent, insert-only: Meta's delivery
// statuses (sent, delivered, read, failed). The unique (messageId, status) index
// makes a redelivered webhook a no-op. (What workers sent is kept in the inbox,
// models/queuedMessage.ts; records with status `received` are from before it.)
import { Schema, type Connection, type Model } from 'mongoose';

export interface WhatsAppStatusDocument {
  /** The wamid. */
  messageId: string;
  /** sent | delivered | read | failed | … as Meta names them (`received`: an inbound message, before the inbox). */
  status: string;
  /** When it happened, by Meta's clock. */
  at: Date;
  /** Meta's error code of a failed message. */
  errorCode?: number;
  /** Keyed hash of ('whatsapp', wa_id): the worker's userHash, never the number. */
  recipientHash: string;
  recordedAt: Date;
}

const whatsAppStatusSchema = new Schema<WhatsAppStatusDocument>(
  {
    messageId: { type: String, required: true },
    status: { type: String, required: true },
    at: { type: Date, required: true },
    errorCode: { type: Number },
    recipientHash: { type: String, required: true, index: true },
    recordedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
whatsAppStatusSchema.index({ messageId: 1, status: 1 }, { unique: true });
whatsAppStatusSchema.index({ recordedAt: 1 });

export type WhatsAppStatusModel = Model<WhatsAppStatusDocument>;

export function whatsAppStatusModel(connection: Connection): WhatsAppStatusModel {
  return (connection.models.WhatsAppStatus as WhatsAppStatusModel | undefined) ?? connection.model('WhatsAppStatus', whatsAppStatusSchema, 'whatsappstatuses');
}

// When each worker last wrote, so the adapter knows whether WhatsApp's 24-hour
// customer-service window is open. Keyed by the keyed hash of the wa_id (the
// same hash the bot uses as the worker's userHash), never the number itself.
import { Schema, type Connection, type Model } from 'mongoose';

export interface WhatsAppWindowDocument {
  /** Keyed hash of ('whatsapp', wa_id): the bot's userHash for this worker. */
  _id: string;
  /** When the worker's latest message was sent (Meta's timestamp, never later than its arrival). */
  lastInboundAt: Date;
  updatedAt: Date;
}

const whatsAppWindowSchema = new Schema<WhatsAppWindowDocument>(
  {
    _id: { type: String, required: true },
    lastInboundAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
whatsAppWindowSchema.index({ updatedAt: 1 });

export type WhatsAppWindowModel = Model<WhatsAppWindowDocument>;

export function whatsAppWindowModel(connection: Connection): WhatsAppWindowModel {
  return (connection.models.WhatsAppWindow as WhatsAppWindowModel | undefined) ?? connection.model('WhatsAppWindow', whatsAppWindowSchema, 'whatsappwindows');
}

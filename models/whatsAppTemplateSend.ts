// Each time the neutral template went out in place of a message (the 24-hour
// window was closed). One per worker per closed window: `_id` is the worker's
// hash and the start of the window that closed, so the first insert wins and a
// worker who does not answer is not sent the template again and again.
import { Schema, type Connection, type Model } from 'mongoose';

export interface WhatsAppTemplateSendDocument {
  /** `<recipientHash>:<lastInboundAt ms | "none">`. */
  _id: string;
  recipientHash: string;
  at: Date;
  /** The template message's wamid, once Meta accepted it. */
  messageId?: string;
}

const whatsAppTemplateSendSchema = new Schema<WhatsAppTemplateSendDocument>(
  {
    _id: { type: String, required: true },
    recipientHash: { type: String, required: true, index: true },
    at: { type: Date, required: true },
    messageId: { type: String },
  },
  { versionKey: false },
);
whatsAppTemplateSendSchema.index({ at: 1 });

export type WhatsAppTemplateSendModel = Model<WhatsAppTemplateSendDocument>;

export function whatsAppTemplateSendModel(connection: Connection): WhatsAppTemplateSendModel {
  return (
    (connection.models.WhatsAppTemplateSend as WhatsAppTemplateSendModel | undefined) ??
    connection.model('WhatsAppTemplateSend', whatsAppTemplateSendSchema, 'whatsapptemplatesends')
  );
}

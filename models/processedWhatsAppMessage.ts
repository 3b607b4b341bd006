// WhatsApp Web message ids already taken in (a message the client emits again
// after a reconnect or a resync takes effect once): processed ids in their own
// collection, purged after the dedupe window by the channel.
import type { Connection } from 'mongoose';
import { processedIdModel, type ProcessedIdDocument, type ProcessedIdModel } from './processedActivity';

export type ProcessedWhatsAppMessageDocument = ProcessedIdDocument;
export type ProcessedWhatsAppMessageModel = ProcessedIdModel;

/** The model on a connection (collection `whatsappwebmessages`). */
export function processedWhatsAppMessageModel(connection: Connection): ProcessedWhatsAppMessageModel {
  return processedIdModel(connection, 'ProcessedWhatsAppMessage', 'whatsappwebmessages');
}

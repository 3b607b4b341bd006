// A web chat (Direct Line) conversation and its transcript of activities, so
// Direct Line clients can reconnect with a watermark and a reload resumes.
import { Schema, type Connection, type Model } from 'mongoose';

export interface WebChatConversationDocument {
  _id: string;
  /** Keyed hash of the Direct Line user id. */
  userHash: string;
  createdAt: Date;
  updatedAt: Date;
  /** The watermark of the last activity numbered: the counter of its activities (absent until the first). */
  lastSeq?: number;
}

const webChatConversationSchema = new Schema<WebChatConversationDocument>(
  {
    _id: { type: String, required: true },
    userHash: { type: String, required: true, index: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    lastSeq: { type: Number },
  },
  { versionKey: false },
);
webChatConversationSchema.index({ updatedAt: 1 });

export interface WebChatActivityDocument {
  conversationId: string;
  /** 1, 2, 3…: the Direct Line watermark; unique per conversation. */
  seq: number;
  at: Date;
  /** FieldCipher ciphertext of the activity JSON. */
  data: string;
}

const webChatActivitySchema = new Schema<WebChatActivityDocument>(
  {
    conversationId: { type: String, required: true },
    seq: { type: Number, required: true },
    at: { type: Date, required: true },
    data: { type: String, required: true },
  },
  { versionKey: false },
);
webChatActivitySchema.index({ conversationId: 1, seq: 1 }, { unique: true });
webChatActivitySchema.index({ at: 1 });

export type WebChatConversationModel = Model<WebChatConversationDocument>;
export type WebChatActivityModel = Model<WebChatActivityDocument>;

export function webChatConversationModel(connection: Connection): WebChatConversationModel {
  return (
    (connection.models.WebChatConversation as WebChatConversationModel | undefined) ??
    connection.model('WebChatConversation', webChatConversationSchema, 'webchatconversations')
  );
}

export function webChatActivityModel(connection: Connection): WebChatActivityModel {
  return (connection.models.WebChatActivity as WebChatActivityModel | undefined) ?? connection.model('WebChatActivity', webChatActivitySchema, 'webchatactivities');
}

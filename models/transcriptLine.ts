// One line of a conversation, kept so a case worker can read what was said;
// the text is encrypted and the line is erased with the worker's data.
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

export const transcriptLineSchema = new Schema(
  {
    userHash: { type: String, required: true },
    conversationHash: { type: String, required: true },
    at: { type: Date, required: true },
    from: { type: String, enum: ['worker', 'bot', 'caseWorker'], required: true },
    /** FieldCipher ciphertext. */
    text: { type: String, required: true },
    /** The writing turn's key and the line's place in it: a re-run of that turn writes no line twice. */
    key: { type: String },
  },
  { versionKey: false },
);
transcriptLineSchema.index({ userHash: 1, at: 1 });
transcriptLineSchema.index({ conversationHash: 1, at: 1 });
transcriptLineSchema.index({ key: 1 }, { unique: true, sparse: true });

export type TranscriptLineDocument = InferSchemaType<typeof transcriptLineSchema>;
export type TranscriptLineModel = Model<TranscriptLineDocument>;

export function transcriptLineModel(connection: Connection): TranscriptLineModel {
  return (connection.models.TranscriptLine as TranscriptLineModel | undefined) ?? connection.model('TranscriptLine', transcriptLineSchema, 'transcripts');
}

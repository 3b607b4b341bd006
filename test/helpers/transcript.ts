// What a conversation's transcript holds: the lines in the transcripts
// collection and those still pending in its conversation state (bot/hotlineBot.ts
// writes them out in batches), oldest first.
import type { Hotline } from '../../app/hotline';
import type { PendingLine } from '../../bot/state';

export interface SaidLine {
  from: 'worker' | 'bot' | 'caseWorker';
  text: string;
}

/** Stored lines of the worker, then the pending lines of one of their conversations. */
export async function transcriptOf(hotline: Hotline, userHash: string, channelId: string, conversationId: string): Promise<{ stored: SaidLine[]; pending: SaidLine[] }> {
  const stored = (await hotline.transcripts.read(userHash)).map(({ from, text }) => ({ from, text }));
  const key = `${channelId}/conversations/${conversationId}/`;
  const state = (await hotline.storage.read([key]))[key] as { pendingTranscript?: PendingLine[] } | undefined;
  const pending = (state?.pendingTranscript ?? []).map(({ from, text }) => ({ from, text }));
  return { stored, pending };
}

// Re-exports the models and builds them all on one connection.
import type { Connection } from 'mongoose';
import { auditEventModel } from './auditEvent';
import { botStateModel } from './botState';
import { consoleSessionModel } from './consoleSession';
import { consoleUserModel } from './consoleUser';
import { counterModel } from './counter';
import { handoffModel } from './handoff';
import { liveEventModel } from './liveEvent';
import { loginAttemptModel } from './loginAttempt';
import { processedActivityModel } from './processedActivity';
import { caseModel } from './case';
import { transcriptLineModel } from './transcriptLine';
import { webChatActivityModel, webChatConversationModel } from './webchatConversation';

export * from './auditEvent';
export * from './botState';
export * from './consoleSession';
export * from './consoleUser';
export * from './counter';
export * from './domain';
export * from './handoff';
export * from './liveEvent';
export * from './loginAttempt';
export * from './processedActivity';
export * from './queuedMessage';
export * from './case';
export * from './transcriptLine';
export * from './uniqueInsert';
export * from './databaseErrors';
export * from './webchatConversation';
export * from './whatsAppStatus';
export * from './whatsAppTemplateSend';
export * from './whatsAppWindow';

/** Every model of the hotline, bound to one connection. */
export function createModels(connection: Connection) {
  return {
    cases: caseModel(connection),
    counters: counterModel(connection),
    handoffs: handoffModel(connection),
    audit: auditEventModel(connection),
    botState: botStateModel(connection),
    processedActivities: processedActivityModel(connection),
    transcripts: transcriptLineModel(connection),
    webChatConversations: webChatConversationModel(connection),
    webChatActivities: webChatActivityModel(connection),
    consoleUsers: consoleUserModel(connection),
    consoleSessions: consoleSessionModel(connection),
    loginAttempts: loginAttemptModel(connection),
    liveEvents: liveEventModel(connection),
  };
}
export type Models = ReturnType<typeof createModels>;

/** Creates the indexes (unique case numbers first of all); safe to run at every start. */
export async function ensureIndexes(models: Models): Promise<void> {
  for (const model of Object.values(models)) await model.createIndexes();
}

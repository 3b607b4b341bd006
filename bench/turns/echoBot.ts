// The baseline: a bare botbuilder echo bot on the same stack as the hotline:
// restify with the hotline's own body reader, CloudAdapter with the same
// authentication setup, and conversation and user state in the project's own
// MongoStorage (keyed hashes, encrypted values) on the same database server.
import { randomBytes } from 'node:crypto';
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication, ConversationState, UserState } from 'botbuilder';
import type { Connection } from 'mongoose';
import restify, { type Server } from 'restify';
import { bodyReader } from '../../app/bodyReader';
import { MongoStorage } from '../../bot/mongoStorage';
import { botStateModel } from '../../models/botState';
import { FieldCipher, KeyedHasher } from '../../services/crypto';

/** Builds (does not start) the echo bot's server on `connection`. */
export function createEchoServer(connection: Connection, maxBodyBytes: number): Server {
  const storage = new MongoStorage(botStateModel(connection), new FieldCipher('k1', randomBytes(32), new Map()), new KeyedHasher(randomBytes(32)));
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const turns = conversationState.createProperty<number>('turns');
  const language = userState.createProperty<string>('language');

  const bot = new ActivityHandler();
  bot.onMessage(async (context, next) => {
    // The state traffic of a usual hotline turn: both items read, the conversation's (the dialog) written;
    // the user's (the worker's profile) only on the first turn, as the hotline writes it when the language is set.
    await turns.set(context, (await turns.get(context, 0)) + 1);
    if ((await language.get(context)) === undefined) await language.set(context, 'en');
    await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
    await conversationState.saveChanges(context, false);
    await userState.saveChanges(context, false);
    await next();
  });

  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const server = restify.createServer({ name: 'echo', handleUncaughtExceptions: false });
  server.pre(bodyReader({ maxBodyBytes }));
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  return server;
}

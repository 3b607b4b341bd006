// Wires one hotline from a configuration and a database connection: the pieces
// the entry point starts and the integration tests drive.
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, TurnContext, type ConversationReference } from 'botbuilder';
import { ConnectionStates, type Connection } from 'mongoose';
import { channelFor, type ChannelBot, type HotlineChannel } from '../channels/hotlineChannel';
import type { DirectLineAdapter } from '../channels/webchat/directLineAdapter';
import type { WhatsAppCloudChannel } from '../channels/whatsapp-cloud/createWhatsAppCloud';
import { WHATSAPP_WEBHOOK_PATH } from '../channels/whatsapp-cloud/webhookRoutes';
import type { WhatsAppWebChannel } from '../channels/whatsapp-web/whatsAppWebChannel';
import { RetentionService } from '../services/retention';
import { AccountService } from '../services/accounts';
import { LoginThrottle } from '../services/loginThrottle';
import { createMainDialog } from '../dialogs/goalDialogs';
import { TURN_SERVICES, type TurnServices } from '../dialogs/turnServices';
import { createModels, ensureIndexes, isDatabaseUnavailable, type Models } from '../models';
import { OWN_CHANNEL_IDS, TRAINING_CHANNEL_ID } from '../models/domain';
import { loadCountryProfile, unverifiedFacts, type CountryProfile } from '../services/countryProfile';
import { translationStatuses } from '../services/translationStatus';
import { FieldCipher, KeyedHasher, parseRetiredKeys } from '../services/crypto';
import { TurnLeases } from '../services/turnLease';
import { TurnSpool } from '../services/spool';
import { policeNumber } from '../dialogs/messages';
import { ErasureService } from '../services/erasure';
import { HandoffService } from '../services/handoff';
import { LiveBus } from '../services/liveBus';
import { StatisticsService } from '../services/statistics';
import { CaseService } from '../services/cases';
import { CaseAccess } from '../services/caseAccess';
import { CaseList } from '../services/caseList';
import { CaseWork } from '../services/caseWork';
import { TranscriptService } from '../services/transcripts';
import type { Config } from './config';
import { createChannels, DEDUPE_HOURS } from './channels';
import { registerRoutes } from './routes';
import { BOT_FRAMEWORK_CHANNEL_IDS, countSendFailures, handoffQueueCounter, timedTurn } from './metrics';
import { HotlineMetrics } from '../kernel/metrics';
import { HotlineBot } from '../bot/hotlineBot';
import { availableLanguages, createI18n, LOCALES_DIR } from '../kernel/i18n';
import { describeError, type Logger } from '../kernel/logger';
import { MongoStorage } from '../bot/mongoStorage';
import { createServer, isLoopbackUrl, serviceHostAllowed } from './server';
import { createHotlineState } from '../bot/state';
import { CommandMatcher } from '../kernel/text/commands';
import { FreeTextUnderstanding } from '../bot/understanding/freeText';
import { trainedClassifier } from '../bot/understanding/training';
import { LanguageIdentifier } from '../kernel/text/language';

/** The keys the hotline needs; see {@link Config} for where they come from. */
export interface HotlineKeys {
  encryptionKey: Buffer;
  hashKey: Buffer;
  directLineSecret: string;
}

export interface Hotline {
  server: ReturnType<typeof createServer>;
  adapter: CloudAdapter;
  bot: HotlineBot;
  models: Models;
  profile: CountryProfile;
  cipher: FieldCipher;
  hasher: KeyedHasher;
  cases: CaseService;
  /** The console's case operations and list, through the one access rule set. */
  caseWork: CaseWork;
  caseList: CaseList;
  handoff: HandoffService;
  transcripts: TranscriptService;
  storage: MongoStorage;
  directLine: DirectLineAdapter;
  accounts: AccountService;
  /** The configured channels, in route order. */
  channels: readonly HotlineChannel[];
  /** Runs `logic` in the worker's conversation on the worker's own channel (Bot Framework channels through {@link adapter}). */
  reachWorker(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void>;
  retention: RetentionService;
  /** Live console events, shared by every process. */
  bus: LiveBus;
  /** What `/metrics` serves; an inbox plugs its backlog in with `registerInboxBacklog`. */
  metrics: HotlineMetrics;
  /** Set when WHATSAPP_MODE=cloud. */
  whatsAppCloud?: WhatsAppCloudChannel;
  /** Set when WHATSAPP_MODE=web. */
  whatsAppWeb?: WhatsAppWebChannel;
  /**
   * Listens, then starts the channels that take messages on their own
   * (WhatsApp Web); with `purgeEveryMs`, runs the retention purge now and then
   * at that interval. Resolves with the address it listens on.
   */
  start(options: { port: number; host: string; purgeEveryMs?: number }): Promise<AddressInfo>;
  /**
   * The one shutdown: stops the purge, stops taking requests and lets those in
   * flight finish, stops the channels (their turns and replies under way end),
   * the live bus, and closes the database connection it was given.
   */
  stop(): Promise<void>;
}

/** How often a process looks for spooled messages to run, while the database is up. */
const SPOOL_DRAIN_EVERY_MS = 1_000;

/** Builds every part of the hotline on an open connection; nothing listens or starts until `start()`. */
export async function createHotline(config: Config, keys: HotlineKeys, connection: Connection, logger: Logger): Promise<Hotline> {
  const profile = loadCountryProfile(config.COUNTRY_PROFILE);
  const models = createModels(connection);
  await ensureIndexes(models);

  const cipher = new FieldCipher(config.ENCRYPTION_KEY_ID, keys.encryptionKey, parseRetiredKeys(config.ENCRYPTION_OLD_KEYS));
  const hasher = new KeyedHasher(keys.hashKey);
  const storage = new MongoStorage(models.botState, cipher, hasher);
  const state = createHotlineState(storage);
  const spool = new TurnSpool(config.SPOOL_DIR ?? join(config.DATA_DIR, 'spool'), cipher);
  const i18n = createI18n();
  const localized = new Set(availableLanguages());
  const languages = profile.languages.filter((code) => localized.has(code));
  if (!languages.includes(profile.defaultLanguage)) throw new Error(`createHotline(): no locale for the profile's default language "${profile.defaultLanguage}"`);
  // Workers never read a doubt about a number; the deployer is told, once, at a production start.
  const unverified = unverifiedFacts(profile);
  if (config.NODE_ENV === 'production' && unverified.length > 0) {
    logger.warn('profile.unverified', {
      profile: profile.id,
      count: unverified.length,
      facts: unverified.map((fact) => `${fact.kind}:${fact.id}`).join(','),
      note: 'confirm these with a local expert, then set verify: false (admins see what to check in the console, under Review)',
    });
  }

  const metrics = new HotlineMetrics({ channels: [...OWN_CHANNEL_IDS, ...BOT_FRAMEWORK_CHANNEL_IDS], processMetrics: !!config.METRICS_TOKEN });
  metrics.countHandoffQueue(handoffQueueCounter(models.handoffs));
  const cases = new CaseService(models.cases, models.counters, cipher, hasher, profile);
  const bus = new LiveBus({ model: models.liveEvents, counters: models.counters, cipher, onError: (error) => logger.warn('live.failed', describeError(error)) });
  await bus.start();
  const handoff = new HandoffService(models.handoffs, cipher, { from: config.STAFFED_FROM, until: config.STAFFED_UNTIL, timezone: profile.timezone, days: config.STAFFED_DAYS }, bus);
  const transcripts = new TranscriptService(models.transcripts, cipher);
  const caseAccess = new CaseAccess(models.cases, models.handoffs);
  const caseList = new CaseList(models.cases, caseAccess, hasher, profile.timezone);
  await caseList.backfill();
  const accounts = new AccountService({ users: models.consoleUsers, sessions: models.consoleSessions, policy: { absoluteHours: config.CONSOLE_SESSION_HOURS, idleMinutes: config.CONSOLE_IDLE_MINUTES }, throttle: new LoginThrottle(models.loginAttempts), cipher, totp: config.CONSOLE_TOTP ?? (config.NODE_ENV === 'production' ? 'required' : 'optional') });

  // The channels come before the bot: "delete my data" (a dialog's) erases what each of them keeps.
  const channels = await createChannels({ config, directLineSecret: keys.directLineSecret, connection, models, profile, languages, i18n, cipher, hasher, logger, cases, handoff, transcripts, bus, metrics });
  const caseWork = new CaseWork({ cases, model: models.cases, access: caseAccess, isAccount: (id) => accounts.isEnabled(id) });
  const erasure = new ErasureService(
    models,
    state.storage,
    channels.all.flatMap((channel) => (channel.eraseUser ? [(userHash: string) => channel.eraseUser!(userHash)] : [])),
    undefined,
    (ids) => bus.eraseHandoffs(ids),
  );
  // Expired console sessions go with the same hourly purge as the channels' records.
  const retention = new RetentionService(models, { retentionDays: config.RETENTION_DAYS, dedupeHours: DEDUPE_HOURS }, [
    ...channels.all.flatMap((channel) => (channel.purge ? [(before: Date) => channel.purge!(before)] : [])),
    () => accounts.purgeExpired(),
  ]);
  const stateKeys = (context: TurnContext): string[] =>
    [state.conversationState.getStorageKey(context), state.userState.getStorageKey(context)].filter((key): key is string => !!key);

  const intents = trainedClassifier(undefined, profile.namespace, { onCacheError: (error) => logger.warn('understanding.cacheNotWritten', describeError(error)) });
  logger.info('understanding.ready', { languages: intents.classifier.languages.join(','), source: intents.source, milliseconds: Math.round(intents.milliseconds) });
  const understanding = new FreeTextUnderstanding(intents.classifier, { rightsTopics: profile.rights.map((article) => article.id), profileNamespace: profile.namespace });
  const mainDialog = createMainDialog({ profile, languages, cases, handoff, erasure, workerProfile: state.profile, stateKeys, understanding });
  const bot = new HotlineBot({
    state,
    mainDialog,
    i18n,
    commands: new CommandMatcher(i18n),
    hasher,
    transcripts,
    leases: new TurnLeases(models.processedActivities, { hasher, logger }),
    languages,
    languageIdentifier: new LanguageIdentifier({ offered: languages, localesDirectory: LOCALES_DIR }),
    defaultLanguage: profile.defaultLanguage,
    maxMessageChars: config.MAX_MESSAGE_CHARS,
    logger,
    handoff,
    bus,
    spool,
    databaseDown: () => connection.readyState !== ConnectionStates.connected,
    emergencyNumber: policeNumber(profile),
  });
  const channelBot: ChannelBot = {
    run: timedTurn(metrics, logger, (context) => bot.run(context)),
    languageOf: async (context) => (await bot.turnServicesFor(context)).language,
  };

  // The Bot Framework channels (Emulator, Azure Bot Service) come in through CloudAdapter on /api/messages.
  const adapter = new CloudAdapter(
    new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: config.MicrosoftAppId,
      MicrosoftAppPassword: config.MicrosoftAppPassword,
      MicrosoftAppType: config.MicrosoftAppType,
      MicrosoftAppTenantId: config.MicrosoftAppTenantId,
    }),
  );
  // One handler for every turn error on every channel: log ids only, apologise in the worker's language, keep their data.
  const onTurnError = async (context: TurnContext, error: Error): Promise<void> => {
    logger.error('turn.error', { channel: context.activity.channelId, ...describeError(error) });
    const services = context.turnState.get(TURN_SERVICES) as TurnServices | undefined;
    const t = services?.t ?? i18n.getFixedT(profile.defaultLanguage);
    try {
      await context.sendActivity(t('common:error'));
    } catch (sendError) {
      logger.error('turn.error.apologyFailed', describeError(sendError));
    }
  };
  adapter.onTurnError = onTurnError;
  for (const channel of channels.all) channel.adapter.onTurnError = onTurnError;
  for (const each of [adapter, ...channels.all.map((channel) => channel.adapter)]) countSendFailures(each, metrics);

  // Proactive turns (a case worker's reply, the hand-back) go out on the worker's own channel, else through Bot Framework.
  const reachWorker = async (reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> => {
    const own = channelFor(channels.all, reference);
    if (own) return own.adapter.continueConversation(reference, logic);
    await adapter.continueConversationAsync(config.MicrosoftAppId ?? '', reference as ConversationReference, logic);
  };

  const server = createServer({ logger, maxBodyBytes: config.MAX_BODY_BYTES, rawBodyPaths: [WHATSAPP_WEBHOOK_PATH] });
  registerRoutes(server, {
    botFramework: {
      adapter,
      botFrameworkEndpoint: config.BOTFRAMEWORK_ENDPOINT === 'on',
      ownChannelIds: OWN_CHANNEL_IDS,
      serviceUrlAllowed: config.MicrosoftAppId ? serviceHostAllowed(config.BOTFRAMEWORK_SERVICE_HOSTS) : isLoopbackUrl,
    },
    bot: channelBot,
    connection,
    spooled: () => spool.size(),
    channels: channels.all,
    logger,
    metrics: { metrics, token: config.METRICS_TOKEN },
    console: {
      accounts,
      handoff,
      cases,
      caseWork,
      caseList,
      caseLanguages: languages,
      caseChannels: [...channels.all.map((channel) => channel.id).filter((id) => id !== TRAINING_CHANNEL_ID), ...(config.BOTFRAMEWORK_ENDPOINT === 'on' ? ['emulator'] : [])],
      statistics: new StatisticsService(models.cases),
      agencyIds: profile.agencies.map((agency) => agency.id),
      profileNamespace: profile.namespace,
      transcripts,
      audit: models.audit,
      bus,
      i18n,
      logger,
      reachWorker,
      handBack: (context) => bot.handBack(context),
      training: channels.training,
      review: () => ({
        profile: { id: profile.id, reviewStatus: profile.reviewStatus, unverified: unverifiedFacts(profile) },
        translations: translationStatuses(LOCALES_DIR, languages),
      }),
      whatsappWindowMs: config.WHATSAPP_MODE === 'cloud' ? (userHash) => channels.whatsAppCloud?.store.windowRemainingMs(userHash) ?? Promise.resolve(0) : undefined,
      secureCookies: (config.PUBLIC_URL ?? '').startsWith('https:'),
      sessionHours: config.CONSOLE_SESSION_HOURS,
      trustProxy: config.TRUST_PROXY === 'on',
      publicUrl: config.PUBLIC_URL,
    },
  });

  let purgeTimer: NodeJS.Timeout | undefined;
  let stopping: Promise<void> | undefined;
  // Every process may run the purge: its deletes are idempotent.
  const purge = (): Promise<void> =>
    retention.purge().then(
      (result) => logger.info('retention.purged', { ...result }),
      (error: unknown) => logger.error('retention.failed', describeError(error)),
    );
  // Messages kept on disk while the database was down run once it is back, oldest first, each in a
  // proactive turn on the worker's channel; a database down again stops the drain, the rest wait.
  let draining: Promise<void> | undefined;
  const drainSpool = (): Promise<void> =>
    (draining ??= spool
      .drain(async (turn) => {
        let down: unknown;
        await reachWorker(TurnContext.getConversationReference(turn.activity), async (context) => {
          try {
            await bot.replay(context, turn);
          } catch (error) {
            if (!isDatabaseUnavailable(error)) throw error;
            down = error;
          }
        });
        if (down) throw down;
      })
      .then(
        (ran) => void (ran > 0 && logger.info('spool.drained', { turns: ran })),
        (error: unknown) => logger.warn('spool.drainStopped', describeError(error)),
      )
      .finally(() => (draining = undefined)));
  const drainTimer = setInterval(() => void (connection.readyState === ConnectionStates.connected && drainSpool()), SPOOL_DRAIN_EVERY_MS);
  drainTimer.unref();

  const start = async ({ port, host, purgeEveryMs }: { port: number; host: string; purgeEveryMs?: number }): Promise<AddressInfo> => {
    if (purgeEveryMs) {
      void purge();
      purgeTimer = setInterval(() => void purge(), purgeEveryMs);
      purgeTimer.unref();
    }
    await new Promise<void>((resolve) => server.listen(port, host, resolve));
    // A channel that takes messages on its own (WhatsApp Web pairs a phone through a browser) never rejects: it logs and retries.
    for (const channel of channels.all) void channel.start?.(channelBot);
    return server.address() as AddressInfo;
  };
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      clearInterval(purgeTimer);
      clearInterval(drainTimer);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await draining;
      for (const channel of [...channels.all].reverse()) await channel.stop?.();
      await bus.stop();
      await connection.close();
    })());

  return {
    server,
    adapter,
    bot,
    models,
    profile,
    cipher,
    hasher,
    cases,
    caseWork,
    caseList,
    handoff,
    transcripts,
    storage,
    directLine: channels.webChat.adapter,
    accounts,
    channels: channels.all,
    reachWorker,
    retention,
    bus,
    metrics,
    whatsAppCloud: channels.whatsAppCloud,
    whatsAppWeb: channels.whatsAppWeb,
    start,
    stop,
  };
}

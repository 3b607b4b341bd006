// Wires one hotline from a configuration and a database connection: the pieces
// the entry point starts and the integration tests drive.
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type BotAdapter, type ConversationReference, type TurnContext } from 'botbuilder';
import type { Connection } from 'mongoose';
import { DirectLineAdapter, WEBCHAT_CHANNEL_ID } from '../channels/webchat/directLineAdapter';
import { whatsAppCloudSettings } from '../channels/whatsapp-cloud/config';
import { createWhatsAppCloud, type WhatsAppCloud } from '../channels/whatsapp-cloud/createWhatsAppCloud';
import { WHATSAPP_SERVICE_URL } from '../channels/whatsapp-cloud/inboundActivity';
import { registerWhatsAppCloud, WHATSAPP_WEBHOOK_PATH, type WhatsAppCloudWebhook } from '../channels/whatsapp-cloud/webhookRoutes';
import { createWhatsAppWebChannel, type WhatsAppWebChannel } from '../channels/whatsapp-web/whatsAppWebChannel';
import { WHATSAPP_WEB_SERVICE_URL } from '../channels/whatsapp-web/inboundMessageMapper';
import { RetentionService, type ChannelPurge } from '../services/retention';
import { registerConsole } from '../console/api/consoleRoutes';
import { TRAINING_CHANNEL_ID, TrainingChannel } from '../console/training/trainingChannel';
import { AccountService } from '../services/accounts';
import { LoginThrottle } from '../services/loginThrottle';
import { registerDirectLine } from '../channels/webchat/directLineRoutes';
import { DirectLineTokens } from '../channels/webchat/tokens';
import { WebChatStore } from '../channels/webchat/webChatStore';
import { registerWidget } from '../channels/webchat/widgetRoutes';
import { createMainDialog } from '../dialogs/goalDialogs';
import { TURN_SERVICES, type TurnServices } from '../dialogs/turnServices';
import { createModels, ensureIndexes, type Models } from '../models';
import { OWN_CHANNEL_IDS } from '../models/domain';
import { loadCountryProfile, unverifiedFacts, type CountryProfile } from '../services/countryProfile';
import { translationStatuses } from '../services/translationStatus';
import { FieldCipher, KeyedHasher, parseRetiredKeys } from '../services/crypto';
import { ErasureService, type ChannelEraser } from '../services/erasure';
import { HandoffService } from '../services/handoff';
import { LiveBus } from '../services/liveBus';
import { StatisticsService } from '../services/statistics';
import { ReferralService } from '../services/referrals';
import { TranscriptService } from '../services/transcripts';
import type { Config } from './config';
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
  referrals: ReferralService;
  handoff: HandoffService;
  transcripts: TranscriptService;
  storage: MongoStorage;
  directLine: DirectLineAdapter;
  accounts: AccountService;
  /** Channel id → the adapter that can reach a worker on it proactively (channels add themselves). */
  channelAdapters: Map<string, BotAdapter>;
  reachWorker(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void>;
  retention: RetentionService;
  /** Live console events, shared by every process; stop() it on shutdown. */
  bus: LiveBus;
  /** Set when WHATSAPP_MODE=cloud. */
  whatsAppCloud?: WhatsAppCloudChannel;
  /** Set when WHATSAPP_MODE=web; start() it after the server listens. */
  whatsAppWeb?: WhatsAppWebChannel;
}

/** The WhatsApp Cloud channel and its webhook. */
export type WhatsAppCloudChannel = WhatsAppCloud & { webhook: WhatsAppCloudWebhook };

/** Hours a redelivered message id is remembered. */
const DEDUPE_HOURS = 48;

/** Builds every part of the hotline on an open connection. */
export async function createHotline(config: Config, keys: HotlineKeys, connection: Connection, logger: Logger): Promise<Hotline> {
  const profile = loadCountryProfile(config.COUNTRY_PROFILE);
  const models = createModels(connection);
  await ensureIndexes(models);

  const cipher = new FieldCipher(config.ENCRYPTION_KEY_ID, keys.encryptionKey, parseRetiredKeys(config.ENCRYPTION_OLD_KEYS));
  const hasher = new KeyedHasher(keys.hashKey);
  const storage = new MongoStorage(models.botState, cipher, hasher);
  const state = createHotlineState(storage);
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

  const referrals = new ReferralService(models.referrals, models.counters, cipher, profile);
  const bus = new LiveBus({ model: models.liveEvents, cipher, onError: (error) => logger.warn('live.failed', describeError(error)) });
  await bus.start();
  const handoff = new HandoffService(models.escalations, cipher, { from: config.STAFFED_FROM, until: config.STAFFED_UNTIL, timezone: profile.timezone, days: config.STAFFED_DAYS }, models.escalationClaims, bus);
  const transcripts = new TranscriptService(models.transcripts, cipher);
  const webChatStore = new WebChatStore(models.webChatConversations, models.webChatActivities, cipher, hasher);
  // Channels add what they keep of a worker (history, media) to erasure and retention as they are built.
  const channelErasers: ChannelEraser[] = [(userHash) => webChatStore.eraseUser(userHash)];
  const channelPurges: ChannelPurge[] = [];
  const erasure = new ErasureService(models, storage, channelErasers, undefined, (ids) => bus.eraseEscalations(ids));
  const stateKeys = (context: TurnContext): string[] =>
    [state.conversationState.getStorageKey(context), state.userState.getStorageKey(context)].filter((key): key is string => !!key);

  const intents = trainedClassifier(undefined, profile.namespace);
  logger.info('understanding.trained', { languages: intents.classifier.languages.join(','), milliseconds: Math.round(intents.milliseconds) });
  const understanding = new FreeTextUnderstanding(intents.classifier, { rightsTopics: profile.rights.map((article) => article.id), profileNamespace: profile.namespace });
  const mainDialog = createMainDialog({ profile, languages, referrals, handoff, erasure, workerProfile: state.profile, stateKeys, understanding });
  const bot = new HotlineBot({
    state,
    mainDialog,
    i18n,
    commands: new CommandMatcher(i18n),
    hasher,
    transcripts,
    processed: models.processedActivities,
    languages,
    languageIdentifier: new LanguageIdentifier({ offered: languages, localesDirectory: LOCALES_DIR }),
    defaultLanguage: profile.defaultLanguage,
    maxMessageChars: config.MAX_MESSAGE_CHARS,
    logger,
    handoff,
    bus,
  });

  const adapter = new CloudAdapter(
    new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: config.MicrosoftAppId,
      MicrosoftAppPassword: config.MicrosoftAppPassword,
      MicrosoftAppType: config.MicrosoftAppType,
      MicrosoftAppTenantId: config.MicrosoftAppTenantId,
    }),
  );
  const directLine = new DirectLineAdapter(webChatStore, 'urn:hotline:webchat');
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
  directLine.onTurnError = onTurnError;

  const authenticated = !!config.MicrosoftAppId;
  const server = createServer({
    adapter,
    bot,
    connection,
    logger,
    maxBodyBytes: config.MAX_BODY_BYTES,
    rawBodyPaths: [WHATSAPP_WEBHOOK_PATH],
    botFrameworkEndpoint: config.BOTFRAMEWORK_ENDPOINT === 'on',
    ownChannelIds: OWN_CHANNEL_IDS,
    serviceUrlAllowed: authenticated ? serviceHostAllowed(config.BOTFRAMEWORK_SERVICE_HOSTS) : isLoopbackUrl,
  });
  registerDirectLine(server, {
    adapter: directLine,
    tokens: new DirectLineTokens(keys.directLineSecret, config.DIRECTLINE_TOKEN_TTL_SECONDS),
    logic: (context) => bot.run(context),
    logger,
    publicUrl: config.PUBLIC_URL,
    trustProxy: config.TRUST_PROXY === 'on',
    widgetTokensPerMinute: config.WEBCHAT_TOKENS_PER_MINUTE,
  });
  registerWidget(server, { i18n, profile, languages, quickExitUrl: config.QUICK_EXIT_URL, publicUrl: config.PUBLIC_URL });

  // Proactive turns (a case worker's reply, the hand-back) go out on the worker's own channel:
  // found by the reference's serviceUrl (two WhatsApp channels share the channel id), else its channel id.
  const channelAdapters = new Map<string, BotAdapter>([
    [WEBCHAT_CHANNEL_ID, directLine],
    ['urn:hotline:webchat', directLine],
  ]);
  const reachWorker = async (reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> => {
    const own = channelAdapters.get(reference.serviceUrl ?? '') ?? channelAdapters.get(reference.channelId ?? '');
    if (own) return own.continueConversation(reference, logic);
    await adapter.continueConversationAsync(config.MicrosoftAppId ?? '', reference as ConversationReference, logic);
  };

  // WhatsApp: one of the two channels, by WHATSAPP_MODE.
  let whatsAppCloud: WhatsAppCloudChannel | undefined;
  let whatsAppWeb: WhatsAppWebChannel | undefined;
  const cloudSettings = config.WHATSAPP_MODE === 'cloud' ? whatsAppCloudSettings(config) : undefined;
  if (cloudSettings) {
    const cloud = await createWhatsAppCloud({ settings: cloudSettings, connection, hasher, i18n, logger });
    cloud.adapter.onTurnError = onTurnError;
    const webhook = registerWhatsAppCloud(server, {
      adapter: cloud.adapter,
      logic: (context) => bot.run(context),
      settings: cloudSettings,
      i18n,
      languageOf: async (context) => (await bot.turnServicesFor(context)).language,
      defaultLanguage: profile.defaultLanguage,
      logger,
    });
    channelAdapters.set(WHATSAPP_SERVICE_URL, cloud.adapter);
    channelErasers.push((userHash) => cloud.store.eraseUser(userHash));
    channelPurges.push(async (before) => cloud.store.purge(before));
    whatsAppCloud = { ...cloud, webhook };
  }
  if (config.WHATSAPP_MODE === 'web') {
    const web = await createWhatsAppWebChannel(config, { connection, cipher, hasher, logger, logic: (context) => bot.run(context) });
    web.adapter.onTurnError = onTurnError;
    channelAdapters.set(WHATSAPP_WEB_SERVICE_URL, web.adapter);
    channelErasers.push((userHash) => web.media.eraseUser(userHash));
    channelPurges.push(async (before) => {
      await web.processed.purgeBefore(new Date(Date.now() - DEDUPE_HOURS * 3_600_000));
      await web.media.purgeBefore(before);
    });
    whatsAppWeb = web;
  }
  // Expired console sessions go with the same hourly purge.
  channelPurges.push(() => accounts.purgeExpired());
  const retention = new RetentionService(models, { retentionDays: config.RETENTION_DAYS, dedupeHours: DEDUPE_HOURS }, channelPurges);
  const training = new TrainingChannel({ escalations: models.escalations, referralModel: models.referrals, referrals, transcripts, cipher, bus });
  channelAdapters.set(TRAINING_CHANNEL_ID, training);
  const accounts = new AccountService({ users: models.consoleUsers, sessions: models.consoleSessions, policy: { absoluteHours: config.CONSOLE_SESSION_HOURS, idleMinutes: config.CONSOLE_IDLE_MINUTES }, throttle: new LoginThrottle(models.loginAttempts), cipher, totp: config.CONSOLE_TOTP ?? (config.NODE_ENV === 'production' ? 'required' : 'optional') });
  registerConsole(server, {
    accounts,
    handoff,
    referrals,
    statistics: new StatisticsService(models.referrals),
    agencyIds: profile.agencies.map((agency) => agency.id),
    profileNamespace: profile.namespace,
    transcripts,
    audit: models.audit,
    bus,
    i18n,
    logger,
    reachWorker,
    handBack: (context) => bot.handBack(context),
    training,
    review: () => ({
      profile: { id: profile.id, reviewStatus: profile.reviewStatus, unverified: unverifiedFacts(profile) },
      translations: translationStatuses(LOCALES_DIR, languages),
    }),
    whatsappWindowMs: config.WHATSAPP_MODE === 'cloud' ? (userHash) => whatsAppCloud?.store.windowRemainingMs(userHash) ?? Promise.resolve(0) : undefined,
    secureCookies: (config.PUBLIC_URL ?? '').startsWith('https:'),
    sessionHours: config.CONSOLE_SESSION_HOURS,
    trustProxy: config.TRUST_PROXY === 'on',
    publicUrl: config.PUBLIC_URL,
  });
  return {
    server,
    adapter,
    bot,
    models,
    profile,
    cipher,
    hasher,
    referrals,
    handoff,
    transcripts,
    storage,
    directLine,
    accounts,
    channelAdapters,
    reachWorker,
    retention,
    bus,
    whatsAppCloud,
    whatsAppWeb,
  };
}

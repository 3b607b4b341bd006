// The channels this configuration runs, built in one place and in route order:
// web chat always, one WhatsApp channel by WHATSAPP_MODE, and the practice
// channel of the console. The composition root loops over the list for routes,
// proactive turns, erasure, purge, start and stop.
import type { i18n as I18n } from 'i18next';
import type { Connection } from 'mongoose';
import type { HotlineChannel } from '../channels/hotlineChannel';
import { createTrainingChannel, type TrainingChannel } from '../channels/training/trainingChannel';
import { DirectLineTokens } from '../channels/webchat/tokens';
import { createWebChatChannel, type WebChatChannel } from '../channels/webchat/webChatChannel';
import { WebChatStore } from '../channels/webchat/webChatStore';
import { whatsAppCloudSettings } from '../channels/whatsapp-cloud/config';
import { createWhatsAppCloudChannel, type WhatsAppCloudChannel } from '../channels/whatsapp-cloud/createWhatsAppCloud';
import { createWhatsAppWebChannel, type WhatsAppWebChannel } from '../channels/whatsapp-web/whatsAppWebChannel';
import type { Logger } from '../kernel/logger';
import type { HotlineMetrics } from '../kernel/metrics';
import type { Models } from '../models';
import type { CountryProfile } from '../services/countryProfile';
import type { FieldCipher, KeyedHasher } from '../services/crypto';
import type { HandoffService } from '../services/handoff';
import type { LiveBus } from '../services/liveBus';
import type { CaseService } from '../services/cases';
import type { TranscriptService } from '../services/transcripts';
import type { Config } from './config';

/** Hours a redelivered message id is remembered (the bot's dedupe and the WhatsApp inboxes'). */
export const DEDUPE_HOURS = 48;

export interface ChannelDependencies {
  config: Config;
  directLineSecret: string;
  connection: Connection;
  models: Models;
  profile: CountryProfile;
  languages: readonly string[];
  i18n: I18n;
  cipher: FieldCipher;
  hasher: KeyedHasher;
  logger: Logger;
  cases: CaseService;
  handoff: HandoffService;
  transcripts: TranscriptService;
  bus: LiveBus;
  /** For a channel's own counts (an inbox's backlog: `metrics.registerInboxBacklog`, an outbox's failed sends: `metrics.outboundFailed`). */
  metrics: HotlineMetrics;
}

/** The configured channels, in the order their routes are mounted, with the ones the rest of the hotline names. */
export interface Channels {
  all: readonly HotlineChannel[];
  webChat: WebChatChannel;
  training: TrainingChannel;
  /** Set when WHATSAPP_MODE=cloud. */
  whatsAppCloud?: WhatsAppCloudChannel;
  /** Set when WHATSAPP_MODE=web. */
  whatsAppWeb?: WhatsAppWebChannel;
}

export async function createChannels(deps: ChannelDependencies): Promise<Channels> {
  const { config, connection, profile, i18n, cipher, hasher, logger } = deps;
  const webChat = createWebChatChannel({
    store: new WebChatStore(deps.models.webChatConversations, deps.models.webChatActivities, cipher, hasher),
    tokens: new DirectLineTokens(deps.directLineSecret, config.DIRECTLINE_TOKEN_TTL_SECONDS),
    logger,
    publicUrl: config.PUBLIC_URL,
    trustProxy: config.TRUST_PROXY === 'on',
    widgetTokensPerMinute: config.WEBCHAT_TOKENS_PER_MINUTE,
    i18n,
    profile,
    languages: deps.languages,
    quickExitUrl: config.QUICK_EXIT_URL,
  });
  // A reply the outbox gave up on counts as a failed send; what waits in an inbox is its backlog.
  const onPermanentFailure = (report: { queue: 'inbox' | 'outbox' }) => void (report.queue === 'outbox' && deps.metrics.outboundFailed('whatsapp'));
  const cloudSettings = config.WHATSAPP_MODE === 'cloud' ? whatsAppCloudSettings(config) : undefined;
  const whatsAppCloud = cloudSettings
    ? await createWhatsAppCloudChannel({ settings: cloudSettings, connection, cipher, hasher, i18n, logger, defaultLanguage: profile.defaultLanguage, dedupeHours: DEDUPE_HOURS, onPermanentFailure })
    : undefined;
  const whatsAppWeb = config.WHATSAPP_MODE === 'web' ? await createWhatsAppWebChannel(config, { connection, cipher, hasher, logger, dedupeHours: DEDUPE_HOURS, onPermanentFailure }) : undefined;
  if (whatsAppCloud) deps.metrics.registerInboxBacklog('whatsapp-cloud', () => whatsAppCloud.inbox.backlog());
  if (whatsAppWeb) deps.metrics.registerInboxBacklog('whatsapp-web', () => whatsAppWeb.inbox.backlog());
  const training = createTrainingChannel({ cases: deps.cases, handoff: deps.handoff, transcripts: deps.transcripts, bus: deps.bus });
  const all = [webChat, whatsAppCloud, whatsAppWeb, training].filter((channel): channel is NonNullable<typeof channel> => channel !== undefined);
  return { all, webChat, training: training.adapter, whatsAppCloud, whatsAppWeb };
}

// The one contract every channel of the hotline implements: what the
// composition root needs to mount, reach, erase, purge, start and stop it,
// whatever the channel is. The bot never sees it; it sees only the adapter.
import type { BotAdapter, ConversationReference, TurnContext } from 'botbuilder';
import type { Server } from 'restify';
import type { TurnLogic } from './shared/channelAdapter';

export type { TurnLogic };

/** What a channel asks of the bot, given once the bot exists (it is built after the channels, which erasure needs). */
export interface ChannelBot {
  /** The bot's turn for a message a worker sent. */
  run: TurnLogic;
  /** The worker's language as the bot knows it, for the few words a channel says itself. */
  languageOf(context: TurnContext): Promise<string | undefined>;
}

export interface HotlineChannel {
  /** The channel id its activities carry (`webchat`, `whatsapp`, `training`). */
  readonly id: string;
  /** The serviceUrl of its conversation references: how a stored reference finds its channel (two WhatsApp channels share one id). */
  readonly serviceUrl: string;
  /** The BotAdapter its turns run on, proactive ones included. */
  readonly adapter: BotAdapter;
  /** Mounts its HTTP routes, which hand each message a worker sends to `bot`. */
  routes?(server: Server, bot: ChannelBot): void;
  /** Deletes what it keeps of a worker ("delete my data"); returns how many items went. */
  eraseUser?(userHash: string): Promise<number>;
  /** Deletes what is older than `before` (the retention cutoff) or past its own shorter window. */
  purge?(before: Date): Promise<unknown>;
  /** Starts taking messages (after the server listens), handing each to `bot`. Never rejects. */
  start?(bot: ChannelBot): Promise<void>;
  /** Stops taking messages and lets the turns and replies under way finish. */
  stop?(): Promise<void>;
}

/** The channel that can resume `reference`'s conversation: by its serviceUrl, else by its channel id. */
export function channelFor(channels: readonly HotlineChannel[], reference: Partial<ConversationReference>): HotlineChannel | undefined {
  return channels.find((channel) => channel.serviceUrl === reference.serviceUrl) ?? channels.find((channel) => channel.id === reference.channelId);
}

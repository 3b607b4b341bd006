// The bot: one turn = dedupe, language, size check, safety interrupt, global
// commands, then the dialogs; state is saved once, at the end of the turn, and
// with it the mark that this activity was processed (effectively once).
import { ActivityHandler, ActivityTypes, TurnContext, type Activity, type ResourceResponse } from 'botbuilder';
import { DialogSet, DialogTurnStatus, type DialogContext, type DialogInstance } from 'botbuilder-dialogs';
import type { i18n as I18n } from 'i18next';
import { DELETE_DATA_DIALOG, MAIN_DIALOG } from '../dialogs/goals';
import type { MainDialog, MainDialogOptions } from '../dialogs/mainDialog';
import { TURN_SERVICES, type TurnServices } from '../dialogs/turnServices';
import type { KeyedHasher } from '../services/crypto';
import type { HandoffService } from '../services/handoff';
import type { LiveBus } from '../services/liveBus';
import type { TranscriptService } from '../services/transcripts';
import type { TurnLeases } from '../services/turnLease';
import type { SpooledTurn, TurnSpool } from '../services/spool';
import { isDatabaseUnavailable } from '../models/databaseErrors';
import { describeError, type Logger } from '../kernel/logger';
import { TURN_OUTCOME } from '../kernel/metrics';
import type { HotlineState, PendingLine } from './state';
import { shapeReply } from './replies';
import type { CommandMatcher } from '../kernel/text/commands';
import { detectDanger } from '../kernel/text/danger';
import { firstLanguage, type LanguageIdentifier } from '../kernel/text/language';

export interface HotlineBotOptions {
  state: HotlineState;
  mainDialog: MainDialog;
  i18n: I18n;
  commands: CommandMatcher;
  hasher: KeyedHasher;
  transcripts: TranscriptService;
  /** "This activity's turn is running": one run at a time per inbound activity. */
  leases: TurnLeases;
  /** Languages the worker may use (profile ∩ locales), default first. */
  languages: readonly string[];
  /** Tells the language of a worker's first message among `languages`. */
  languageIdentifier: LanguageIdentifier;
  defaultLanguage: string;
  maxMessageChars: number;
  logger: Logger;
  handoff: HandoffService;
  bus: LiveBus;
  /** Where a message goes while the database is down (services/spool.ts); without it, that is a turn error. */
  spool?: TurnSpool;
  /** Whether the database is known to be down now (no need to wait for a query to time out). */
  databaseDown?: () => boolean;
  /** The police's emergency number, told to a worker whose message had to wait. */
  emergencyNumber: string;
}

/** How many inbound activity ids a conversation remembers as processed (clients resend only recent ones). */
export const PROCESSED_ACTIVITIES_KEPT = 50;
/** Pending transcript lines that are written out even with no case or handoff yet (about ten turns). */
export const TRANSCRIPT_BATCH_LINES = 20;

/** Ids of every active dialog, outermost first, looking inside component dialogs' own stacks. */
function activeDialogIds(stack: readonly DialogInstance[]): string[] {
  return stack.flatMap((instance) => {
    const inner = (instance.state as { dialogs?: { dialogStack?: DialogInstance[] } } | undefined)?.dialogs?.dialogStack;
    return [instance.id, ...(Array.isArray(inner) ? activeDialogIds(inner) : [])];
  });
}

export class HotlineBot extends ActivityHandler {
  private readonly dialogs: DialogSet;

  constructor(private readonly options: HotlineBotOptions) {
    super();
    this.dialogs = new DialogSet(options.state.dialogState).add(options.mainDialog);
    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
    this.onEvent(async (context, next) => {
      if (context.activity.name === 'setLanguage') await this.setLanguage(context);
      await next();
    });
  }

  /**
   * Effectively once: a message with an id runs under its lease (services/turnLease.ts),
   * so deliveries at the same instant run one turn; the fresh conversation state then
   * says whether a run already finished (skip) or not (run, even if one began before a
   * crash). The id joins the state's last processed ids, saved with the turn's
   * effects and their eTag: the state write is the commit. The user state is written
   * first so that a committed turn is a whole one; every other effect of a turn
   * carries an idempotency key (`TurnServices.effectKey`), so a re-run repeats none.
   */
  override async run(context: TurnContext): Promise<void> {
    const { spool, databaseDown } = this.options;
    const keepable = spool !== undefined && context.activity.type === ActivityTypes.Message;
    if (keepable && databaseDown?.()) return this.keepForLater(context, spool);
    try {
      // Both states in one read (bot/state.ts); each is written once, at the end, if it changed.
      await this.options.state.withStates(context, () => this.runOnce(context));
    } catch (error) {
      if (!keepable || !isDatabaseUnavailable(error)) throw error;
      await this.keepForLater(context, spool);
    }
  }

  /**
   * The database is down: the message goes to the spool on disk, to be run when it is back
   * (`replay`), and the worker is told, in their language as far as it can be told without
   * their stored choice, that the answer will come, and the emergency number.
   */
  private async keepForLater(context: TurnContext, spool: TurnSpool): Promise<void> {
    await spool.put(context.activity);
    this.options.logger.warn('turn.spooled', { channel: context.activity.channelId });
    const language = await this.languageWithoutState(context);
    const t = this.options.i18n.getFixedT(language);
    const reply: Partial<Activity> = { type: ActivityTypes.Message, text: `${t('common:unavailable')}\n\n${t('handoff:emergency', { police: this.options.emergencyNumber })}` };
    shapeReply(reply, language, [], false);
    await context.sendActivity(reply);
  }

  /** The client's language if we offer it, else the one the message is written in, else the default. */
  private async languageWithoutState(context: TurnContext): Promise<string> {
    const { languages, languageIdentifier, defaultLanguage } = this.options;
    const locale = context.activity.locale?.split('-')[0]?.toLowerCase();
    if (locale && languages.includes(locale)) return locale;
    const text = context.activity.text ?? '';
    return firstLanguage(await languageIdentifier.identify(text), text, undefined).language ?? defaultLanguage;
  }

  /**
   * Runs a spooled turn now that the database is back, in a proactive turn on the worker's
   * channel (`context`): its replies go out there. A database still down throws, so the turn
   * stays in the spool; any other error is the turn's own, as it would have been then.
   */
  async replay(context: TurnContext, turn: SpooledTurn): Promise<void> {
    const activity = { ...turn.activity, deliveryMode: undefined } as Activity;
    const replayed = new TurnContext(context.adapter, activity);
    for (const [key, value] of context.turnState) replayed.turnState.set(key, value);
    // A reply that cannot reach the worker now must not undo what they reported: it is logged, the turn goes on.
    replayed.onSendActivities(async (_context, activities, next) => {
      try {
        return (await next()) as ResourceResponse[];
      } catch (error) {
        this.options.logger.warn('spool.replyUndelivered', describeError(error));
        return activities.map(() => ({ id: '' }));
      }
    });
    // Both states in one read, as in `run`; the activity's id keeps it effectively once.
    await this.options.state.withStates(replayed, () => this.runOnce(replayed));
  }

  private async runOnce(context: TurnContext): Promise<void> {
    const activity = context.activity;
    if (activity.type !== ActivityTypes.Message || !activity.id) {
      await this.runTurn(context, undefined);
      return;
    }
    const mark = this.processedMark(context);
    /** The conversation's processed ids, read afresh, and whether this activity's turn is among them. */
    // `fresh`: read the database again (while another delivery runs); else the turn's one read of both states answers.
    const readMarks = async (fresh: boolean): Promise<{ ids: string[]; done: boolean }> => {
      await this.options.state.conversationState.load(context, fresh);
      const ids = (await this.options.state.processedActivities.get(context, [])) ?? [];
      return { ids, done: ids.includes(mark) };
    };
    const leased = await this.options.leases.acquire(['activity', activity.channelId, activity.conversation?.id ?? '', activity.id], async () => (await readMarks(true)).done);
    if (leased.kind === 'done' || leased.kind === 'busy') {
      // Busy: another delivery of it still runs after the whole wait, and that one answers.
      this.options.logger.info('turn.duplicate', { channel: activity.channelId, running: leased.kind === 'busy' });
      context.turnState.set(TURN_OUTCOME, 'duplicate');
      return;
    }
    // Without the database for the lease ('unavailable') the turn still runs: answering twice beats not at all.
    let committed = false;
    try {
      const marks = await readMarks(false);
      if (marks.done) {
        this.options.logger.info('turn.duplicate', { channel: activity.channelId, running: false });
        context.turnState.set(TURN_OUTCOME, 'duplicate');
        committed = true;
        return;
      }
      committed = await this.runTurn(context, [...marks.ids, mark].slice(-PROCESSED_ACTIVITIES_KEPT));
    } finally {
      // Kept when committed (a redelivery then finds the turn done in the state); released otherwise, to run it again.
      if (leased.kind === 'held') await (committed ? leased.lease.keep() : leased.lease.release());
    }
  }

  /** Runs the turn and saves its state with `processed` (the ids to keep); true if that state was written. */
  private async runTurn(context: TurnContext, processed: string[] | undefined): Promise<boolean> {
    await super.run(context);
    const services = context.turnState.get(TURN_SERVICES) as TurnServices | undefined;
    if (services?.erased) return false;
    if (processed) await this.options.state.processedActivities.set(context, processed);
    await this.options.state.userState.saveChanges(context, false);
    await this.options.state.conversationState.saveChanges(context, false);
    return true;
  }

  /** The activity id as the conversation state keeps it: a keyed hash (a WhatsApp id embeds the phone number). */
  private processedMark(context: TurnContext): string {
    const { channelId, conversation, id } = context.activity;
    return this.options.hasher.hash('processed', channelId, conversation?.id ?? '', id ?? '').slice(0, 32);
  }

  /** The services dialogs use this turn; built here so the language is decided once. */
  async turnServicesFor(context: TurnContext): Promise<TurnServices> {
    const { i18n, hasher, state, languages, defaultLanguage } = this.options;
    const activity = context.activity;
    const stored = await state.profile.get(context, {});
    let language = stored.language && languages.includes(stored.language) ? stored.language : undefined;
    let languageGuessed = language !== undefined && !stored.languageConfirmed;
    let languageChoices: string[] = [];
    if (!language) {
      // What they wrote first, weighed against the language their client says it shows; unsure → the menu asks.
      const locale = activity.locale?.split('-')[0]?.toLowerCase();
      const text = activity.text ?? '';
      const first = firstLanguage(await this.options.languageIdentifier.identify(text), text, locale && languages.includes(locale) ? locale : undefined);
      const guess = first.language;
      languageChoices = first.choices;
      if (guess) {
        // Kept until the worker confirms it, so "1" (yes) on the next turn still means this language.
        await state.profile.set(context, { ...stored, language: guess, languageConfirmed: false });
        languageGuessed = true;
      }
      language = guess ?? defaultLanguage;
    }
    const effects = new Set<string>();
    const services: TurnServices = {
      t: i18n.getFixedT(language),
      language,
      languageGuessed,
      languageChoices,
      userHash: hasher.hash(activity.channelId, activity.from?.id ?? ''),
      conversationHash: hasher.hash(activity.channelId, activity.conversation?.id ?? ''),
      command: this.options.commands.match(activity.text),
      erased: false,
      effects,
      effectKey: (effect: string) => {
        effects.add(effect);
        return activity.id ? hasher.hash('effect', activity.channelId, activity.conversation?.id ?? '', activity.id, effect) : undefined;
      },
      setLanguage(next: string) {
        services.language = next;
        services.t = i18n.getFixedT(next);
      },
    };
    return services;
  }

  /** Turn services on the context, and every reply shaped for the worker's language (and kept for the transcript). */
  private async prepareTurn(context: TurnContext): Promise<{ services: TurnServices; said: string[] }> {
    const services = await this.turnServicesFor(context);
    context.turnState.set(TURN_SERVICES, services);
    const said: string[] = [];
    context.onSendActivities(async (_context, activities, next) => {
      // Read when the replies leave: a confirmation earlier in this turn counts.
      const confirmed = (await this.options.state.profile.get(context, {})).languageConfirmed === true;
      for (const activity of activities) shapeReply(activity, services.language, said, confirmed);
      return next() as Promise<ResourceResponse[]>;
    });
    return { services, said };
  }

  /** A client's language switcher (the web chat widget) chose a language. */
  private async setLanguage(context: TurnContext): Promise<void> {
    const chosen = typeof context.activity.value === 'string' ? context.activity.value : '';
    if (!this.options.languages.includes(chosen)) return;
    const { services } = await this.prepareTurn(context);
    const stored = await this.options.state.profile.get(context, {});
    await this.options.state.profile.set(context, { ...stored, language: chosen, languageConfirmed: true });
    services.setLanguage(chosen);
    await context.sendActivity(services.t('languages:changed'));
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const { services, said } = await this.prepareTurn(context);

    const text = context.activity.text ?? '';
    if (text.length > this.options.maxMessageChars) {
      await context.sendActivity(services.t('common:tooLong', { count: text.length, max: this.options.maxMessageChars }));
      return;
    }
    if (text.trim() === '') {
      await context.sendActivity(services.t('common:empty'));
      return;
    }

    try {
      await this.route(context, services, text);
    } finally {
      if (!services.erased) {
        if (services.effects.has('handoff')) await this.options.state.handoffMayBeOpen.set(context, true);
        await this.keepTranscript(context, services, [{ from: 'worker', text }, ...said.map((line) => ({ from: 'bot' as const, text: line }))]);
      }
    }
  }

  /**
   * The turn's lines join the conversation state's pending ones (saved with the turn, so they
   * commit with it); they go to the transcripts collection, under the turn's key (a re-run adds
   * none twice), when a case worker may read them: the turn made a case or queued a handoff, a
   * handoff may be open, or enough have gathered. Most turns so write no transcript of their own.
   */
  private async keepTranscript(context: TurnContext, services: TurnServices, said: Array<{ from: 'worker' | 'bot'; text: string }>): Promise<void> {
    const { state, transcripts } = this.options;
    const first = Date.now();
    const lines: PendingLine[] = [...((await state.pendingTranscript.get(context, [])) ?? []), ...said.map((line, i) => ({ ...line, at: new Date(first + i).toISOString() }))];
    const due = services.effects.has('case') || services.effects.has('handoff') || lines.length >= TRANSCRIPT_BATCH_LINES || (await state.handoffMayBeOpen.get(context, false)) === true;
    if (!due) {
      await state.pendingTranscript.set(context, lines);
      return;
    }
    await transcripts.append(services.userHash, services.conversationHash, lines.map((line) => ({ from: line.from, text: line.text, at: new Date(line.at) })), services.effectKey('transcript'));
    await state.pendingTranscript.delete(context);
  }

  private async route(context: TurnContext, services: TurnServices, text: string): Promise<void> {
    const dc = await this.dialogs.createContext(context);
    const danger = detectDanger(text);
    // With a case worker, the bot stays quiet: the message goes to them. Danger and erasure
    // (the request and its confirmation) still act.
    const live = await this.liveHandoff(context, services.userHash);
    if (live) {
      this.options.bus.publish({ type: 'message', handoffId: live.id, from: 'worker', text, at: new Date().toISOString(), holder: live.claimedBy });
      if (!danger && services.command !== 'delete' && !activeDialogIds(dc.stack).includes(DELETE_DATA_DIALOG)) return;
    }
    if (danger) {
      this.options.logger.warn('turn.safetyInterrupt', { kinds: danger.kinds.join(','), conversation: services.conversationHash.slice(0, 12) });
      await this.restart(dc, { goal: 'safety', danger, text });
      return;
    }
    switch (services.command) {
      case 'menu':
        return this.restart(dc, {});
      case 'human':
        return this.restart(dc, { goal: 'person' });
      case 'language':
        return this.restart(dc, { goal: 'language' });
      case 'delete':
        return this.restart(dc, { goal: 'delete' });
      case 'stop':
        await dc.cancelAllDialogs();
        await context.sendActivity(services.t('common:stopped'));
        return;
      default:
        break;
    }
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) {
      // A first message is understood once the language is settled (what it asked for survives the confirmation).
      await dc.beginDialog(MAIN_DIALOG, { welcome: true, firstMessage: services.command ? undefined : text } satisfies MainDialogOptions);
    }
  }

  /**
   * The handoff a case worker holds for this worker, looked for only while one may be open
   * (the worker was queued and none was found closed since): most turns ask the database nothing.
   */
  private async liveHandoff(context: TurnContext, userHash: string): Promise<{ id: string; claimedBy: string } | undefined> {
    const { state, handoff } = this.options;
    if ((await state.handoffMayBeOpen.get(context, false)) !== true) return undefined;
    const open = await handoff.openFor(userHash);
    if (!open) await state.handoffMayBeOpen.delete(context);
    return open?.status === 'claimed' ? open : undefined;
  }

  /**
   * A case worker closed the conversation: the bot takes the worker back,
   * says so, and shows the menu. Runs in a proactive turn on the worker's channel.
   */
  async handBack(context: TurnContext): Promise<void> {
    const { state } = this.options;
    await state.withStates(context, async () => {
      const { services } = await this.prepareTurn(context);
      const dc = await this.dialogs.createContext(context);
      await context.sendActivity(services.t('handoff:closed'));
      await state.handoffMayBeOpen.delete(context);
      await this.restart(dc, {});
      await state.conversationState.saveChanges(context, false);
      await state.userState.saveChanges(context, false);
    });
  }

  private async restart(dc: DialogContext, options: MainDialogOptions): Promise<void> {
    await dc.cancelAllDialogs();
    await dc.beginDialog(MAIN_DIALOG, options);
  }
}

// The base every channel's BotAdapter extends: turns of one conversation run one
// after another (so state is never written by two at once), and what no channel
// of ours can do (edit or delete a sent message) or does the same way (resume a
// conversation from a stored reference) is written here once.
import { randomUUID } from 'node:crypto';
import { ActivityTypes, BotAdapter, TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import { SerialQueue } from './serialQueue';

/** What a channel runs for a turn: the bot's `(context) => bot.run(context)`, or a proactive step. */
export type TurnLogic = (context: TurnContext) => Promise<void>;

export abstract class ChannelAdapter extends BotAdapter {
  /** Turns queued per conversation id. */
  private readonly turns = new SerialQueue();

  /** @param channelId The channel id of the activities this adapter makes (and of proactive turns without one). */
  protected constructor(readonly channelId: string) {
    super();
  }

  /**
   * Runs `logic` on `activity` after every turn queued before it in the same
   * conversation. `activity` may be work that makes it (a dedupe claim, a media
   * download), done in the queue too; when that gives nothing, there is no turn.
   */
  protected runTurn(conversationId: string, activity: Partial<Activity> | (() => Promise<Partial<Activity> | undefined>), logic: TurnLogic): Promise<void> {
    return this.turns.run(conversationId, async () => {
      const turnActivity = typeof activity === 'function' ? await activity() : activity;
      if (turnActivity) await this.runMiddleware(new TurnContext(this, turnActivity), logic);
    });
  }

  /** Resolves once every turn queued so far (and any queued meanwhile) has ended. */
  turnsIdle(): Promise<void> {
    return this.turns.idle();
  }

  /**
   * The conversation a stored reference resumes; a channel throws here when the
   * reference cannot be one of its conversations.
   */
  protected conversationOf(reference: Partial<ConversationReference>): string {
    return reference.conversation?.id ?? '';
  }

  /** Runs `logic` in the worker's conversation (a case worker's reply, the hand-back), after the conversation's running turn. */
  override async continueConversation(reference: Partial<ConversationReference>, logic: TurnLogic): Promise<void> {
    const conversationId = this.conversationOf(reference);
    const activity = TurnContext.applyConversationReference(
      { type: ActivityTypes.Event, name: 'continueConversation', id: randomUUID() },
      { ...reference, channelId: reference.channelId ?? this.channelId },
      true,
    );
    await this.runTurn(conversationId, activity, logic);
  }

  /**
   * The newer name of {@link continueConversation} (CloudAdapter's): the app id or
   * claims and the audience mean nothing to our own channels, only the reference
   * and the logic (always the last argument) count.
   */
  override continueConversationAsync(botAppIdOrClaims: unknown, reference: Partial<ConversationReference>, logic: TurnLogic): Promise<void>;
  override continueConversationAsync(claims: unknown, reference: Partial<ConversationReference>, audience: string, logic: TurnLogic): Promise<void>;
  override async continueConversationAsync(_botAppIdOrClaims: unknown, reference: Partial<ConversationReference>, ...rest: unknown[]): Promise<void> {
    const logic = rest.at(-1);
    if (typeof logic !== 'function') throw new Error(`${this.constructor.name}.continueConversationAsync(): missing logic`);
    await this.continueConversation(reference, logic as TurnLogic);
  }

  override async updateActivity(): Promise<void> {
    throw new Error(`${this.constructor.name}.updateActivity(): a sent message cannot be edited on this channel`);
  }

  override async deleteActivity(): Promise<void> {
    throw new Error(`${this.constructor.name}.deleteActivity(): a sent message cannot be deleted on this channel`);
  }
}

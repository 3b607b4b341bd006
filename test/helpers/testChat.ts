// Drives the real bot in-process through botbuilder's TestAdapter: one turn in,
// every reply of that turn out, for table-driven dialog tests.
import { randomUUID } from 'node:crypto';
import { TestAdapter, type Activity } from 'botbuilder';
import type { HotlineBot } from '../../bot/hotlineBot';

export class TestChat {
  readonly adapter: TestAdapter;
  readonly userId = `u-${randomUUID()}`;

  constructor(bot: HotlineBot) {
    this.adapter = new TestAdapter((context) => bot.run(context), {
      channelId: 'test',
      from: { id: this.userId, name: 'worker' },
      recipient: { id: 'hotline', name: 'hotline' },
    });
    // Each chat its own conversation: activity ids restart at 0 in every TestAdapter.
    const id = `c-${randomUUID()}`;
    this.adapter.conversation.conversation = { id, name: id, isGroup: false, conversationType: 'personal' };
  }

  /** Sends one message (with `extra` fields such as the client's `locale`); returns the bot's replies of that turn joined by "\n---\n". */
  async say(text: string, extra: Partial<Activity> = {}): Promise<string> {
    this.adapter.activeQueue.splice(0);
    await this.adapter.receiveActivity({ type: 'message', text, ...extra });
    return this.adapter.activeQueue
      .splice(0)
      .map((activity: Partial<Activity>) => activity.text ?? '')
      .join('\n---\n');
  }

  /** Replies of the last turn as activities (locale, channelData). */
  async sayActivities(text: string): Promise<Partial<Activity>[]> {
    this.adapter.activeQueue.splice(0);
    await this.adapter.receiveActivity(text);
    return this.adapter.activeQueue.splice(0);
  }
}

/** A step of a conversation table: what the worker says, what a reply must match. */
export type Step = [says: string, reply: RegExp];

/** Plays a table; on a mismatch the error says which step and what the bot said. */
export async function play(chat: TestChat, steps: readonly Step[]): Promise<void> {
  for (const [index, [says, expected]] of steps.entries()) {
    const reply = await chat.say(says);
    if (!expected.test(reply)) {
      throw new Error(`step ${index + 1}: worker said ${JSON.stringify(says)}; expected ${expected} but the bot said:\n${reply}`);
    }
  }
}

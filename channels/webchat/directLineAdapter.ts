// The web chat channel as a BotAdapter: activities posted to our Direct Line
// endpoint become turns of the bot, and the bot's replies are stored for the
// client's WebSocket stream or polling. The bot never knows it is web chat.
import { ActivityTypes, type Activity, type ResourceResponse, type TurnContext } from 'botbuilder';
import { WEBCHAT_CHANNEL_ID } from '../../models/domain';
import { ChannelAdapter, type TurnLogic } from '../shared/channelAdapter';
import type { WebChatStore } from './webChatStore';

export { WEBCHAT_CHANNEL_ID };
export const BOT_ID = 'hotline';

export class DirectLineAdapter extends ChannelAdapter {
  constructor(
    readonly store: WebChatStore,
    readonly serviceUrl: string,
  ) {
    super(WEBCHAT_CHANNEL_ID);
  }

  /**
   * Takes an activity a client posted: stores it (the echo the client waits
   * for), then runs the bot's turn on it. Returns the activity's id.
   */
  async receive(conversationId: string, userId: string, incoming: Partial<Activity>, logic: TurnLogic): Promise<string> {
    const activity: Partial<Activity> = {
      ...incoming,
      channelId: WEBCHAT_CHANNEL_ID,
      serviceUrl: this.serviceUrl,
      conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
      from: { id: userId, name: '', role: 'user' },
      recipient: { id: BOT_ID, name: 'hotline', role: 'bot' },
      timestamp: new Date(),
    };
    const stored = await this.store.append(conversationId, activity);
    await this.runTurn(conversationId, stored, logic);
    return stored.id!;
  }

  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      if (activity.type === 'delay') {
        await new Promise((resolve) => setTimeout(resolve, typeof activity.value === 'number' ? activity.value : 1000));
        responses.push({ id: '' });
        continue;
      }
      if (activity.type === ActivityTypes.Trace) {
        responses.push({ id: '' });
        continue;
      }
      const conversationId = activity.conversation?.id ?? context.activity.conversation.id;
      const stored = await this.store.append(conversationId, {
        ...activity,
        channelId: WEBCHAT_CHANNEL_ID,
        from: { id: BOT_ID, name: 'hotline', role: 'bot' },
        conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
        recipient: activity.recipient ?? context.activity.from,
        timestamp: new Date(),
      });
      responses.push({ id: stored.id! });
    }
    return responses;
  }
}

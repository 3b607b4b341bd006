// The web chat channel as the hotline runs it: the Direct Line adapter on its
// store, the Direct Line endpoint and the widget's routes, and the worker's
// stored history for "delete my data".
import type { i18n as I18n } from 'i18next';
import type { Server } from 'restify';
import type { CountryProfile } from '../../services/countryProfile';
import type { ChannelBot, HotlineChannel } from '../hotlineChannel';
import { DirectLineAdapter, WEBCHAT_CHANNEL_ID } from './directLineAdapter';
import { registerDirectLine, type DirectLineOptions } from './directLineRoutes';
import type { WebChatStore } from './webChatStore';
import { registerWidget, type WidgetOptions } from './widgetRoutes';

/** The serviceUrl of web chat conversation references. */
export const WEBCHAT_SERVICE_URL = 'urn:hotline:webchat';

export interface WebChatChannelOptions extends Omit<DirectLineOptions, 'adapter' | 'logic'>, Omit<WidgetOptions, 'i18n' | 'profile'> {
  store: WebChatStore;
  i18n: I18n;
  profile: CountryProfile;
}

export interface WebChatChannel extends HotlineChannel {
  readonly adapter: DirectLineAdapter;
}

export function createWebChatChannel(options: WebChatChannelOptions): WebChatChannel {
  const { store, i18n, profile, languages, quickExitUrl, ...directLine } = options;
  const adapter = new DirectLineAdapter(store, WEBCHAT_SERVICE_URL);
  return {
    id: WEBCHAT_CHANNEL_ID,
    serviceUrl: WEBCHAT_SERVICE_URL,
    adapter,
    routes(server: Server, bot: ChannelBot) {
      registerDirectLine(server, { ...directLine, adapter, logic: bot.run });
      registerWidget(server, { i18n, profile, languages, quickExitUrl, publicUrl: directLine.publicUrl });
    },
    // Its stored history is purged with the rest by the retention job (services/retention.ts).
    eraseUser: (userHash) => store.eraseUser(userHash),
  };
}

// The route table: every HTTP route of the hotline is mounted here, in this
// order, so a maintainer reads the whole surface in one place. Each entry says
// what it serves; the handlers live beside the code they belong to.
import type { CloudAdapter } from 'botbuilder';
import type { Connection } from 'mongoose';
import type { Server } from 'restify';
import type { ChannelBot, HotlineChannel } from '../channels/hotlineChannel';
import { registerConsole, type ConsoleOptions } from '../console/api/consoleRoutes';
import type { Logger } from '../kernel/logger';
import type { HotlineMetrics } from '../kernel/metrics';
import { registerMetrics } from './metrics';
import { registerBotFrameworkEndpoint, registerHealth, type BotFrameworkEndpointOptions } from './server';

export interface RouteTable {
  /** The Bot Framework channels' endpoint and who it refuses. */
  botFramework: Omit<BotFrameworkEndpointOptions, 'bot' | 'logger'> & { adapter: CloudAdapter };
  bot: ChannelBot;
  connection: Connection;
  /** How many messages wait in the spool (kept while the database was down). */
  spooled?: () => Promise<number>;
  /** The configured channels, mounted in this order. */
  channels: readonly HotlineChannel[];
  console: ConsoleOptions;
  logger: Logger;
  /** What `/metrics` serves, and the bearer token it asks for (none: the route is off). */
  metrics: { metrics: HotlineMetrics; token: string | undefined };
}

export function registerRoutes(server: Server, table: RouteTable): void {
  const { bot, logger } = table;
  // POST /api/messages: the Bot Framework endpoint (Emulator, Azure Bot Service channels); 404 when BOTFRAMEWORK_ENDPOINT=off.
  registerBotFrameworkEndpoint(server, { ...table.botFramework, bot, logger });
  // GET /healthz: the database answers; how many messages wait in the spool.
  registerHealth(server, { connection: table.connection, logger, spooled: table.spooled });
  // GET /metrics: Prometheus, only with the bearer METRICS_TOKEN (401 without it); 404 when METRICS_TOKEN is unset.
  registerMetrics(server, { ...table.metrics, logger });
  // Each channel's own routes:
  //   web chat: /v3/directline/… (tokens, conversations, activities, the stream), POST /api/webchat/token,
  //             GET /widget.js, /api/webchat/config, /api/webchat/strings/:lng, and the landing page at /;
  //   WhatsApp Cloud (WHATSAPP_MODE=cloud): GET and POST /webhooks/whatsapp.
  //   (WhatsApp Web and the practice channel have none.)
  for (const channel of table.channels) channel.routes?.(server, bot);
  // The case worker console: /console/api/… (see the OpenAPI document), /console and its assets,
  // the live socket /console/live, and the OpenAPI document itself at GET /api/openapi.json.
  registerConsole(server, table.console);
}

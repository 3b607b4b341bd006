// Wires the metrics (kernel/metrics.ts) into the hotline: `GET /metrics` behind a
// bearer token, the handoff queue counted in MongoDB when scraped, every turn
// timed, and every failed send to a worker counted, on every adapter.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { BotAdapter, TurnContext } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import { sendError } from '../kernel/http';
import type { Logger } from '../kernel/logger';
import { TURN_OUTCOME, type HotlineMetrics, type TurnOutcome } from '../kernel/metrics';
import { PRIORITIES, type HandoffModel } from '../models';

/** Bot Framework channels counted under their own id (the rest, as "other"), beside the hotline's own. */
export const BOT_FRAMEWORK_CHANNEL_IDS = ['emulator', 'msteams', 'directline', 'webchat', 'telegram', 'facebook', 'slack', 'sms', 'email', 'line', 'skype', 'test'] as const;

/** The path Prometheus scrapes. */
export const METRICS_PATH = '/metrics';

/** Equal in constant time: both sides are hashed first, so neither their contents nor their lengths leak through timing. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * `GET /metrics`: the Prometheus exposition, only for `Authorization: Bearer <METRICS_TOKEN>`
 * (401 otherwise). Without a token the route is not mounted: 404, as for any unknown path.
 */
export function registerMetrics(server: Server, options: { metrics: HotlineMetrics; token: string | undefined; logger: Logger }): void {
  const { metrics, token, logger } = options;
  if (!token) return;
  server.get(METRICS_PATH, async (req: Request, res: Response) => {
    const header = req.header('authorization') ?? '';
    const given = /^Bearer (.+)$/i.exec(header)?.[1] ?? '';
    if (!sameSecret(given, token)) {
      logger.warn('metrics.refused', { bearer: given !== '' });
      res.header('WWW-Authenticate', 'Bearer realm="metrics"');
      return sendError(res, 401, 'Unauthorized', 'Send the metrics token as a bearer token.');
    }
    const { contentType, body } = await metrics.scrape();
    res.sendRaw(200, body, { 'content-type': contentType, 'cache-control': 'no-store' });
  });
}

/** Queued handoffs by priority, practice ones left out: one query on the status index, every priority present (0 when none wait). */
export function handoffQueueCounter(handoffs: HandoffModel): () => Promise<Record<string, number>> {
  return async () => {
    const counts: Record<string, number> = Object.fromEntries(PRIORITIES.map((priority) => [priority, 0]));
    const groups = await handoffs.aggregate<{ _id: string; count: number }>([
      { $match: { status: 'queued', training: { $ne: true } } },
      { $group: { _id: '$priority', count: { $sum: 1 } } },
    ]);
    for (const group of groups) if (group._id in counts) counts[group._id] = group.count;
    return counts;
  };
}

/** Runs the bot's turn timed and counted; its outcome is what the bot marked, else whether it answered. */
export function timedTurn(metrics: HotlineMetrics, logger: Logger, run: (context: TurnContext) => Promise<void>): (context: TurnContext) => Promise<void> {
  return async (context) => {
    const channel = context.activity.channelId;
    const end = metrics.turnStarted(channel);
    let outcome: TurnOutcome = 'error';
    try {
      await run(context);
      outcome = (context.turnState.get(TURN_OUTCOME) as TurnOutcome | undefined) ?? (context.responded ? 'answered' : 'silent');
    } finally {
      const seconds = end(outcome);
      logger.debug('turn.ended', { channel, outcome, milliseconds: Math.round(seconds * 1000) });
    }
  };
}

/** Counts every send to a worker that throws, on this adapter's turns and proactive messages alike. */
export function countSendFailures(adapter: BotAdapter, metrics: HotlineMetrics): void {
  adapter.use(async (context, next) => {
    context.onSendActivities(async (_context, _activities, send) => {
      try {
        return await send();
      } catch (error) {
        metrics.outboundFailed(context.activity.channelId);
        throw error;
      }
    });
    await next();
  });
}

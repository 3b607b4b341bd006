// The handoff routes: the queue, atomic claims, release and transfer, the
// transcript, live chat through the worker's own channel, and closing back to the bot.
import type { Server } from 'restify';
import { HttpError } from '../../kernel/http';
import { WHATSAPP_CHANNEL_ID, type Priority } from '../../models/domain';
import { type ConsoleSession } from '../../services/accounts';
import type { ConsoleOptions } from './consoleOptions';
import type { RouteKit } from './routeKit';
import { MessageSchema, TransferSchema } from './schemas';

/** Minutes a waiting handoff may wait before it shows as overdue, by priority. */
export const CLAIM_SLA_MINUTES: Record<Priority, number> = { critical: 5, high: 15, medium: 60, low: 240 };

/** The queue and everything a case worker does with a waiting worker. */
export function registerHandoffRoutes(server: Server, options: ConsoleOptions, kit: RouteKit): void {
  const { route, body, handoffId, isSupervisor, now, ALL } = kit;
  const { accounts, handoff, transcripts, audit, bus } = options;

  server.get(
    '/console/api/queue',
    route(
      ALL,
      async (req, res, session) => {
        const query = (req.query ?? {}) as Record<string, unknown>;
        const scopeAll = query.scope === 'all';
        if (scopeAll && !isSupervisor(session)) throw new HttpError(403, 'Forbidden', 'Only supervisors see every queue');
        const language = typeof query.language === 'string' && /^[a-z]{2,3}$/.test(query.language) ? query.language : undefined;
        const languages = language ? [language] : scopeAll || session.user.languages.length === 0 ? undefined : session.user.languages;
        const entries = await handoff.queue(languages, session.user.id);
        const names = await accounts.displayNames(entries.flatMap((e) => (e.claimedBy ? [e.claimedBy] : [])));
        const at = now().getTime();
        // WhatsApp Cloud only answers freely within 24 hours of the worker's last message: warn the case worker.
        const windows = new Map<string, number>();
        if (options.whatsappWindowMs) {
          for (const entry of entries.filter((e) => e.channel === WHATSAPP_CHANNEL_ID)) windows.set(entry.id, Math.floor((await options.whatsappWindowMs(entry.userHash)) / 1000));
        }
        res.send(200, {
          handoffs: entries.map(({ userHash: _userHash, ...entry }) => {
            const waitingSeconds = Math.floor((at - entry.createdAt.getTime()) / 1000);
            return {
              ...entry,
              whatsappWindowSeconds: windows.get(entry.id),
              claimedByName: entry.claimedBy ? (names.get(entry.claimedBy) ?? '') : undefined,
              waitingSeconds,
              overdue: entry.status === 'queued' && waitingSeconds > CLAIM_SLA_MINUTES[entry.priority] * 60,
              secondsToClaim: entry.claimedAt ? Math.floor((entry.claimedAt.getTime() - entry.createdAt.getTime()) / 1000) : undefined,
              secondsToFirstResponse: entry.firstResponseAt ? Math.floor((entry.firstResponseAt.getTime() - entry.createdAt.getTime()) / 1000) : undefined,
            };
          }),
        });
      },
      { csrf: false },
    ),
  );

  server.post(
    '/console/api/handoffs/:id/claim',
    route(ALL, async (req, res, session) => {
      const id = handoffId(req);
      const outcome = await handoff.claim(id, session.user.id);
      if (!outcome.claimed) {
        const names = await accounts.displayNames([outcome.heldBy]);
        throw new HttpError(409, 'AlreadyClaimed', 'Another case worker took this conversation first', { claimedByName: names.get(outcome.heldBy) ?? '' });
      }
      await audit.create({ actor: session.user.id, action: 'handoff.claim', target: id });
      bus.publish({ type: 'claimed', handoffId: id, byName: session.user.displayName });
      const claimed = await handoff.get(id);
      res.send(200, { handoff: claimed && { ...claimed, reference: undefined, userHash: undefined } });
    }),
  );

  server.post(
    '/console/api/handoffs/:id/release',
    route(ALL, async (req, res, session) => {
      const id = handoffId(req);
      await handoff.release(id, session.user.id, isSupervisor(session));
      await audit.create({ actor: session.user.id, action: 'handoff.release', target: id });
      res.send(200, {});
    }),
  );

  /** The handoff must be claimed by this user (or they supervise). */
  const heldBy = async (id: string, session: ConsoleSession) => {
    const held = await handoff.get(id);
    if (!held) throw new HttpError(404, 'NotFound', 'No such handoff');
    if (held.claimedBy !== session.user.id && !isSupervisor(session)) throw new HttpError(403, 'NotYours', 'Claim the conversation first');
    return held;
  };

  server.get(
    '/console/api/handoffs/:id/transcript',
    route(
      ALL,
      async (req, res, session) => {
        const held = await heldBy(handoffId(req), session);
        await audit.create({ actor: session.user.id, action: 'transcript.view', target: held.caseNumber });
        const lines = await transcripts.read(held.userHash);
        res.send(200, { lines: lines.map((line) => ({ from: line.from, text: line.text, at: line.at.toISOString() })) });
      },
      { csrf: false },
    ),
  );

  server.post(
    '/console/api/handoffs/:id/messages',
    route(ALL, async (req, res, session) => {
      const id = handoffId(req);
      const { text } = body(MessageSchema, req);
      const held = await heldBy(id, session);
      await options.reachWorker(held.reference, async (context) => {
        // What the case worker typed, as typed: never read as Markdown by the worker's client.
        await context.sendActivity({ type: 'message', text, textFormat: 'plain', locale: held.language });
      });
      const at = now();
      await handoff.markFirstResponse(id);
      await transcripts.append(held.userHash, 'console', [{ from: 'caseWorker', text, at }]);
      bus.publish({ type: 'message', handoffId: id, from: 'caseWorker', text, at: at.toISOString(), holder: held.claimedBy ?? '' });
      res.send(200, { at: at.toISOString() });
    }),
  );

  server.post(
    '/console/api/handoffs/:id/close',
    route(ALL, async (req, res, session) => {
      const id = handoffId(req);
      const closed = await handoff.close(id, session.user.id, isSupervisor(session));
      await audit.create({ actor: session.user.id, action: 'handoff.close', target: closed.caseNumber });
      if (!closed.training) await options.reachWorker(closed.reference, (context) => options.handBack(context));
      res.send(200, {});
    }),
  );
  server.post(
    '/console/api/handoffs/:id/transfer',
    route(['supervisor', 'admin'], async (req, res, session) => {
      const id = handoffId(req);
      const { toUserId } = body(TransferSchema, req);
      await handoff.transfer(id, toUserId);
      await audit.create({ actor: session.user.id, action: 'handoff.transfer', target: id, detail: { toUserId } });
      res.send(200, {});
    }),
  );
}

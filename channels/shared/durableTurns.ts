// What both WhatsApp channels do around a turn taken from their inbox
// (services/messageQueue.ts): know whether the bot's turn failed (the adapter's
// turn-error handler swallows the error, yet the inbox must try the message
// again), and give each outbound message of a turn its idempotency key, so a
// turn run again records none of its replies twice.
import { randomUUID } from 'node:crypto';
import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { KeyedHasher } from '../../services/crypto';
import type { TurnLogic } from './channelAdapter';

/** Set on a turn whose logic threw: what it sends now is the turn-error handler's apology. */
const TURN_FAILED = Symbol('turnFailed');
const REPLIES_SENT = Symbol('repliesSent');
const APOLOGIES_SENT = Symbol('apologiesSent');
const TURN_ID = Symbol('turnId');

/** Thrown when an inbox message's turn failed (after the worker got the apology): the inbox tries it again later. */
export class TurnFailedError extends Error {
  override readonly name = 'TurnFailedError';
  constructor(cause: unknown) {
    super('the turn failed; it will be tried again', { cause });
  }
}

/**
 * `logic` as a turn from the inbox runs it: a throw marks the context (so the
 * apology gets keys of its own) and is remembered, for `failed()` to tell after
 * the adapter's error handler has run.
 */
export function trackFailure(logic: TurnLogic): { logic: TurnLogic; failure: () => unknown } {
  let failure: unknown;
  return {
    logic: async (context) => {
      try {
        await logic(context);
      } catch (error) {
        failure = error ?? new Error('turn failed');
        context.turnState.set(TURN_FAILED, true);
        throw error;
      }
    },
    failure: () => failure,
  };
}

/**
 * The key of the next outbound message of this turn: the turn's effect key
 * (as `TurnServices.effectKey` makes it: the channel, conversation and inbound
 * message id) with `outbound:<n>`, n counting the turn's messages. A turn run
 * again after a crash gives its messages the same keys, so the outbox keeps
 * each once. A failed turn's apology counts apart (`apology:<n>`), so it never
 * takes the key of a reply the turn's next run will send, and a second failed
 * run does not apologise twice.
 */
export function nextOutboundKey(context: TurnContext, hasher: KeyedHasher): string {
  const failed = context.turnState.get(TURN_FAILED) === true;
  const counter = failed ? APOLOGIES_SENT : REPLIES_SENT;
  const index = (context.turnState.get(counter) as number | undefined) ?? 0;
  context.turnState.set(counter, index + 1);
  const { channelId, conversation, id, type } = context.activity;
  // Only a worker's message is run again as the same turn. A proactive turn (a case worker's message) carries the id of
  // the message its stored reference came from, and an activity may have none: a random id keeps their keys apart.
  if ((type !== ActivityTypes.Message || !id) && !context.turnState.get(TURN_ID)) context.turnState.set(TURN_ID, randomUUID());
  const turnId = (context.turnState.get(TURN_ID) as string | undefined) ?? id!;
  return hasher.hash('effect', channelId ?? '', conversation?.id ?? '', turnId, `${failed ? 'apology' : 'outbound'}:${index}`);
}

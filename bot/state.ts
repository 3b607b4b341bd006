// Every state accessor the bot uses, created in one place, and the one read a
// turn makes for both of its states.
import { AsyncLocalStorage } from 'node:async_hooks';
import { ConversationState, UserState, type StatePropertyAccessor, type Storage, type StoreItems, type TurnContext } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import type { WorkerProfile } from '../dialogs/dependencies';

/** A transcript line waiting in the conversation state (`at` as ISO text, the state is JSON). */
export interface PendingLine {
  from: 'worker' | 'bot';
  text: string;
  at: string;
}

export interface HotlineState {
  conversationState: ConversationState;
  userState: UserState;
  dialogState: StatePropertyAccessor<DialogState>;
  profile: StatePropertyAccessor<WorkerProfile>;
  /** The conversation's last inbound activity ids (keyed hashes) whose turns finished: saved with the turn. */
  processedActivities: StatePropertyAccessor<string[]>;
  /** Transcript lines not yet in the transcripts collection: kept with the turn, written in batches (bot/hotlineBot.ts). */
  pendingTranscript: StatePropertyAccessor<PendingLine[]>;
  /** Set when the worker was queued for a person, cleared when no handoff of theirs is open: only then does a turn look for one. */
  handoffMayBeOpen: StatePropertyAccessor<boolean>;
  /** The storage both states use; what else deletes state in a turn (erasure) goes through it, so the turn's read forgets it too. */
  storage: Storage;
  /**
   * Runs `turn` with the conversation and the user state read in one
   * `storage.read` first; botbuilder then loads each of them from that read,
   * not from the database.
   */
  withStates<T>(context: TurnContext, turn: () => Promise<T>): Promise<T>;
}

/**
 * A Storage that answers, within one turn (an async context), the first read
 * of each key it was given from one read made for all of them. Each key is
 * answered from it once and forgotten when written or deleted, so a later
 * read (botbuilder's `load(context, true)`) goes to the database again.
 */
export class TurnReadStorage implements Storage {
  private readonly turn = new AsyncLocalStorage<Map<string, StoreItems[string] | undefined>>();

  constructor(private readonly inner: Storage) {}

  async withKeys<T>(keys: readonly string[], turn: () => Promise<T>): Promise<T> {
    const unique = [...new Set(keys)];
    const items = unique.length > 0 ? await this.inner.read(unique) : {};
    return this.turn.run(new Map(unique.map((key) => [key, items[key]])), turn);
  }

  async read(keys: string[]): Promise<StoreItems> {
    const read = this.turn.getStore();
    if (!read || !Array.isArray(keys)) return this.inner.read(keys);
    const items: StoreItems = {};
    const missing: string[] = [];
    for (const key of keys) {
      if (!read.has(key)) {
        missing.push(key);
        continue;
      }
      const item = read.get(key);
      read.delete(key);
      if (item !== undefined) items[key] = item;
    }
    return missing.length > 0 ? { ...(await this.inner.read(missing)), ...items } : items;
  }

  write(changes: StoreItems): Promise<void> {
    const read = this.turn.getStore();
    if (read && changes && typeof changes === 'object') for (const key of Object.keys(changes)) read.delete(key);
    return this.inner.write(changes);
  }

  delete(keys: string[]): Promise<void> {
    const read = this.turn.getStore();
    if (read && Array.isArray(keys)) for (const key of keys) read.delete(key);
    return this.inner.delete(keys);
  }
}

export function createHotlineState(storage: Storage): HotlineState {
  const turnStorage = new TurnReadStorage(storage);
  const conversationState = new ConversationState(turnStorage);
  const userState = new UserState(turnStorage);
  return {
    conversationState,
    userState,
    dialogState: conversationState.createProperty<DialogState>('dialogState'),
    profile: userState.createProperty<WorkerProfile>('workerProfile'),
    processedActivities: conversationState.createProperty<string[]>('processedActivities'),
    pendingTranscript: conversationState.createProperty<PendingLine[]>('pendingTranscript'),
    handoffMayBeOpen: userState.createProperty<boolean>('handoffMayBeOpen'),
    storage: turnStorage,
    withStates(context, turn) {
      // An activity without a conversation or a user id has no such state: the turn reads it as before, if at all.
      const keyOf = (state: ConversationState | UserState) => {
        try {
          return state.getStorageKey(context);
        } catch {
          return undefined;
        }
      };
      const keys = [keyOf(conversationState), keyOf(userState)].filter((key): key is string => !!key);
      return turnStorage.withKeys(keys, turn);
    },
  };
}

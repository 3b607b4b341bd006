// Every state accessor the bot uses, created in one place.
import { ConversationState, UserState, type StatePropertyAccessor, type Storage } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import type { WorkerProfile } from '../dialogs/dependencies';

export interface HotlineState {
  conversationState: ConversationState;
  userState: UserState;
  dialogState: StatePropertyAccessor<DialogState>;
  profile: StatePropertyAccessor<WorkerProfile>;
  /** The conversation's last inbound activity ids (keyed hashes) whose turns finished: saved with the turn. */
  processedActivities: StatePropertyAccessor<string[]>;
}

export function createHotlineState(storage: Storage): HotlineState {
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  return {
    conversationState,
    userState,
    dialogState: conversationState.createProperty<DialogState>('dialogState'),
    profile: userState.createProperty<WorkerProfile>('workerProfile'),
    processedActivities: conversationState.createProperty<string[]>('processedActivities'),
  };
}

// The Graph API as the adapter sees it: send a message, mark one read. The
// fetch implementation is FetchGraphClient; tests may pass any stand-in.
import type { OutboundMessage } from './outboundMessages';

export interface GraphClient {
  /** Sends one message to a worker (their wa_id) and resolves with its wamid. Messages to one recipient go out in call order. */
  sendMessage(to: string, message: OutboundMessage): Promise<string>;
  /** Marks an inbound message read and, with `typing`, shows the typing indicator (up to 25 s or until the next message). */
  markRead(messageId: string, options?: { typing?: boolean }): Promise<void>;
}

// WhatsApp's customer-service window: a business may send free-form messages
// for 24 hours after the worker's last message; after that only an approved
// template. The console asks how long is left before a case worker writes.
import type { WhatsAppWindowModel } from '../../models/whatsAppWindow';

export const CUSTOMER_SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Milliseconds left in the window opened by a message sent at `lastInboundAt` (0 when closed or never opened). */
export function windowRemainingMs(lastInboundAt: Date | undefined, now: Date = new Date()): number {
  if (!lastInboundAt) return 0;
  return Math.max(0, lastInboundAt.getTime() + CUSTOMER_SERVICE_WINDOW_MS - now.getTime());
}

/**
 * How long is left in a worker's window, in milliseconds (0: only the neutral
 * template can be sent). `recipientHash` is the worker's userHash on the
 * `whatsapp` channel (`hasher.hash('whatsapp', wa_id)`), as handoffs keep it.
 */
export async function whatsAppWindowRemaining(windows: WhatsAppWindowModel, recipientHash: string, now: Date = new Date()): Promise<number> {
  const window = await windows.findById(recipientHash, { lastInboundAt: 1 }).lean();
  return windowRemainingMs(window?.lastInboundAt, now);
}

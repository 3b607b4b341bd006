// The WhatsApp Web channel's part of the environment, merged into the hotline's
// one configuration schema (app/config.ts) by whoever wires the channel.
import { z } from 'zod';

/** Variables of the WhatsApp Web channel; a plain object schema so its `.shape` can be spread into the app's. */
export const WhatsAppWebConfigSchema = z.object({
  WHATSAPP_WEB_AUTH: z.enum(['local', 'remote']).default('local'),
  WHATSAPP_WEB_SESSION_DIR: z.string().trim().min(1).default('./data/whatsapp-web'),
  WHATSAPP_WEB_CHROMIUM: z.string().trim().min(1).default('/usr/bin/chromium'),
  WHATSAPP_WEB_SEND_PER_MINUTE: z.coerce.number().int().min(1).max(600).default(30),
});

/** The parsed WhatsApp Web settings. */
export type WhatsAppWebConfig = z.infer<typeof WhatsAppWebConfigSchema>;

/** One line per variable, for `.env.example` and the README's configuration table. */
export const WHATSAPP_WEB_ENV_DOCS: Record<keyof WhatsAppWebConfig, string> & Record<string, string> = {
  WHATSAPP_WEB_AUTH:
    'where the WhatsApp Web session is kept: `local` (a folder under WHATSAPP_WEB_SESSION_DIR) or `remote` (encrypted in the database, GridFS, so a new machine needs no new pairing)',
  WHATSAPP_WEB_SESSION_DIR: 'folder for the browser profile (local) or the temporary session archive (remote); keep it private, it holds the login',
  WHATSAPP_WEB_CHROMIUM: 'the Chromium the channel drives (Debian: `apt-get install chromium`); puppeteer never downloads one',
  WHATSAPP_WEB_SEND_PER_MINUTE: 'most messages the hotline sends per minute over WhatsApp Web, all chats together; more wait in a queue',
};

// The WhatsApp Cloud API channel's part of the environment: a zod object the
// app merges into its one schema, the .env.example line for each variable,
// and the check that turns the parsed values into settings (or "channel off").
import { z } from 'zod';

/** Meta's Graph API, pinned to a version so payload shapes do not change under us. */
export const DEFAULT_GRAPH_URL = 'https://graph.facebook.com/v21.0';

/**
 * The channel's variables. The four credentials are optional so a hotline
 * without WhatsApp still starts; {@link whatsAppCloudSettings} decides whether
 * the channel is on and refuses half a configuration.
 */
export const WhatsAppCloudConfigSchema = z.object({
  WHATSAPP_APP_SECRET: z.string().trim().min(16, 'must be the Meta app secret (App settings → Basic)').optional(),
  WHATSAPP_VERIFY_TOKEN: z.string().trim().min(16, 'must be at least 16 characters (e.g. `openssl rand -hex 16`)').optional(),
  WHATSAPP_ACCESS_TOKEN: z.string().trim().min(20, 'must be a system user access token with whatsapp_business_messaging').optional(),
  WHATSAPP_PHONE_NUMBER_ID: z.string().trim().regex(/^\d{5,20}$/, 'must be the numeric phone number id from WhatsApp Manager / API Setup').optional(),
  WHATSAPP_GRAPH_URL: z.url({ protocol: /^https?$/ }).default(DEFAULT_GRAPH_URL).transform((url) => url.replace(/\/+$/, '')),
  WHATSAPP_TEMPLATE_NAME: z
    .string()
    .trim()
    .regex(/^[a-z0-9_]{1,512}$/, 'must be a template name: lowercase letters, digits and underscores')
    .default('hotline_followup'),
  WHATSAPP_TEMPLATE_LANGUAGE: z
    .string()
    .trim()
    .regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, 'must be a template language code such as en, ar or en_US')
    .default('en'),
  WHATSAPP_SEND_PER_SECOND: z.coerce.number().int().min(1).max(1000).default(20),
});

export type WhatsAppCloudConfig = z.infer<typeof WhatsAppCloudConfigSchema>;

/** One line per variable, for `.env.example`. */
export const WHATSAPP_CLOUD_ENV_DOCS: Record<keyof WhatsAppCloudConfig, string> = {
  WHATSAPP_APP_SECRET: 'Meta app secret (App settings > Basic); verifies the X-Hub-Signature-256 of every webhook. Unset with the three below: WhatsApp Cloud channel off.',
  WHATSAPP_VERIFY_TOKEN: 'A random string you also type into the webhook settings of the Meta app; answers the GET verification of /webhooks/whatsapp.',
  WHATSAPP_ACCESS_TOKEN: 'Permanent system user access token with whatsapp_business_messaging, sent as Bearer to the Graph API.',
  WHATSAPP_PHONE_NUMBER_ID: 'The business phone number id (WhatsApp > API Setup), not the phone number itself.',
  WHATSAPP_GRAPH_URL: 'Graph API base URL with its version (default https://graph.facebook.com/v21.0); tests point it at a local stand-in.',
  WHATSAPP_TEMPLATE_NAME: 'Approved, neutrally worded template sent instead of any message outside the 24-hour window (default hotline_followup).',
  WHATSAPP_TEMPLATE_LANGUAGE: 'Language code the template was approved in (default en).',
  WHATSAPP_SEND_PER_SECOND: 'Most messages sent to the Graph API per second, all recipients together (default 20).',
};

const CREDENTIALS = ['WHATSAPP_APP_SECRET', 'WHATSAPP_VERIFY_TOKEN', 'WHATSAPP_ACCESS_TOKEN', 'WHATSAPP_PHONE_NUMBER_ID'] as const;

/** What the channel needs once it is on: every credential present. */
export interface WhatsAppCloudSettings {
  appSecret: string;
  verifyToken: string;
  accessToken: string;
  phoneNumberId: string;
  graphUrl: string;
  template: { name: string; language: string };
  sendPerSecond: number;
}

/** The issues of a half-configured channel, for the app schema's `superRefine`. */
export function whatsAppCloudConfigIssues(config: Partial<WhatsAppCloudConfig>): Array<{ path: [string]; message: string }> {
  const set = CREDENTIALS.filter((key) => !!config[key]);
  if (set.length === 0 || set.length === CREDENTIALS.length) return [];
  return CREDENTIALS.filter((key) => !config[key]).map((key) => ({
    path: [key],
    message: `is required when ${set.join(', ')} ${set.length === 1 ? 'is' : 'are'} set (the WhatsApp Cloud channel needs all four)`,
  }));
}

/**
 * The channel's settings, or `undefined` when none of the credentials is set
 * (the channel is off). Throws when only some are set.
 */
export function whatsAppCloudSettings(config: WhatsAppCloudConfig): WhatsAppCloudSettings | undefined {
  const issues = whatsAppCloudConfigIssues(config);
  if (issues.length > 0) throw new Error(`whatsAppCloudSettings(): ${issues.map((issue) => `${issue.path[0]} ${issue.message}`).join('; ')}`);
  if (!config.WHATSAPP_APP_SECRET) return undefined;
  return {
    appSecret: config.WHATSAPP_APP_SECRET,
    verifyToken: config.WHATSAPP_VERIFY_TOKEN!,
    accessToken: config.WHATSAPP_ACCESS_TOKEN!,
    phoneNumberId: config.WHATSAPP_PHONE_NUMBER_ID!,
    graphUrl: config.WHATSAPP_GRAPH_URL,
    template: { name: config.WHATSAPP_TEMPLATE_NAME, language: config.WHATSAPP_TEMPLATE_LANGUAGE },
    sendPerSecond: config.WHATSAPP_SEND_PER_SECOND,
  };
}

// The hotline's configuration: one zod schema over the environment, parsed once
// at start so a bad deployment fails with a readable message, not mid-conversation.
import { z } from 'zod';
import { WEEKDAYS } from '../services/weekdays';
import { WhatsAppCloudConfigSchema, whatsAppCloudConfigIssues } from '../channels/whatsapp-cloud/config';
import { WhatsAppWebConfigSchema } from '../channels/whatsapp-web/config';

const base64Key = (bytes: number) =>
  z
    .string()
    .trim()
    .refine((value) => Buffer.from(value, 'base64').length === bytes, {
      message: `must be ${bytes} random bytes, base64-encoded (e.g. \`openssl rand -base64 ${bytes}\`)`,
    });

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM, 24-hour clock');

/** The environment variables the hotline reads; `.env.example` documents each one. */
export const ConfigSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    HOST: z.string().default('0.0.0.0'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3978),
    MONGODB_URI: z
      .string()
      .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
      .optional(),
    DATA_DIR: z.string().default('./data'),
    /** Where messages wait while the database is down (default DATA_DIR/spool). */
    SPOOL_DIR: z.string().optional(),
    EMBEDDED_DB_JAR: z.string().optional(),
    COUNTRY_PROFILE: z.string().regex(/^[a-z]{2,8}$/, 'must be a profile id such as "bh"').default('bh'),
    ENCRYPTION_KEY: base64Key(32).optional(),
    ENCRYPTION_KEY_ID: z.string().regex(/^[A-Za-z0-9_-]{1,16}$/).default('k1'),
    ENCRYPTION_OLD_KEYS: z
      .string()
      .optional()
      .describe('comma-separated id:base64key pairs of retired keys, still used to decrypt'),
    HASH_KEY: base64Key(32).optional(),
    DIRECTLINE_SECRET: z.string().trim().min(32, 'must be at least 32 characters (e.g. `openssl rand -base64 32`)').optional(),
    DIRECTLINE_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(1800),
    WEBCHAT_TOKENS_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(20),
    QUICK_EXIT_URL: z.url({ protocol: /^https?$/ }).default('https://www.google.com/search?q=weather'),
    PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
    CONSOLE_ADMIN_USERNAME: z.string().trim().regex(/^[A-Za-z0-9._-]{3,64}$/, 'letters, digits, . _ - (3 to 64)').optional(),
    CONSOLE_ADMIN_PASSWORD: z.string().min(12, 'must have at least 12 characters').optional(),
    CONSOLE_SESSION_HOURS: z.coerce.number().min(1).max(24).default(12),
    CONSOLE_IDLE_MINUTES: z.coerce.number().int().min(5).max(240).default(30),
    CONSOLE_TOTP: z.enum(['required', 'optional']).optional(),
    WHATSAPP_MODE: z.enum(['off', 'web', 'cloud']).default('off'),
    ...WhatsAppCloudConfigSchema.shape,
    ...WhatsAppWebConfigSchema.shape,
    MAX_MESSAGE_CHARS: z.coerce.number().int().min(100).max(100_000).default(4000),
    MAX_BODY_BYTES: z.coerce.number().int().min(10_000).max(50_000_000).default(262_144),
    STAFFED_FROM: clock.default('08:00'),
    STAFFED_UNTIL: clock.default('20:00'),
    STAFFED_DAYS: z
      .string()
      .default('sun,mon,tue,wed,thu,fri,sat')
      .transform((value) => value.split(',').map((day) => day.trim().toLowerCase()).filter(Boolean))
      .pipe(z.array(z.enum(WEEKDAYS)).min(1, 'name at least one day')),
    RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
    METRICS_TOKEN: z.string().trim().min(32, 'must be at least 32 characters (e.g. `openssl rand -base64 32`)').optional(),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
    MicrosoftAppId: z.string().optional(),
    MicrosoftAppPassword: z.string().optional(),
    MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional(),
    MicrosoftAppTenantId: z.string().optional(),
    BOTFRAMEWORK_ENDPOINT: z.enum(['on', 'off']).default('on'),
    TRUST_PROXY: z.enum(['on', 'off']).default('off'),
    BOTFRAMEWORK_SERVICE_HOSTS: z
      .string()
      .default('botframework.com,trafficmanager.net,botframework.azure.us')
      .transform((value) => value.split(',').map((host) => host.trim().toLowerCase().replace(/^\*?\./, '')).filter(Boolean)),
  })
  .superRefine((config, ctx) => {
    if (config.NODE_ENV === 'production') {
      for (const key of ['ENCRYPTION_KEY', 'HASH_KEY', 'DIRECTLINE_SECRET', 'MONGODB_URI', 'PUBLIC_URL'] as const) {
        if (!config[key]) {
          ctx.addIssue({ code: 'custom', path: [key], message: 'is required when NODE_ENV=production' });
        }
      }
      // Unauthenticated, /api/messages would let anyone speak as any user id and make the server call any address.
      if (config.BOTFRAMEWORK_ENDPOINT === 'on' && !config.MicrosoftAppId) {
        ctx.addIssue({ code: 'custom', path: ['MicrosoftAppId'], message: 'is required when NODE_ENV=production (Bot Framework authentication on /api/messages), or set BOTFRAMEWORK_ENDPOINT=off' });
      }
    }
    for (const issue of whatsAppCloudConfigIssues(config)) ctx.addIssue({ code: 'custom', ...issue });
    if (config.WHATSAPP_MODE === 'cloud' && !config.WHATSAPP_APP_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['WHATSAPP_MODE'], message: 'cloud needs WHATSAPP_APP_SECRET, WHATSAPP_VERIFY_TOKEN, WHATSAPP_ACCESS_TOKEN and WHATSAPP_PHONE_NUMBER_ID' });
    }
    if (config.MicrosoftAppId && !config.MicrosoftAppPassword && config.MicrosoftAppType !== 'UserAssignedMSI') {
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppPassword'], message: 'is required with MicrosoftAppId' });
    }
  });

/** The parsed configuration. */
export type Config = z.infer<typeof ConfigSchema>;

/** Thrown when the environment does not describe a runnable hotline. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment. Empty strings count as unset, as they do in most
 * `.env` files. Throws a {@link ConfigError} listing every problem at once.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value.trim() !== '') cleaned[key] = value;
  }
  const parsed = ConfigSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(environment)'}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration (see .env.example):\n${lines.join('\n')}`);
  }
  return parsed.data;
}

// The channel's environment: defaults, all-or-nothing credentials, a line of
// documentation per variable, and a schema the app can merge into its own.
import { z } from 'zod';
import { DEFAULT_GRAPH_URL, WHATSAPP_CLOUD_ENV_DOCS, whatsAppCloudConfigIssues, WhatsAppCloudConfigSchema, whatsAppCloudSettings } from '../../../channels/whatsapp-cloud/config';

const credentials = {
  WHATSAPP_APP_SECRET: '0123456789abcdef0123456789abcdef',
  WHATSAPP_VERIFY_TOKEN: 'verify-token-0123456789',
  WHATSAPP_ACCESS_TOKEN: 'EAAG0123456789abcdefghijklmnop',
  WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
};

test('defaults: Meta\'s Graph URL, the template, its language and 20 sends per second; channel off without credentials', () => {
  const config = WhatsAppCloudConfigSchema.parse({});
  expect(config).toEqual({ WHATSAPP_GRAPH_URL: DEFAULT_GRAPH_URL, WHATSAPP_TEMPLATE_NAME: 'hotline_followup', WHATSAPP_TEMPLATE_LANGUAGE: 'en', WHATSAPP_SEND_PER_SECOND: 20 });
  expect(DEFAULT_GRAPH_URL).toBe('https://graph.facebook.com/v21.0');
  expect(whatsAppCloudSettings(config)).toBeUndefined();
});

test('with all four credentials the channel is on', () => {
  const settings = whatsAppCloudSettings(WhatsAppCloudConfigSchema.parse({ ...credentials, WHATSAPP_GRAPH_URL: 'http://127.0.0.1:9/v21.0/', WHATSAPP_SEND_PER_SECOND: '5' }));
  expect(settings).toEqual({
    appSecret: credentials.WHATSAPP_APP_SECRET,
    verifyToken: credentials.WHATSAPP_VERIFY_TOKEN,
    accessToken: credentials.WHATSAPP_ACCESS_TOKEN,
    phoneNumberId: credentials.WHATSAPP_PHONE_NUMBER_ID,
    graphUrl: 'http://127.0.0.1:9/v21.0',
    template: { name: 'hotline_followup', language: 'en' },
    sendPerSecond: 5,
  });
});

test('half a configuration names what is missing', () => {
  const partial = WhatsAppCloudConfigSchema.parse({ WHATSAPP_APP_SECRET: credentials.WHATSAPP_APP_SECRET });
  expect(whatsAppCloudConfigIssues(partial).map((issue) => issue.path[0])).toEqual(['WHATSAPP_VERIFY_TOKEN', 'WHATSAPP_ACCESS_TOKEN', 'WHATSAPP_PHONE_NUMBER_ID']);
  expect(() => whatsAppCloudSettings(partial)).toThrow(/WHATSAPP_VERIFY_TOKEN is required/);
});

test.each<[string, Record<string, string>]>([
  ['a phone number instead of its id', { WHATSAPP_PHONE_NUMBER_ID: '+973 1234 5678' }],
  ['a short verify token', { WHATSAPP_VERIFY_TOKEN: 'short' }],
  ['a template name with spaces', { WHATSAPP_TEMPLATE_NAME: 'Hotline follow up' }],
  ['a send rate of zero', { WHATSAPP_SEND_PER_SECOND: '0' }],
  ['a Graph URL that is not http(s)', { WHATSAPP_GRAPH_URL: 'ftp://graph.facebook.com' }],
])('refuses %s', (_name, env) => {
  expect(WhatsAppCloudConfigSchema.safeParse({ ...credentials, ...env }).success).toBe(false);
});

test('every variable has a one-line description for .env.example', () => {
  expect(Object.keys(WHATSAPP_CLOUD_ENV_DOCS).sort()).toEqual(Object.keys(WhatsAppCloudConfigSchema.shape).sort());
  for (const line of Object.values(WHATSAPP_CLOUD_ENV_DOCS)) expect(line).not.toMatch(/\n/);
});

test('merges into an app schema that has refinements', () => {
  const app = z.object({ PORT: z.coerce.number().default(3978) }).superRefine(() => undefined);
  const merged = app.safeExtend(WhatsAppCloudConfigSchema.shape).superRefine((config, ctx) => {
    for (const issue of whatsAppCloudConfigIssues(config)) ctx.addIssue({ code: 'custom', ...issue });
  });
  expect(merged.parse({}).WHATSAPP_SEND_PER_SECOND).toBe(20);
  expect(merged.safeParse({ WHATSAPP_ACCESS_TOKEN: credentials.WHATSAPP_ACCESS_TOKEN }).success).toBe(false);
});

// The channel's configuration: defaults, coercion, refusals, and a line of
// documentation for every variable (the app merges both into its own).
import { WHATSAPP_WEB_ENV_DOCS, WhatsAppWebConfigSchema } from '../../../channels/whatsapp-web/config';

test('defaults', () => {
  expect(WhatsAppWebConfigSchema.parse({})).toEqual({
    WHATSAPP_WEB_AUTH: 'local',
    WHATSAPP_WEB_SESSION_DIR: './data/whatsapp-web',
    WHATSAPP_WEB_CHROMIUM: '/usr/bin/chromium',
    WHATSAPP_WEB_SEND_PER_MINUTE: 30,
  });
});

test('values from the environment are strings, coerced', () => {
  expect(WhatsAppWebConfigSchema.parse({ WHATSAPP_WEB_AUTH: 'remote', WHATSAPP_WEB_SEND_PER_MINUTE: '12' })).toMatchObject({ WHATSAPP_WEB_AUTH: 'remote', WHATSAPP_WEB_SEND_PER_MINUTE: 12 });
});

test.each([
  ['WHATSAPP_WEB_AUTH', 'cloud'],
  ['WHATSAPP_WEB_SEND_PER_MINUTE', '0'],
  ['WHATSAPP_WEB_SEND_PER_MINUTE', '2.5'],
  ['WHATSAPP_WEB_SEND_PER_MINUTE', 'many'],
  ['WHATSAPP_WEB_SESSION_DIR', '  '],
])('%s=%j is refused, naming the variable', (name, value) => {
  const result = WhatsAppWebConfigSchema.safeParse({ [name]: value });
  expect(result.success).toBe(false);
  expect(result.error!.issues[0]!.path).toEqual([name]);
});

test('every variable has one line of documentation, and the schema merges into another object schema', () => {
  expect(Object.keys(WHATSAPP_WEB_ENV_DOCS).sort()).toEqual(Object.keys(WhatsAppWebConfigSchema.shape).sort());
  for (const line of Object.values(WHATSAPP_WEB_ENV_DOCS)) expect(line).not.toContain('\n');
  expect(Object.keys(WhatsAppWebConfigSchema.shape)).toHaveLength(4);
});

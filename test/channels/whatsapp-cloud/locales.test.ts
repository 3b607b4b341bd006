// The channel's own words: in every language the bot speaks, the list button
// fits WhatsApp's 20 characters and the suggested template text is neutral.
import { availableLanguages, createI18n } from '../../../kernel/i18n';

const i18n = createI18n();
const languages = availableLanguages();

test.each(languages)('%s has the whatsapp texts; the list button fits in 20 characters', (lng) => {
  expect(i18n.hasResourceBundle(lng, 'whatsapp')).toBe(true);
  const t = i18n.getFixedT(lng);
  expect(t('whatsapp:listButton').length).toBeLessThanOrEqual(20);
  expect(t('whatsapp:unsupported')).not.toBe('unsupported');
});

test('the suggested template says nothing of what the chat is about', () => {
  const english = i18n.getFixedT('en')('whatsapp:templateBody');
  expect(english).not.toMatch(/hotline|abuse|report|case|help|police|employer|work|rights|shelter|victim/i);
});

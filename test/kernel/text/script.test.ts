// The script narrows the language candidates, so each script of the hotline's languages must be recognised.
import { dominantScript, SCRIPT_LANGUAGES } from '../../../kernel/text/script';

describe('dominantScript', () => {
  it.each([
    ['مرحبا', 'Arabic'],
    ['السلام علیکم، میرا ڈیٹا', 'Arabic'],
    ['मुझे मदद चाहिए, मुझे कमरे में बंद कर दिया है', 'Devanagari'],
    ['नमस्ते, मलाई सहयोग चाहियो', 'Devanagari'],
    ['আমার সাহায্য দরকার', 'Bengali'],
    ['எனக்கு உதவி வேண்டும்', 'Tamil'],
    ['నాకు సహాయం కావాలి', 'Telugu'],
    ['എനിക്ക് ശമ്പളം കിട്ടിയിട്ടില്ല', 'Malayalam'],
    ['ආයුබෝවන්, මට උදව් ඕනේ', 'Sinhala'],
    ['እርዳታ እፈልጋለሁ', 'Ethiopic'],
    ['Saya butuh tempat aman malam ini', 'Latin'],
    ['Tôi cần giúp đỡ', 'Latin'],
  ])('%s → %s', (text, script) => {
    expect(dominantScript(text)).toBe(script);
  });

  it('follows the script of most letters in mixed text', () => {
    expect(dominantScript('ok मुझे मदद चाहिए')).toBe('Devanagari');
    expect(dominantScript('مرحبا hi')).toBe('Arabic');
  });

  it.each(['123', '٢', '', '   ', '👍🙏', '?!', '２'])('%j → undefined (no letters)', (text) => {
    expect(dominantScript(text)).toBeUndefined();
  });

  it('returns undefined when most letters are in a script none of the languages use', () => {
    expect(dominantScript('你好，我需要帮助')).toBeUndefined();
    expect(dominantScript('Здравствуйте, мне нужна помощь')).toBeUndefined();
  });

  it('names every one of the 17 languages under exactly one script', () => {
    const languages = Object.values(SCRIPT_LANGUAGES).flat();
    expect([...languages].sort()).toEqual(['am', 'ar', 'bn', 'en', 'hi', 'id', 'lg', 'ml', 'ne', 'om', 'si', 'sw', 'ta', 'te', 'ti', 'tl', 'ur']);
  });
});

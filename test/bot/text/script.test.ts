// The script guess picks the language menu's first suggestion, so each supported script must land on the right candidates.
import { detectLanguageByScript } from '../../../bot/text/script';

describe('detectLanguageByScript', () => {
  it.each([
    ['مرحبا', 'Arabic', ['ar', 'ur']],
    ['أريد أن أعرف حقوقي', 'Arabic', ['ar', 'ur']],
    ['السلام علیکم، میرا ڈیٹا', 'Arabic', ['ur', 'ar']],
    ['مجھے مدد چاہیے', 'Arabic', ['ur', 'ar']],
    ['मुझे मदद चाहिए, मुझे कमरे में बंद कर दिया है', 'Devanagari', ['hi', 'ne']],
    ['मुझे कुछ पूछना है', 'Devanagari', ['hi', 'ne']],
    ['नमस्ते', 'Devanagari', ['hi', 'ne']],
    ['तपाईंलाई कस्तो छ? म ठिक छु', 'Devanagari', ['ne', 'hi']],
    ['मलाई सहयोग गर्नुहोस्', 'Devanagari', ['ne', 'hi']],
    ['आमा घर जानुहुन्छ', 'Devanagari', ['ne', 'hi']],
    ['আমার সাহায্য দরকার', 'Bengali', ['bn']],
    ['எனக்கு உதவி வேண்டும்', 'Tamil', ['ta']],
    ['నాకు సహాయం కావాలి', 'Telugu', ['te']],
    ['എനിക്ക് സഹായം വേണം', 'Malayalam', ['ml']],
    ['මට උදව් ඕනේ', 'Sinhala', ['si']],
    ['እርዳታ እፈልጋለሁ', 'Ethiopic', ['am', 'ti']],
  ])('%s → %s %j', (text, script, languages) => {
    expect(detectLanguageByScript(text)).toEqual({ script, languages });
  });

  it.each([
    ['hello', 'en'],
    ['I need help with my salary', 'en'],
    ['Kumusta po, kailangan ko ng tulong', 'tl'],
    ['Salamat po', 'tl'],
    ['Saya tidak bisa pulang, tolong', 'id'],
    ['Terima kasih', 'id'],
    ['Habari, nina shida na mshahara', 'sw'],
    ['Asante sana', 'sw'],
    ['Akkam, gargaarsa barbaada', 'om'],
    ['Oli otya nyabo', 'lg'],
    ['xyz', 'en'],
  ])('%s → Latin, %s first', (text, first) => {
    const guess = detectLanguageByScript(text);
    expect(guess?.script).toBe('Latin');
    expect(guess?.languages[0]).toBe(first);
    expect([...(guess?.languages ?? [])].sort()).toEqual(['en', 'id', 'lg', 'om', 'sw', 'tl']);
  });

  it('follows the script of most letters in mixed text', () => {
    expect(detectLanguageByScript('ok मुझे मदद चाहिए')?.script).toBe('Devanagari');
    expect(detectLanguageByScript('مرحبا hi')?.script).toBe('Arabic');
  });

  it.each(['123', '٢', '', '   ', '👍🙏', '?!', '２'])('%j → undefined (no letters)', (text) => {
    expect(detectLanguageByScript(text)).toBeUndefined();
  });

  it('returns undefined when most letters are in a script no supported language uses', () => {
    expect(detectLanguageByScript('你好，我需要帮助')).toBeUndefined();
  });
});

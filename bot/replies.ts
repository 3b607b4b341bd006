// What every reply looks like when it leaves the bot, whatever the channel:
// the worker's language, plain text, right to left where the language is, and
// line breaks that survive a client that reads Markdown.
import { ActivityTypes, TextFormatTypes, type Activity } from 'botbuilder';
import { isRightToLeft } from '../kernel/i18n';

const RLM = '\u200f';
/** Markdown's hard line break: two spaces before the newline. */
const HARD_BREAK = '  ';

/**
 * Every reply as the worker should read it, in any client: the locale; plain text
 * (`textFormat`), so Web Chat and other Bot Framework clients show it line by line
 * instead of reading it as Markdown; a mark per line in right-to-left languages so
 * plain-text channels align them; and each line that another follows ends in a
 * Markdown hard break (two spaces, invisible in plain text), so a client that reads
 * Markdown anyway keeps the lines of a menu or of the emergency numbers (an RLM
 * before "1." stops Markdown seeing a list, and it would join the lines).
 * `channelData.languageConfirmed` tells a client with its own language switcher (the
 * widget) whether the worker settled the language or the bot only guessed it.
 */
export function shapeReply(activity: Partial<Activity>, language: string, said: string[], languageConfirmed: boolean): void {
  if (activity.type !== ActivityTypes.Message) return;
  activity.locale = language;
  activity.textFormat = TextFormatTypes.Plain;
  activity.channelData = { ...(activity.channelData as object | undefined), languageConfirmed };
  if (typeof activity.text === 'string') {
    said.push(activity.text);
    const rightToLeft = isRightToLeft(language);
    const lines = activity.text.split('\n').map((line) => (rightToLeft && line && !line.startsWith(RLM) ? RLM + line : line));
    activity.text = lines
      .map((line, i) => {
        const next = lines[i + 1];
        return next !== undefined && line.trim() !== '' && next.trim() !== '' ? line.trimEnd() + HARD_BREAK : line;
      })
      .join('\n');
    if (rightToLeft) activity.channelData = { ...(activity.channelData as object | undefined), textDirection: 'rtl' };
  }
}

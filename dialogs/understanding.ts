// What the dialogs ask of free-text understanding, declared here so the dialogs
// depend on this contract only: bot/understanding/freeText.ts implements it
// (with the intent classifier), tests may pass a fake.

/** Where understood free text takes the worker. */
export type UnderstoodGoal =
  | {
      goal: 'report';
      /** "What happened" options the message named (report.wages → 'wages'). */
      whatHappened: string[];
      /** The worker's own words, kept (encrypted) as the report's narrative. */
      narrative: string;
    }
  | { goal: 'rights'; topic: string }
  | { goal: 'shelter' | 'fund' | 'person' | 'language' | 'safety' | 'menu' };

export type GoalId = UnderstoodGoal['goal'];

/** One numbered choice of "did you mean…?": where it leads and the i18n key of its label. */
export interface DidYouMeanChoice {
  goal: UnderstoodGoal;
  label: string;
}

/** What to do with a message. */
export type Interpretation =
  /** Go there; say `intro` (an i18n key) first when given. */
  | { kind: 'goal'; goal: UnderstoodGoal; intro?: string }
  /** Say `line` (an i18n key) and ask the same question again. */
  | { kind: 'stay'; line: string }
  /** Not sure: offer these, plus "something else" (which asks the same question again). */
  | { kind: 'didYouMean'; choices: DidYouMeanChoice[] }
  /** Nothing understood: the usual "please reply with a number". */
  | { kind: 'none' };

/** What free text can be interpreted by (dialogs depend on this, tests may pass a fake). */
export interface FreeTextInterpreter {
  interpret(text: string, language: string): Interpretation;
}

/** Letters somewhere: the message is words, not a number, an emoji or punctuation. */
const HAS_LETTERS = /\p{L}/u;

/** Whether a message is free text worth understanding (it has letters). */
export function isFreeText(text: string): boolean {
  return HAS_LETTERS.test(text);
}

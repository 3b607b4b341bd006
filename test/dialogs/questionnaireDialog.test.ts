// The form engine alone, through botbuilder-testing's DialogTestClient: tables
// of [worker says, bot replies] for every kind of question, back and skip.
import type { TurnContext } from 'botbuilder';
import { DialogTestClient } from 'botbuilder-testing';
import { createI18n } from '../../kernel/i18n';
import { CommandMatcher } from '../../kernel/text/commands';
import { ComponentDialog, type DialogContext, type DialogEvent } from 'botbuilder-dialogs';
import type { FreeTextInterpreter, Interpretation } from '../../bot/understanding/freeText';
import { FREE_TEXT_GOAL_EVENT, QuestionnaireDialog, type FreeTextGoal, type Question } from '../../dialogs/questionnaireDialog';
import { TURN_SERVICES, type TurnServices } from '../../dialogs/turnServices';

const i18n = createI18n();
const commands = new CommandMatcher(i18n);
// A throwaway namespace for this test only.
i18n.addResourceBundle('en', 'form', {
  colour: { question: 'Colour?', options: { red: 'Red', green: 'Green', blue: 'Blue' } },
  pets: { question: 'Pets?', options: { cat: 'Cat', dog: 'Dog' } },
  count: { question: 'How many?' },
  note: { question: 'Any note?' },
});

const QUESTIONS: Question[] = [
  { id: 'colour', kind: 'choice', options: ['red', 'green', 'blue'] },
  { id: 'pets', kind: 'multiChoice', options: ['cat', 'dog'], optional: true },
  { id: 'count', kind: 'number', min: 1, max: 5, when: (a) => Array.isArray(a.pets) && a.pets.length > 0 },
  { id: 'note', kind: 'text', maxLength: 10, optional: true },
];

function client(language = 'en'): DialogTestClient {
  const servicesMiddleware = {
    onTurn: async (context: TurnContext, next: () => Promise<void>) => {
      const services: TurnServices = {
        t: i18n.getFixedT(language),
        language,
        languageGuessed: false,
        languageChoices: [],
        userHash: 'u',
        conversationHash: 'c',
        command: commands.match(context.activity.text),
        erased: false,
        effectKey: () => undefined, effects: new Set<string>(),
        setLanguage: () => undefined,
      };
      context.turnState.set(TURN_SERVICES, services);
      await next();
    },
  };
  return new DialogTestClient('test', new QuestionnaireDialog('form', 'form', QUESTIONS), undefined, [servicesMiddleware]);
}

type Row = [says: string, reply: RegExp];

async function play(rows: Row[], c = client()): Promise<DialogTestClient> {
  for (const [says, expected] of rows) {
    let reply = c.getNextReply()?.text;
    if (says) reply = (await c.sendActivity(says))?.text;
    const all = [reply, ...drain(c)].join('\n');
    expect(`${says} → ${all}`).toMatch(expected);
  }
  return c;
}

function drain(c: DialogTestClient): string[] {
  const out: string[] = [];
  for (let next = c.getNextReply(); next; next = c.getNextReply()) out.push(next.text ?? '');
  return out;
}

test.each<[string, Row[], Record<string, unknown> | 'waiting' | 'back']>([
  ['numbers, a list, a count, a note', [['go', /Colour\?[\s\S]*1\. Red/], ['2', /Pets\?/], ['1 2', /How many/], ['3', /Any note/], ['fine', /^fine → $/]], { colour: 'green', pets: ['cat', 'dog'], count: 3, note: 'fine' }],
  ['labels instead of numbers, in any case', [['go', /Colour/], ['BLUE', /Pets/], ['dog', /How many/], ['1', /note/], ['skip', /^skip → $/]], { colour: 'blue', pets: ['dog'], count: 1, note: null }],
  ['skipping the list skips the count it conditions', [['go', /Colour/], ['1', /Pets/], ['skip', /Any note/]], 'waiting'],
  ['digits of other scripts', [['go', /Colour/], ['٣', /Pets/], ['১ ২', /How many/], ['५', /note/]], 'waiting'],
  ['invalid answers are re-asked', [['go', /Colour/], ['purple', /did not understand[\s\S]*Colour\?/], ['4', /did not understand/], ['skip', /HUMAN[\s\S]*Colour\?/], ['1', /Pets/], ['1 1 7', /did not understand[\s\S]*Pets\?/], ['1 1', /How many/], ['9', /did not understand/], ['0', /did not understand/], ['2', /note/], ['this is far too long', /did not understand/]], 'waiting'],
  ['back re-asks the previous question, and keeps going', [['go', /Colour/], ['1', /Pets/], ['back', /Colour/], ['3', /Pets/]], 'waiting'],
  ['back from the first question ends with "back"', [['go', /Colour/], ['back', /^back → $/]], 'back'],
])('%s', async (_name, rows, outcome) => {
  const c = await play(rows);
  if (outcome === 'waiting') {
    expect(c.dialogTurnResult.status).toBe('waiting');
  } else if (outcome === 'back') {
    expect(c.dialogTurnResult.result).toMatchObject({ status: 'back' });
  } else {
    expect(c.dialogTurnResult.status).toBe('complete');
    expect(c.dialogTurnResult.result).toEqual({ status: 'done', answers: outcome });
  }
});

test('a menu carries buttons whose value is the number', async () => {
  const c = client();
  const reply = await c.sendActivity('go');
  expect(reply.suggestedActions?.actions.map((action: { value: unknown }) => action.value)).toEqual(['1', '2', '3']);
});

test('in Arabic the re-prompt is Arabic', async () => {
  const c = client('ar');
  await c.sendActivity('go');
  const reply = await c.sendActivity('؟');
  expect(reply.text).toBe(i18n.getFixedT('ar')('common:invalidChoice'));
});

describe('free text where a choice is asked', () => {
  // A fake interpreter: what each message means is fixed here, so the form's handling is what is tested.
  const MEANINGS: Record<string, Interpretation> = {
    'good morning': { kind: 'stay', line: 'understand:greeting' },
    'something about colours': { kind: 'didYouMean', choices: [{ goal: { goal: 'rights', topic: 'wages' }, label: 'understand:intents.fund' }] },
    'a safe place please': { kind: 'goal', goal: { goal: 'shelter' } },
    'i like red': { kind: 'goal', goal: { goal: 'report', whatHappened: [], narrative: 'i like red' }, intro: 'understand:reportStarted' },
  };
  const interpreter: FreeTextInterpreter = { interpret: (text) => MEANINGS[text] ?? { kind: 'none' } };
  const events: FreeTextGoal[] = [];

  /** The form inside a parent that takes the free-text event, as the main dialog does. */
  class Parent extends ComponentDialog {
    constructor() {
      super('parent');
      this.addDialog(
        new QuestionnaireDialog('form', 'form', QUESTIONS, {
          interpreter,
          goal: 'report',
          absorb: (goal) => (goal.goal === 'report' && goal.narrative === 'i like red' ? { colour: 'red' } : undefined),
        }),
      );
    }
    protected override async onPreBubbleEvent(dc: DialogContext, event: DialogEvent): Promise<boolean> {
      if (event.name !== FREE_TEXT_GOAL_EVENT) return false;
      events.push(event.value as FreeTextGoal);
      await dc.context.sendActivity('parent took it');
      await dc.cancelAllDialogs();
      return true;
    }
  }
  const t = i18n.getFixedT('en');

  function freeTextClient(): DialogTestClient {
    const servicesMiddleware = {
      onTurn: async (context: TurnContext, next: () => Promise<void>) => {
        context.turnState.set(TURN_SERVICES, { t, language: 'en', languageGuessed: false, languageChoices: [], userHash: 'u', conversationHash: 'c', command: commands.match(context.activity.text), erased: false, effectKey: () => undefined, effects: new Set<string>(), setLanguage: () => undefined } satisfies TurnServices);
        await next();
      },
    };
    return new DialogTestClient('test', new Parent(), undefined, [servicesMiddleware]);
  }
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

  test('a greeting: the warm line and the same question', async () => {
    await play([['go', /Colour/], ['good morning', new RegExp(`${escape(t('understand:greeting'))}[\\s\\S]*Colour\\?`)]], freeTextClient());
  });

  test('unsure: did you mean, and "something else" asks the same question again', async () => {
    const c = await play([['go', /Colour/], ['something about colours', new RegExp(`${escape(t('understand:didYouMean.question'))}[\\s\\S]*1\\. ${escape(t('understand:intents.fund'))}[\\s\\S]*2\\. ${escape(t('understand:didYouMean.options.none'))}`)], ['7', /did not understand[\s\S]*Did you mean/], ['2', /Colour\?/], ['1', /Pets/]], freeTextClient());
    expect(c.dialogTurnResult.status).toBe('waiting');
  });

  test('another goal goes up to the parent, with the words', async () => {
    events.length = 0;
    await play([['go', /Colour/], ['a safe place please', /parent took it/]], freeTextClient());
    expect(events).toEqual([{ goal: { goal: 'shelter' }, text: 'a safe place please' }]);
  });

  test('a choice of "did you mean" goes there', async () => {
    events.length = 0;
    await play([['go', /Colour/], ['something about colours', /Did you mean/], ['1', /parent took it/]], freeTextClient());
    expect(events).toEqual([{ goal: { goal: 'rights', topic: 'wages' }, text: 'something about colours' }]);
  });

  test("what the form's own goal tells is taken as answers, and the question it answers is not asked", async () => {
    const c = await play([['go', /Colour/], ['i like red', /Pets\?/], ['back', /Colour/]], freeTextClient());
    expect(c.dialogTurnResult.status).toBe('waiting');
  });

  test('nothing understood: the usual re-ask', async () => {
    await play([['go', /Colour/], ['purple', /did not understand[\s\S]*Colour\?/]], freeTextClient());
  });
});

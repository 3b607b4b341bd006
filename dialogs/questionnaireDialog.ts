// A numbered-question form: the intake, shelter, fund and menu dialogs are
// lists of questions declared as data, so "back", "skip", re-prompts and digits
// of every script work the same everywhere and a reviewer can read what we ask.
// Where a choice is asked and the answer is neither a number nor a label, the
// worker's free text is understood (dialogs/understanding.ts, implemented in bot/understanding/): the form
// takes what it can use, "did you mean…?" is asked when the bot is unsure, and
// any other goal bubbles up as a FREE_TEXT_GOAL_EVENT for the main dialog.
import { ActionTypes, ActivityTypes, type Activity, type CardAction } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { isFreeText, type DidYouMeanChoice, type FreeTextInterpreter, type GoalId, type Interpretation, type UnderstoodGoal } from './understanding';
import { normalizeCommandText } from '../kernel/text/commands';
import { parseChoiceNumber } from '../kernel/text/digits';
import type { Translate } from '../kernel/i18n';
import { turnServices } from './turnServices';

/** Emitted (bubbling) when free text leads elsewhere; its value is a {@link FreeTextGoal}. */
export const FREE_TEXT_GOAL_EVENT = 'hotline.freeTextGoal';

/** Where free text leads, with the worker's words and a line to say first. */
export interface FreeTextGoal {
  goal: UnderstoodGoal;
  /** i18n key said before going there. */
  intro?: string;
  /** What the worker wrote. */
  text: string;
}

/** How a form treats free text given where it asked a choice. */
export interface FreeTextOptions {
  interpreter: FreeTextInterpreter;
  /** The goal this form serves: free text understood as it keeps the worker on the question. */
  goal?: GoalId | 'menu';
  /**
   * Answers this form takes from free text understood as `goal` (the report takes the named
   * problems and the words; the rights menu the topic); undefined when it takes nothing.
   */
  absorb?(goal: UnderstoodGoal, answers: Answers): Answers | undefined;
}

/** An answer: an option id, several, free text, a number, or null when skipped. */
export type Answer = string | string[] | number | null;
export type Answers = Record<string, Answer | undefined>;

interface QuestionBase {
  /** The answer's key, and the i18n key `<namespace>:<id>.question`. */
  id: string;
  /** Asked only when this holds for the answers so far. */
  when?: (answers: Answers) => boolean;
  /** The worker may reply SKIP (surveys must let survivors skip questions). */
  optional?: boolean;
}

export interface ChoiceQuestion extends QuestionBase {
  kind: 'choice' | 'multiChoice';
  /** Option ids; labels are `<namespace>:<id>.options.<option>` unless `label` says otherwise. */
  options: readonly string[] | ((answers: Answers) => readonly string[]);
  /** The i18n key of an option's label, optionally in another language (a language's own name). */
  label?: (option: string) => string | { key: string; lng: string };
}

export interface TextQuestion extends QuestionBase {
  kind: 'text';
  maxLength?: number;
}

export interface NumberQuestion extends QuestionBase {
  kind: 'number';
  min: number;
  max: number;
}

export type Question = ChoiceQuestion | TextQuestion | NumberQuestion;

export interface QuestionnaireOptions {
  /** i18n key of a message sent before the first question. */
  intro?: string;
  /** Answers already known (from the worker's free text): their questions are not asked. */
  answers?: Answers;
  /**
   * Free text the worker already wrote (a first message): understood as if written in answer to the
   * first question; when it says nothing the form can use, the question is simply asked.
   */
  freeText?: string;
}

/** What the dialog returns: the answers, or that the worker went back from the first question. */
export interface QuestionnaireResult {
  status: 'done' | 'back';
  answers: Answers;
}

interface QuestionnaireState {
  answers: Answers;
  index: number;
  history: number[];
  retries: number;
  /** Questions answered from free text (or known at the start): skipped, also when going back. */
  known: string[];
  /** "Did you mean…?" asked about this text, with these choices. */
  didYouMean?: { text: string; choices: DidYouMeanChoice[] };
}

const STATE = 'questionnaire';
const MAX_RETRIES_BEFORE_HINT = 3;

/** Asks {@link Question}s in order; see the file header. */
export class QuestionnaireDialog extends Dialog<QuestionnaireOptions> {
  /**
   * @param freeText how free text is understood where a choice is asked; without it, free text is
   *   re-asked as any unparsable answer is.
   */
  constructor(
    dialogId: string,
    private readonly namespace: string,
    private readonly questions: readonly Question[],
    private readonly freeText?: FreeTextOptions,
  ) {
    super(dialogId);
    if (questions.length === 0) throw new Error(`QuestionnaireDialog(${dialogId}): no questions`);
  }

  override async beginDialog(dc: DialogContext, options?: QuestionnaireOptions): Promise<DialogTurnResult> {
    const answers = { ...(options?.answers ?? {}) };
    const state: QuestionnaireState = { answers, index: -1, history: [], retries: 0, known: Object.keys(answers) };
    state.index = this.nextIndex(state, -1);
    dc.activeDialog!.state[STATE] = state;
    if (options?.intro) await dc.context.sendActivity(turnServices(dc.context).t(options.intro));
    if (state.index < 0) return dc.endDialog({ status: 'done', answers: state.answers } satisfies QuestionnaireResult);
    const question = this.questions[state.index]!;
    if (options?.freeText && this.freeText && isChoice(question) && isFreeText(options.freeText)) {
      return this.understand(dc, state, options.freeText, true);
    }
    await this.ask(dc, state, false);
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const activity = dc.context.activity;
    if (activity.type !== ActivityTypes.Message) return Dialog.EndOfTurn;
    const state = dc.activeDialog!.state[STATE] as QuestionnaireState;
    state.known ??= []; // state saved before free text was understood
    const { command } = turnServices(dc.context);

    if (state.didYouMean) return this.answerDidYouMean(dc, state, activity.text ?? '');

    if (command === 'back') {
      const previous = state.history.pop();
      if (previous === undefined) return dc.endDialog({ status: 'back', answers: state.answers } satisfies QuestionnaireResult);
      state.index = previous;
      state.retries = 0;
      await this.ask(dc, state, false);
      return Dialog.EndOfTurn;
    }

    const question = this.questions[state.index]!;
    const text = activity.text ?? '';
    const parsed = this.parse(dc, question, state.answers, text, command === 'skip');
    if (parsed === INVALID) {
      if (this.freeText && isChoice(question) && command !== 'skip' && isFreeText(text)) return this.understand(dc, state, text, false);
      return this.reAsk(dc, state);
    }
    state.answers[question.id] = parsed;
    return this.advance(dc, state);
  }

  override async repromptDialog(context: DialogContext['context'], instance: { state: Record<string, unknown> }): Promise<void> {
    const state = instance.state[STATE] as QuestionnaireState;
    await context.sendActivity(this.render(context, state, true));
  }

  /** The option ids a choice question offers for these answers. */
  optionsOf(question: ChoiceQuestion, answers: Answers): readonly string[] {
    return typeof question.options === 'function' ? question.options(answers) : question.options;
  }

  private nextIndex(state: QuestionnaireState, after: number): number {
    for (let index = after + 1; index < this.questions.length; index++) {
      const question = this.questions[index]!;
      if (state.known.includes(question.id)) continue;
      if (!question.when || question.when(state.answers)) return index;
    }
    return -1;
  }

  /** The current question is answered: on to the next, or done. */
  private async advance(dc: DialogContext, state: QuestionnaireState): Promise<DialogTurnResult> {
    state.history.push(state.index);
    state.retries = 0;
    state.index = this.nextIndex(state, state.index);
    if (state.index < 0) return dc.endDialog({ status: 'done', answers: state.answers } satisfies QuestionnaireResult);
    await this.ask(dc, state, false);
    return Dialog.EndOfTurn;
  }

  /** "Sorry, I did not understand" (after a few tries, the way to a person) and the question again. */
  private async reAsk(dc: DialogContext, state: QuestionnaireState): Promise<DialogTurnResult> {
    const { t } = turnServices(dc.context);
    state.retries += 1;
    await dc.context.sendActivity(t(state.retries === MAX_RETRIES_BEFORE_HINT ? 'common:tooManyTries' : 'common:invalidChoice'));
    await this.ask(dc, state, true);
    return Dialog.EndOfTurn;
  }

  /** Free text where a choice was asked; `first` when it is a message written before the question. */
  private async understand(dc: DialogContext, state: QuestionnaireState, text: string, first: boolean): Promise<DialogTurnResult> {
    const { t, language } = turnServices(dc.context);
    const interpretation: Interpretation = this.freeText!.interpreter.interpret(text, language);
    switch (interpretation.kind) {
      case 'goal':
        return this.follow(dc, state, { goal: interpretation.goal, intro: interpretation.intro, text });
      case 'stay':
        if (!first) await dc.context.sendActivity(t(interpretation.line));
        await this.ask(dc, state, true);
        return Dialog.EndOfTurn;
      case 'didYouMean':
        state.didYouMean = { text, choices: interpretation.choices };
        await dc.context.sendActivity(this.renderDidYouMean(dc.context, state.didYouMean.choices));
        return Dialog.EndOfTurn;
      case 'none':
        if (first) {
          await this.ask(dc, state, false);
          return Dialog.EndOfTurn;
        }
        return this.reAsk(dc, state);
    }
  }

  /** Goes where free text leads: into this form's answers, back to this question, or up to the main dialog. */
  private async follow(dc: DialogContext, state: QuestionnaireState, goal: FreeTextGoal): Promise<DialogTurnResult> {
    const { t } = turnServices(dc.context);
    const absorbed = this.freeText?.absorb?.(goal.goal, state.answers);
    if (absorbed) {
      const question = this.questions[state.index]!;
      for (const [key, value] of Object.entries(absorbed)) {
        state.answers[key] = value;
        if (!state.known.includes(key)) state.known.push(key);
      }
      if (state.known.includes(question.id)) return this.advance(dc, state);
      if (goal.intro) await dc.context.sendActivity(t(goal.intro));
      state.retries = 0;
      await this.ask(dc, state, true);
      return Dialog.EndOfTurn;
    }
    if (goal.goal.goal === this.freeText?.goal) {
      // Already here. Only the menu's own line (a plea's warm answer) is worth saying before asking again.
      if (goal.goal.goal !== 'menu' || !goal.intro) return this.reAsk(dc, state);
      await dc.context.sendActivity(t(goal.intro));
      await this.ask(dc, state, true);
      return Dialog.EndOfTurn;
    }
    // The main dialog starts over toward the goal; nothing of this form's state may be touched after.
    if (await dc.emitEvent(FREE_TEXT_GOAL_EVENT, goal satisfies FreeTextGoal, true, false)) return Dialog.EndOfTurn;
    return this.reAsk(dc, state);
  }

  /** The answer to "did you mean…?": a choice, "something else" (the question again), or new free text. */
  private async answerDidYouMean(dc: DialogContext, state: QuestionnaireState, text: string): Promise<DialogTurnResult> {
    const { t, command } = turnServices(dc.context);
    const pending = state.didYouMean!;
    const labels = [...pending.choices.map((choice) => t(choice.label)), t('understand:didYouMean.options.none')];
    const wanted = normalizeCommandText(text);
    let chosen = labels.findIndex((label, i) => wanted !== '' && (wanted === normalizeCommandText(label) || wanted === `${i + 1} ${normalizeCommandText(label)}`));
    if (chosen < 0) {
      const n = parseChoiceNumber(text);
      if (n !== undefined && n >= 1 && n <= labels.length) chosen = n - 1;
    }
    if (chosen < 0 && command !== 'back' && command !== 'skip' && isFreeText(text)) {
      state.didYouMean = undefined;
      return this.understand(dc, state, text, false);
    }
    if (chosen < 0 && command !== 'back' && command !== 'skip') {
      await dc.context.sendActivity(t('common:invalidChoice'));
      await dc.context.sendActivity(this.renderDidYouMean(dc.context, pending.choices));
      return Dialog.EndOfTurn;
    }
    state.didYouMean = undefined;
    const choice = pending.choices[chosen];
    if (!choice) {
      // Something else (or back): where the worker was.
      await this.ask(dc, state, true);
      return Dialog.EndOfTurn;
    }
    return this.follow(dc, state, { goal: choice.goal, intro: choice.goal.goal === 'report' ? 'understand:reportStarted' : undefined, text: pending.text });
  }

  private renderDidYouMean(context: DialogContext['context'], choices: readonly DidYouMeanChoice[]): Partial<Activity> {
    const { t } = turnServices(context);
    const labels = [...choices.map((choice) => t(choice.label)), t('understand:didYouMean.options.none')];
    return {
      type: ActivityTypes.Message,
      text: [t('understand:didYouMean.question'), '', ...labels.map((label, i) => `${i + 1}. ${label}`), '', t('common:replyWithNumber')].join('\n'),
      inputHint: 'expectingInput',
      suggestedActions: { actions: labels.map((label, i) => ({ type: ActionTypes.ImBack, title: `${i + 1}. ${label}`, value: String(i + 1) })), to: [] },
    };
  }

  private async ask(dc: DialogContext, state: QuestionnaireState, isReprompt: boolean): Promise<void> {
    await dc.context.sendActivity(this.render(dc.context, state, isReprompt));
  }

  private labelOf(t: Translate, question: ChoiceQuestion, option: string): string {
    const label = question.label?.(option) ?? `${this.namespace}:${question.id}.options.${option}`;
    return typeof label === 'string' ? t(label) : t(label.key, { lng: label.lng });
  }

  private render(context: DialogContext['context'], state: QuestionnaireState, _isReprompt: boolean): Partial<Activity> {
    const { t } = turnServices(context);
    const question = this.questions[state.index]!;
    const lines = [t(`${this.namespace}:${question.id}.question`)];
    let actions: CardAction[] | undefined;
    if (question.kind === 'choice' || question.kind === 'multiChoice') {
      const options = this.optionsOf(question, state.answers);
      const labels = options.map((option) => this.labelOf(t, question, option));
      lines.push('', ...labels.map((label, i) => `${i + 1}. ${label}`));
      lines.push('', t(question.kind === 'choice' ? 'common:replyWithNumber' : 'common:replyWithNumbers'));
      if (question.kind === 'choice') {
        actions = labels.map((label, i) => ({ type: ActionTypes.ImBack, title: `${i + 1}. ${label}`, value: String(i + 1) }));
      }
    }
    if (question.optional) lines.push(t('common:skipHint'));
    return {
      type: ActivityTypes.Message,
      text: lines.join('\n'),
      inputHint: 'expectingInput',
      ...(actions ? { suggestedActions: { actions, to: [] } } : {}),
    };
  }

  private parse(dc: DialogContext, question: Question, answers: Answers, text: string, isSkip: boolean): Answer | typeof INVALID {
    if (isSkip) return question.optional ? null : INVALID;
    const trimmed = text.trim();
    switch (question.kind) {
      case 'text': {
        if (!trimmed) return INVALID;
        if (question.maxLength && trimmed.length > question.maxLength) return INVALID;
        return trimmed;
      }
      case 'number': {
        const value = parseChoiceNumber(trimmed);
        return value !== undefined && value >= question.min && value <= question.max ? value : INVALID;
      }
      case 'choice':
      case 'multiChoice': {
        const options = this.optionsOf(question, answers);
        const byLabel = this.matchLabel(dc, question, options, trimmed);
        if (byLabel) return question.kind === 'choice' ? byLabel : [byLabel];
        if (question.kind === 'choice') {
          const n = parseChoiceNumber(trimmed);
          return n !== undefined && n >= 1 && n <= options.length ? options[n - 1]! : INVALID;
        }
        const parts = trimmed.split(/[\s,،、;.]+/u).filter(Boolean);
        const chosen: string[] = [];
        for (const part of parts) {
          const n = parseChoiceNumber(part);
          if (n === undefined || n < 1 || n > options.length) return INVALID;
          const option = options[n - 1]!;
          if (!chosen.includes(option)) chosen.push(option);
        }
        return chosen.length > 0 ? chosen : INVALID;
      }
    }
  }

  /** A worker may type (or tap) an option's label instead of its number. */
  private matchLabel(dc: DialogContext, question: ChoiceQuestion, options: readonly string[], text: string): string | undefined {
    const { t } = turnServices(dc.context);
    const wanted = normalizeCommandText(text);
    if (!wanted || /^\d+$/.test(wanted)) return undefined;
    // The label alone, or "N. label" as a tapped button sends it.
    return options.find((option, i) => {
      const label = normalizeCommandText(this.labelOf(t, question, option));
      return wanted === label || wanted === `${i + 1} ${label}`;
    });
  }
}

const INVALID = Symbol('invalid');

function isChoice(question: Question): question is ChoiceQuestion {
  return question.kind === 'choice' || question.kind === 'multiChoice';
}

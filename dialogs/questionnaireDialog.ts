// A numbered-question form: the intake, shelter, fund and menu dialogs are
// lists of questions declared as data, so "back", "skip", re-prompts and digits
// of every script work the same everywhere and a reviewer can read what we ask.
import { ActionTypes, ActivityTypes, type Activity, type CardAction } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { normalizeCommandText } from '../bot/text/commands';
import { parseChoiceNumber } from '../bot/text/digits';
import type { Translate } from '../bot/i18n';
import { turnServices } from './turnServices';

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
  /** Answers already known (e.g. when starting again). */
  answers?: Answers;
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
}

const STATE = 'questionnaire';
const MAX_RETRIES_BEFORE_HINT = 3;

/** Asks {@link Question}s in order; see the file header. */
export class QuestionnaireDialog extends Dialog<QuestionnaireOptions> {
  constructor(
    dialogId: string,
    private readonly namespace: string,
    private readonly questions: readonly Question[],
  ) {
    super(dialogId);
    if (questions.length === 0) throw new Error(`QuestionnaireDialog(${dialogId}): no questions`);
  }

  override async beginDialog(dc: DialogContext, options?: QuestionnaireOptions): Promise<DialogTurnResult> {
    const state: QuestionnaireState = { answers: { ...(options?.answers ?? {}) }, index: -1, history: [], retries: 0 };
    state.index = this.nextIndex(state.answers, -1);
    dc.activeDialog!.state[STATE] = state;
    if (options?.intro) await dc.context.sendActivity(turnServices(dc.context).t(options.intro));
    if (state.index < 0) return dc.endDialog({ status: 'done', answers: state.answers } satisfies QuestionnaireResult);
    await this.ask(dc, state, false);
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const activity = dc.context.activity;
    if (activity.type !== ActivityTypes.Message) return Dialog.EndOfTurn;
    const state = dc.activeDialog!.state[STATE] as QuestionnaireState;
    const { command, t } = turnServices(dc.context);

    if (command === 'back') {
      const previous = state.history.pop();
      if (previous === undefined) return dc.endDialog({ status: 'back', answers: state.answers } satisfies QuestionnaireResult);
      state.index = previous;
      state.retries = 0;
      await this.ask(dc, state, false);
      return Dialog.EndOfTurn;
    }

    const question = this.questions[state.index]!;
    const parsed = this.parse(dc, question, state.answers, activity.text ?? '', command === 'skip');
    if (parsed === INVALID) {
      state.retries += 1;
      await dc.context.sendActivity(t(state.retries === MAX_RETRIES_BEFORE_HINT ? 'common:tooManyTries' : 'common:invalidChoice'));
      await this.ask(dc, state, true);
      return Dialog.EndOfTurn;
    }
    state.answers[question.id] = parsed;
    state.history.push(state.index);
    state.retries = 0;
    state.index = this.nextIndex(state.answers, state.index);
    if (state.index < 0) return dc.endDialog({ status: 'done', answers: state.answers } satisfies QuestionnaireResult);
    await this.ask(dc, state, false);
    return Dialog.EndOfTurn;
  }

  override async repromptDialog(context: DialogContext['context'], instance: { state: Record<string, unknown> }): Promise<void> {
    const state = instance.state[STATE] as QuestionnaireState;
    await context.sendActivity(this.render(context, state, true));
  }

  /** The option ids a choice question offers for these answers. */
  optionsOf(question: ChoiceQuestion, answers: Answers): readonly string[] {
    return typeof question.options === 'function' ? question.options(answers) : question.options;
  }

  private nextIndex(answers: Answers, after: number): number {
    for (let index = after + 1; index < this.questions.length; index++) {
      const question = this.questions[index]!;
      if (!question.when || question.when(answers)) return index;
    }
    return -1;
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

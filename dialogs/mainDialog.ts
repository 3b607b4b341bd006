// The root of every conversation: language first, then the main menu, and the
// goal the worker picks. Global commands and the safety interrupt restart it
// with a goal (see bot/hotlineBot.ts); so does free text understood at any menu
// (a FREE_TEXT_GOAL_EVENT from a form), and a first message is understood
// once the language is settled. Its children, one dialog per goal, are given
// to it (dialogs/goalDialogs.ts), so it imports none of them.
import { ComponentDialog, WaterfallDialog, type DialogContext, type DialogEvent, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { DangerMatch } from '../kernel/text/danger';
import type { DialogDependencies } from './dependencies';
import {
  GOAL_DIALOG_IDS,
  MAIN_DIALOG,
  MENU_OPTIONS,
  type Goal,
  type GoalDialogs,
  type GoalResult,
  type KnowYourRightsOptions,
  type LanguageDialogOptions,
  type ReportAbuseOptions,
  type SafetyDialogOptions,
} from './goals';
import { FREE_TEXT_GOAL_EVENT, QuestionnaireDialog, type FreeTextGoal, type QuestionnaireOptions, type QuestionnaireResult } from './questionnaireDialog';
import { turnServices } from './turnServices';
import type { UnderstoodGoal } from './understanding';

const MENU = 'main.menu';
const FLOW = 'main.flow';

export interface MainDialogOptions {
  goal?: Goal;
  danger?: DangerMatch;
  /** The message that raised the safety interrupt (kept, encrypted, on the case). */
  text?: string;
  /** A new conversation: greet before the menu. */
  welcome?: boolean;
  /** The worker's first message, understood at the menu once the language is settled. */
  firstMessage?: string;
  /** What free text already told about the goal (the problems named and the words, the rights topic). */
  understood?: UnderstoodGoal;
}

export class MainDialog extends ComponentDialog {
  /** The children come from the composition root (createGoalDialogs), each under its goal's id. */
  constructor(
    private readonly deps: DialogDependencies,
    private readonly children: GoalDialogs,
  ) {
    super(MAIN_DIALOG);
    this.addDialog(
      new QuestionnaireDialog(MENU, 'menu', [{ id: 'choice', kind: 'choice', options: MENU_OPTIONS }], deps.understanding && { interpreter: deps.understanding, goal: 'menu' }),
    );
    for (const [goal, dialog] of Object.entries(children.goals) as [Goal, GoalDialogs['goals'][Goal]][]) {
      if (dialog.id !== GOAL_DIALOG_IDS[goal]) throw new Error(`MainDialog(): the "${goal}" dialog has id "${dialog.id}", not "${GOAL_DIALOG_IDS[goal]}"`);
      this.addDialog(dialog);
    }
    this.addDialog(children.waiting);
    this.addDialog(new WaterfallDialog(FLOW, [this.languageStep.bind(this), this.menuStep.bind(this), this.goalStep.bind(this), this.afterGoalStep.bind(this)]));
    this.initialDialogId = FLOW;
  }

  private async languageStep(step: WaterfallStepContext<MainDialogOptions>): Promise<DialogTurnResult> {
    const goal = step.options?.goal;
    // Safety and erasure never wait for a language choice.
    if (goal === 'safety' || goal === 'delete') return step.next();
    return step.beginDialog(GOAL_DIALOG_IDS.language, { force: goal === 'language' } satisfies LanguageDialogOptions);
  }

  private async menuStep(step: WaterfallStepContext<MainDialogOptions>): Promise<DialogTurnResult> {
    const goal = step.options?.goal;
    if (goal && goal !== 'language') return step.next({ status: 'done', answers: { choice: goal } } satisfies QuestionnaireResult);
    if (step.options?.welcome) {
      const { t } = turnServices(step.context);
      await step.context.sendActivity(t('menu:welcome', { country: t(`${this.deps.profile.namespace}:name`) }));
    }
    return step.beginDialog(MENU, { freeText: step.options?.firstMessage } satisfies QuestionnaireOptions);
  }

  private async goalStep(step: WaterfallStepContext<MainDialogOptions>): Promise<DialogTurnResult> {
    const result = step.result as QuestionnaireResult;
    const goal = result.answers.choice as Goal | undefined;
    if (result.status === 'back' || !goal) return step.replaceDialog(FLOW, {});
    if (goal === 'safety') return step.beginDialog(GOAL_DIALOG_IDS.safety, { danger: step.options?.danger, text: step.options?.text } satisfies SafetyDialogOptions);
    if (goal === 'language') return step.beginDialog(GOAL_DIALOG_IDS.language, { force: step.options?.goal !== 'language' } satisfies LanguageDialogOptions);
    const understood = step.options?.understood;
    if (goal === 'report' && understood?.goal === 'report') {
      return step.beginDialog(GOAL_DIALOG_IDS.report, { whatHappened: understood.whatHappened, narrative: understood.narrative } satisfies ReportAbuseOptions);
    }
    if (goal === 'rights' && understood?.goal === 'rights') return step.beginDialog(GOAL_DIALOG_IDS.rights, { topic: understood.topic } satisfies KnowYourRightsOptions);
    return step.beginDialog(GOAL_DIALOG_IDS[goal]);
  }

  /** Free text understood at a menu somewhere below: start over toward that goal. */
  protected override async onPreBubbleEvent(dc: DialogContext, event: DialogEvent): Promise<boolean> {
    if (event.name !== FREE_TEXT_GOAL_EVENT) return false;
    const { goal, intro, text } = event.value as FreeTextGoal;
    if (intro) await dc.context.sendActivity(turnServices(dc.context).t(intro));
    await dc.cancelAllDialogs();
    await dc.beginDialog(MAIN_DIALOG, optionsFor(goal, text));
    return true;
  }

  private async afterGoalStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const next = (step.result as GoalResult | undefined)?.next ?? 'menu';
    if (next === 'end') return step.endDialog();
    if (next === 'wait') return step.beginDialog(this.children.waiting.id);
    if (next === 'person') return step.replaceDialog(FLOW, { goal: 'person' } satisfies MainDialogOptions);
    return step.replaceDialog(FLOW, {});
  }
}

/** How the main dialog starts toward a goal understood from free text. */
function optionsFor(understood: UnderstoodGoal, text: string): MainDialogOptions {
  switch (understood.goal) {
    case 'menu':
      return {};
    case 'safety':
      return { goal: 'safety', text };
    case 'report':
    case 'rights':
      return { goal: understood.goal, understood };
    default:
      return { goal: understood.goal };
  }
}

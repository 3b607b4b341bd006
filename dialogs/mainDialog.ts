// The root of every conversation: language first, then the main menu, and the
// goal the worker picks. Global commands and the safety interrupt restart it
// with a goal (see bot/hotlineBot.ts); so does free text understood at any menu
// (a FREE_TEXT_GOAL_EVENT from a form), and a first message is understood
// once the language is settled.
import { ComponentDialog, WaterfallDialog, type DialogContext, type DialogEvent, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { DangerMatch } from '../kernel/text/danger';
import type { UnderstoodGoal } from '../bot/understanding/freeText';
import type { DialogDependencies } from './dependencies';
import { DeleteDataDialog, DELETE_DATA_DIALOG } from './deleteDataDialog';
import { KnowYourRightsDialog, KNOW_YOUR_RIGHTS_DIALOG, type KnowYourRightsOptions } from './knowYourRightsDialog';
import { LanguageDialog, LANGUAGE_DIALOG, type LanguageDialogOptions } from './languageDialog';
import { FREE_TEXT_GOAL_EVENT, QuestionnaireDialog, type FreeTextGoal, type QuestionnaireOptions, type QuestionnaireResult } from './questionnaireDialog';
import { ReportAbuseDialog, REPORT_ABUSE_DIALOG, type ReportAbuseOptions } from './reportAbuseDialog';
import { SafePlaceDialog, SAFE_PLACE_DIALOG } from './safePlaceDialog';
import { SafetyDialog, SAFETY_DIALOG } from './safetyDialog';
import { SupportFundDialog, SUPPORT_FUND_DIALOG } from './supportFundDialog';
import { TalkToPersonDialog, TALK_TO_PERSON_DIALOG } from './talkToPersonDialog';
import { turnServices } from './turnServices';
import { WaitingDialog, WAITING_DIALOG } from './waitingDialog';

export const MAIN_DIALOG = 'main';
const MENU = 'main.menu';
const FLOW = 'main.flow';

export const MENU_OPTIONS = ['report', 'rights', 'shelter', 'fund', 'person', 'language'] as const;
export type MenuOption = (typeof MENU_OPTIONS)[number];

/** What a child dialog may ask the main dialog to do next. */
export interface GoalResult {
  /** 'end' closes the conversation (after an erasure there is nothing left to continue). */
  next?: 'menu' | 'person' | 'wait' | 'end';
}

export interface MainDialogOptions {
  goal?: MenuOption | 'safety' | 'delete';
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

const GOAL_DIALOG: Record<MenuOption | 'safety' | 'delete', string> = {
  report: REPORT_ABUSE_DIALOG,
  rights: KNOW_YOUR_RIGHTS_DIALOG,
  shelter: SAFE_PLACE_DIALOG,
  fund: SUPPORT_FUND_DIALOG,
  person: TALK_TO_PERSON_DIALOG,
  language: LANGUAGE_DIALOG,
  safety: SAFETY_DIALOG,
  delete: DELETE_DATA_DIALOG,
};

export class MainDialog extends ComponentDialog {
  constructor(private readonly deps: DialogDependencies) {
    super(MAIN_DIALOG);
    this.addDialog(
      new QuestionnaireDialog(MENU, 'menu', [{ id: 'choice', kind: 'choice', options: MENU_OPTIONS }], deps.understanding && { interpreter: deps.understanding, goal: 'menu' }),
    );
    this.addDialog(new LanguageDialog(deps));
    this.addDialog(new ReportAbuseDialog(deps));
    this.addDialog(new KnowYourRightsDialog(deps));
    this.addDialog(new SafePlaceDialog(deps));
    this.addDialog(new SupportFundDialog(deps));
    this.addDialog(new TalkToPersonDialog(deps));
    this.addDialog(new SafetyDialog(deps));
    this.addDialog(new DeleteDataDialog(deps));
    this.addDialog(new WaitingDialog());
    this.addDialog(new WaterfallDialog(FLOW, [this.languageStep.bind(this), this.menuStep.bind(this), this.goalStep.bind(this), this.afterGoalStep.bind(this)]));
    this.initialDialogId = FLOW;
  }

  private async languageStep(step: WaterfallStepContext<MainDialogOptions>): Promise<DialogTurnResult> {
    const goal = step.options?.goal;
    // Safety and erasure never wait for a language choice.
    if (goal === 'safety' || goal === 'delete') return step.next();
    return step.beginDialog(LANGUAGE_DIALOG, { force: goal === 'language' } satisfies LanguageDialogOptions);
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
    const goal = result.answers.choice as MenuOption | 'safety' | 'delete' | undefined;
    if (result.status === 'back' || !goal) return step.replaceDialog(FLOW, {});
    if (goal === 'safety') return step.beginDialog(SAFETY_DIALOG, { danger: step.options?.danger, text: step.options?.text });
    if (goal === 'language') return step.beginDialog(LANGUAGE_DIALOG, { force: step.options?.goal !== 'language' } satisfies LanguageDialogOptions);
    const understood = step.options?.understood;
    if (goal === 'report' && understood?.goal === 'report') {
      return step.beginDialog(REPORT_ABUSE_DIALOG, { whatHappened: understood.whatHappened, narrative: understood.narrative } satisfies ReportAbuseOptions);
    }
    if (goal === 'rights' && understood?.goal === 'rights') return step.beginDialog(KNOW_YOUR_RIGHTS_DIALOG, { topic: understood.topic } satisfies KnowYourRightsOptions);
    return step.beginDialog(GOAL_DIALOG[goal]);
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
    if (next === 'wait') return step.beginDialog(WAITING_DIALOG);
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

// Help from the victim support fund: what kind, for whom, how urgent; an
// assistance request for a case worker, with no promise of the outcome.
import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { DialogDependencies } from './dependencies';
import type { GoalResult } from './mainDialog';
import { escalateToHuman } from './messages';
import { QuestionnaireDialog, type Question, type QuestionnaireResult } from './questionnaireDialog';
import { turnServices } from './turnServices';

export const SUPPORT_FUND_DIALOG = 'supportFund';
const QUESTIONS = 'supportFund.questions';
const FLOW = 'supportFund.flow';

export const SUPPORT_FUND_QUESTIONS: readonly Question[] = [
  { id: 'kind', kind: 'multiChoice', options: ['humanitarian', 'medical', 'financial', 'ticket'] },
  { id: 'forWhom', kind: 'choice', options: ['me', 'family'], optional: true },
  { id: 'urgency', kind: 'choice', options: ['now', 'thisWeek', 'later'], optional: true },
  { id: 'consent', kind: 'choice', options: ['yes', 'no'] },
];

export class SupportFundDialog extends ComponentDialog {
  constructor(private readonly deps: DialogDependencies) {
    super(SUPPORT_FUND_DIALOG);
    this.addDialog(new QuestionnaireDialog(QUESTIONS, 'fund', SUPPORT_FUND_QUESTIONS));
    this.addDialog(new WaterfallDialog(FLOW, [this.questionsStep.bind(this), this.saveStep.bind(this)]));
    this.initialDialogId = FLOW;
  }

  private async questionsStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.beginDialog(QUESTIONS, { intro: 'fund:intro' });
  }

  private async saveStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = step.result as QuestionnaireResult;
    if (result.status === 'back') return step.endDialog({ next: 'menu' } satisfies GoalResult);
    const { t, language, userHash } = turnServices(step.context);
    const a = result.answers;
    if (a.consent !== 'yes') {
      await step.context.sendActivity(t('fund:declined'));
      return step.endDialog({ next: 'menu' } satisfies GoalResult);
    }
    const urgency = a.urgency === 'now' || a.urgency === 'thisWeek' || a.urgency === 'later' ? a.urgency : undefined;
    const created = await this.deps.referrals.create({
      type: 'assistanceRequest',
      answers: { kind: a.kind, forWhom: a.forWhom ?? null, urgency: urgency ?? null },
      personal: {},
      indicators: [],
      triage: { assistanceUrgency: urgency, medicalNeeds: Array.isArray(a.kind) && a.kind.includes('medical') },
      consents: [{ kind: 'referToAuthorities', given: true }],
      channel: step.context.activity.channelId,
      userHash,
      language,
    });
    await step.context.sendActivity(t('fund:saved', { caseNumber: created.caseNumber }));
    if (created.triage.priority === 'critical' || created.triage.priority === 'high') {
      await escalateToHuman(step.context, this.deps, created);
      return step.endDialog({ next: 'wait' } satisfies GoalResult);
    }
    return step.endDialog({ next: 'menu' } satisfies GoalResult);
  }
}

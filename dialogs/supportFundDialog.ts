// Help from the victim support fund: what kind, for whom, how urgent; an
// assistance request for a case worker, with no promise of the outcome.
import type { TurnContext } from 'botbuilder';
import type { DialogDependencies } from './dependencies';
import { SUPPORT_FUND_DIALOG, type GoalResult } from './goals';
import { handOffToPerson } from './messages';
import type { Answers, Question } from './questionnaireDialog';
import { RequestDialog } from './requestDialog';
import { turnServices } from './turnServices';


export const SUPPORT_FUND_QUESTIONS: readonly Question[] = [
  { id: 'kind', kind: 'multiChoice', options: ['humanitarian', 'medical', 'financial', 'ticket'] },
  { id: 'forWhom', kind: 'choice', options: ['me', 'family'], optional: true },
  { id: 'urgency', kind: 'choice', options: ['now', 'thisWeek', 'later'], optional: true },
  { id: 'consent', kind: 'choice', options: ['yes', 'no'] },
];

export class SupportFundDialog extends RequestDialog {
  constructor(private readonly deps: DialogDependencies) {
    super(SUPPORT_FUND_DIALOG, 'fund', SUPPORT_FUND_QUESTIONS, 'fund', deps.understanding);
  }

  protected override async save(context: TurnContext, a: Answers): Promise<GoalResult> {
    const { t, language, userHash, effectKey } = turnServices(context);
    const urgency = a.urgency === 'now' || a.urgency === 'thisWeek' || a.urgency === 'later' ? a.urgency : undefined;
    const created = await this.deps.cases.create({
      type: 'assistanceRequest',
      answers: { kind: a.kind, forWhom: a.forWhom ?? null, urgency: urgency ?? null },
      personal: {},
      indicators: [],
      triage: { assistanceUrgency: urgency, medicalNeeds: Array.isArray(a.kind) && a.kind.includes('medical') },
      consents: [{ kind: 'shareWithFund', given: true }],
      channel: context.activity.channelId,
      userHash,
      language,
      idempotencyKey: effectKey('case'),
    });
    await context.sendActivity(t('fund:saved', { caseNumber: created.caseNumber }));
    if (created.triage.priority === 'critical' || created.triage.priority === 'high') {
      await handOffToPerson(context, this.deps, created);
      return { next: 'wait' };
    }
    return { next: 'menu' };
  }
}

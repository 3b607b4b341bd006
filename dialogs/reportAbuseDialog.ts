// Report a problem: privacy notice and consent first, then what happened as
// choices that map onto the ILO forced-labour indicators, the context a case
// worker needs, safe contact, consent to refer, a summary to confirm, and a
// triaged case with a case number.
import type { TurnContext } from 'botbuilder';
import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { Indicator } from '../models/domain';
import type { UnderstoodGoal } from './understanding';
import type { DialogDependencies } from './dependencies';
import { REPORT_ABUSE_DIALOG, type GoalResult, type ReportAbuseOptions } from './goals';
import { handOffToPerson, policeNumber } from './messages';
import { QuestionnaireDialog, type Answers, type Question, type QuestionnaireOptions, type QuestionnaireResult } from './questionnaireDialog';
import { turnServices } from './turnServices';
import { WHAT_HAPPENED_INDICATORS } from './whatHappened';

const QUESTIONS = 'reportAbuse.questions';
const CONFIRM = 'reportAbuse.confirm';
const FLOW = 'reportAbuse.flow';

/** Offered nationalities, most common first, then "another country". */
export const NATIONALITIES = ['india', 'bangladesh', 'pakistan', 'philippines', 'nepal', 'sriLanka', 'egypt', 'ethiopia', 'kenya', 'uganda', 'indonesia', 'other'] as const;

const proceeding = (a: Answers): boolean => a.privacy !== 'cancel';
const contactAllowed = (a: Answers): boolean => proceeding(a) && (a.contact === 'thisChat' || a.contact === 'otherNumber');

/** The questions, in order; see locales/<lng>/report.json for their wording. */
export const REPORT_QUESTIONS: readonly Question[] = [
  { id: 'privacy', kind: 'choice', options: ['continue', 'anonymous', 'cancel'] },
  { id: 'whatHappened', kind: 'multiChoice', options: Object.keys(WHAT_HAPPENED_INDICATORS), when: proceeding, optional: true },
  { id: 'sector', kind: 'choice', options: ['domestic', 'construction', 'other'], when: proceeding, optional: true },
  // The workforce's largest nationalities in Bahrain (brief §4 [62][63]); for the embassy and national statistics.
  { id: 'nationality', kind: 'choice', options: NATIONALITIES, when: proceeding, optional: true },
  { id: 'details', kind: 'text', maxLength: 3000, when: proceeding, optional: true },
  { id: 'location', kind: 'text', maxLength: 200, when: proceeding, optional: true },
  { id: 'since', kind: 'choice', options: ['days', 'weeks', 'months', 'halfYear', 'years'], when: proceeding, optional: true },
  { id: 'employer', kind: 'text', maxLength: 200, when: proceeding, optional: true },
  { id: 'safeNow', kind: 'choice', options: ['yes', 'no', 'unsure'], when: proceeding, optional: true },
  {
    id: 'contact',
    kind: 'choice',
    options: (a) => (a.privacy === 'anonymous' ? ['thisChat', 'no'] : ['thisChat', 'otherNumber', 'no']),
    when: proceeding,
    optional: true,
  },
  { id: 'phone', kind: 'text', maxLength: 40, when: (a) => proceeding(a) && a.contact === 'otherNumber' },
  { id: 'contactTime', kind: 'text', maxLength: 200, when: contactAllowed, optional: true },
  { id: 'codeWord', kind: 'text', maxLength: 60, when: contactAllowed, optional: true },
  { id: 'name', kind: 'text', maxLength: 100, when: (a) => proceeding(a) && a.privacy === 'continue', optional: true },
  { id: 'consentRefer', kind: 'choice', options: ['yes', 'no'], when: proceeding },
];

const text = (answer: unknown): string | null => (typeof answer === 'string' ? answer : null);

/** Answers a report takes from what free text told; a later message adds to them. */
export function reportAnswersFrom(told: ReportAbuseOptions, answers: Answers = {}): Answers {
  const known: Answers = {};
  const named = (told.whatHappened ?? []).filter((option) => option in WHAT_HAPPENED_INDICATORS);
  if (named.length > 0) {
    const before = Array.isArray(answers.whatHappened) ? answers.whatHappened : [];
    known.whatHappened = [...new Set([...before, ...named])];
  }
  const narrative = told.narrative?.trim();
  if (narrative) {
    const before = text(answers.details);
    known.details = before && before !== narrative ? `${before}\n${narrative}` : narrative;
  }
  return known;
}

export class ReportAbuseDialog extends ComponentDialog {
  constructor(private readonly deps: DialogDependencies) {
    super(REPORT_ABUSE_DIALOG);
    const interpreter = deps.understanding;
    this.addDialog(
      new QuestionnaireDialog(
        QUESTIONS,
        'report',
        REPORT_QUESTIONS,
        interpreter && { interpreter, goal: 'report', absorb: (goal: UnderstoodGoal, answers: Answers) => (goal.goal === 'report' ? reportAnswersFrom(goal, answers) : undefined) },
      ),
    );
    this.addDialog(
      new QuestionnaireDialog(CONFIRM, 'report', [{ id: 'confirm', kind: 'choice', options: ['send', 'restart', 'cancel'] }], interpreter && { interpreter, goal: 'report' }),
    );
    this.addDialog(new WaterfallDialog(FLOW, [this.questionsStep.bind(this), this.summaryStep.bind(this), this.saveStep.bind(this)]));
    this.initialDialogId = FLOW;
  }

  private async questionsStep(step: WaterfallStepContext<ReportAbuseOptions>): Promise<DialogTurnResult> {
    return step.beginDialog(QUESTIONS, { answers: reportAnswersFrom(step.options ?? {}) } satisfies QuestionnaireOptions);
  }

  private async summaryStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = step.result as QuestionnaireResult;
    if (result.status === 'back' || result.answers.privacy === 'cancel') return step.endDialog({ next: 'menu' } satisfies GoalResult);
    (step.values as { answers?: Answers }).answers = result.answers;
    await step.context.sendActivity(this.summary(step.context, result.answers));
    return step.beginDialog(CONFIRM);
  }

  private async saveStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { t, language, userHash, effectKey } = turnServices(step.context);
    const confirm = (step.result as QuestionnaireResult).answers.confirm;
    if ((step.result as QuestionnaireResult).status === 'back') {
      return step.replaceDialog(FLOW);
    }
    if (confirm === 'restart') return step.replaceDialog(FLOW);
    if (confirm !== 'send') {
      await step.context.sendActivity(t('report:cancelled'));
      return step.endDialog({ next: 'menu' } satisfies GoalResult);
    }
    const a = (step.values as { answers: Answers }).answers;
    const chosen = Array.isArray(a.whatHappened) ? a.whatHappened : [];
    const indicators = chosen.map((choice) => WHAT_HAPPENED_INDICATORS[choice]).filter((i): i is Indicator => i !== undefined);
    const anonymous = a.privacy === 'anonymous';
    const created = await this.deps.cases.create({
      type: 'abuseReport',
      answers: { whatHappened: chosen, sector: a.sector ?? null, nationality: a.nationality ?? null, since: a.since ?? null, safeNow: a.safeNow ?? null, contact: a.contact ?? null, consentRefer: a.consentRefer ?? null },
      personal: {
        narrative: text(a.details),
        location: text(a.location),
        employer: text(a.employer),
        phone: text(a.phone),
        safeContactTime: text(a.contactTime),
        safeContactMethod: text(a.contact),
        codeWord: text(a.codeWord),
        name: text(a.name),
      },
      anonymous,
      indicators,
      triage: {
        sector: (a.sector as 'domestic' | 'construction' | 'other' | null) ?? undefined,
        safeNow: (a.safeNow as 'yes' | 'no' | 'unsure' | null) ?? undefined,
      },
      consents: [
        { kind: 'privacyNotice', given: true },
        { kind: 'referToAuthorities', given: a.consentRefer === 'yes' },
        { kind: 'contactLater', given: a.contact === 'thisChat' || a.contact === 'otherNumber' },
      ],
      channel: step.context.activity.channelId,
      userHash,
      language,
      idempotencyKey: effectKey('case'),
    });

    const priority = created.triage.priority;
    const lines = [t('report:saved', { caseNumber: created.caseNumber }), t(`report:nextSteps.${priority}`, { police: policeNumber(this.deps.profile) })];
    if (a.contact === 'no' || a.contact === null || a.contact === undefined) lines.push(t('report:nextSteps.noContact'));
    lines.push(t(a.consentRefer === 'yes' ? 'report:nextSteps.referred' : 'report:nextSteps.notReferred'));
    await step.context.sendActivity(lines.join('\n\n'));

    // High priority goes straight to a human.
    if (priority === 'critical' || priority === 'high') {
      await handOffToPerson(step.context, this.deps, created);
      return step.endDialog({ next: 'wait' } satisfies GoalResult);
    }
    return step.endDialog({ next: 'menu' } satisfies GoalResult);
  }

  private summary(context: TurnContext, a: Answers): string {
    const { t } = turnServices(context);
    const label = (id: string, option: unknown) => (typeof option === 'string' ? t(`report:${id}.options.${option}`) : t('report:summary.notGiven'));
    const lines = [t('report:summary.title')];
    const happened = Array.isArray(a.whatHappened) ? a.whatHappened.map((o) => label('whatHappened', o)).join('; ') : t('report:summary.notGiven');
    lines.push(t('report:summary.whatHappened', { value: happened }));
    lines.push(t('report:summary.sector', { value: label('sector', a.sector) }));
    if (typeof a.nationality === 'string') lines.push(t('report:summary.nationality', { value: label('nationality', a.nationality) }));
    if (text(a.details)) lines.push(t('report:summary.details', { value: a.details }));
    if (text(a.location)) lines.push(t('report:summary.location', { value: a.location }));
    lines.push(t('report:summary.since', { value: label('since', a.since) }));
    if (text(a.employer)) lines.push(t('report:summary.employer', { value: a.employer }));
    lines.push(t('report:summary.safeNow', { value: label('safeNow', a.safeNow) }));
    lines.push(t('report:summary.contact', { value: label('contact', a.contact) }));
    if (text(a.contactTime)) lines.push(t('report:summary.contactTime', { value: a.contactTime }));
    if (text(a.codeWord)) lines.push(t('report:summary.codeWord'));
    if (a.privacy === 'anonymous') lines.push(t('report:summary.anonymous'));
    else if (text(a.name)) lines.push(t('report:summary.name', { value: a.name }));
    lines.push(t('report:summary.consentRefer', { value: label('consentRefer', a.consentRefer) }));
    return lines.map((line, i) => (i === 0 ? line : `• ${line}`)).join('\n');
  }
}

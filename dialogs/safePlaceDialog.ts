// I need a safe place: when, where, who is with them, medical needs, whether
// they can travel, consent to share; a shelter request, straight to a human.
import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { DialogDependencies } from './dependencies';
import type { GoalResult } from './mainDialog';
import { escalateToHuman, policeNumber } from './messages';
import { QuestionnaireDialog, type Answers, type Question, type QuestionnaireResult } from './questionnaireDialog';
import { turnServices } from './turnServices';

export const SAFE_PLACE_DIALOG = 'safePlace';
const QUESTIONS = 'safePlace.questions';
const FLOW = 'safePlace.flow';

export const SAFE_PLACE_QUESTIONS: readonly Question[] = [
  { id: 'when', kind: 'choice', options: ['tonight', 'soon', 'later'] },
  { id: 'location', kind: 'text', maxLength: 200, optional: true },
  { id: 'withWhom', kind: 'multiChoice', options: ['alone', 'children', 'adults'], optional: true },
  { id: 'children', kind: 'number', min: 1, max: 20, optional: true, when: (a: Answers) => Array.isArray(a.withWhom) && a.withWhom.includes('children') },
  { id: 'medical', kind: 'choice', options: ['yes', 'no'], optional: true },
  { id: 'travel', kind: 'choice', options: ['yes', 'no'], optional: true },
  { id: 'consent', kind: 'choice', options: ['yes', 'no'] },
];

export class SafePlaceDialog extends ComponentDialog {
  constructor(private readonly deps: DialogDependencies) {
    super(SAFE_PLACE_DIALOG);
    this.addDialog(new QuestionnaireDialog(QUESTIONS, 'shelter', SAFE_PLACE_QUESTIONS));
    this.addDialog(new WaterfallDialog(FLOW, [this.questionsStep.bind(this), this.saveStep.bind(this)]));
    this.initialDialogId = FLOW;
  }

  private async questionsStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.beginDialog(QUESTIONS, { intro: 'shelter:intro' });
  }

  private async saveStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = step.result as QuestionnaireResult;
    if (result.status === 'back') return step.endDialog({ next: 'menu' } satisfies GoalResult);
    const { t, language, userHash } = turnServices(step.context);
    const a = result.answers;
    if (a.consent !== 'yes') {
      await step.context.sendActivity(t('shelter:declined'));
      return step.endDialog({ next: 'menu' } satisfies GoalResult);
    }
    const withWhom = Array.isArray(a.withWhom) ? a.withWhom : [];
    const withChildren = withWhom.includes('children');
    const created = await this.deps.referrals.create({
      type: 'shelterRequest',
      answers: {
        when: a.when,
        withWhom,
        dependants: withChildren ? (typeof a.children === 'number' ? a.children : null) : 0,
        medical: a.medical ?? null,
        canTravel: a.travel ?? null,
      },
      personal: { location: typeof a.location === 'string' ? a.location : null },
      indicators: [],
      triage: { shelterTonight: a.when === 'tonight', withChildren, medicalNeeds: a.medical === 'yes' },
      consents: [{ kind: 'shareWithShelter', given: true }],
      channel: step.context.activity.channelId,
      userHash,
      language,
    });
    await step.context.sendActivity(t('shelter:saved', { caseNumber: created.caseNumber, police: policeNumber(this.deps.profile) }));
    await escalateToHuman(step.context, this.deps, created);
    return step.endDialog({ next: 'wait' } satisfies GoalResult);
  }
}

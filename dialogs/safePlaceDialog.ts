// I need a safe place: when, where, who is with them, medical needs, whether
// they can travel, consent to share; a shelter request, straight to a human.
import type { TurnContext } from 'botbuilder';
import type { DialogDependencies } from './dependencies';
import { SAFE_PLACE_DIALOG, type GoalResult } from './goals';
import { handOffToPerson, policeNumber } from './messages';
import type { Answers, Question } from './questionnaireDialog';
import { RequestDialog } from './requestDialog';
import { turnServices } from './turnServices';


export const SAFE_PLACE_QUESTIONS: readonly Question[] = [
  { id: 'when', kind: 'choice', options: ['tonight', 'soon', 'later'] },
  { id: 'location', kind: 'text', maxLength: 200, optional: true },
  { id: 'withWhom', kind: 'multiChoice', options: ['alone', 'children', 'adults'], optional: true },
  { id: 'children', kind: 'number', min: 1, max: 20, optional: true, when: (a: Answers) => Array.isArray(a.withWhom) && a.withWhom.includes('children') },
  { id: 'medical', kind: 'choice', options: ['yes', 'no'], optional: true },
  { id: 'travel', kind: 'choice', options: ['yes', 'no'], optional: true },
  { id: 'consent', kind: 'choice', options: ['yes', 'no'] },
];

export class SafePlaceDialog extends RequestDialog {
  constructor(private readonly deps: DialogDependencies) {
    super(SAFE_PLACE_DIALOG, 'shelter', SAFE_PLACE_QUESTIONS, 'shelter', deps.understanding);
  }

  protected override async save(context: TurnContext, a: Answers): Promise<GoalResult> {
    const { t, language, userHash, effectKey } = turnServices(context);
    const withWhom = Array.isArray(a.withWhom) ? a.withWhom : [];
    const withChildren = withWhom.includes('children');
    const created = await this.deps.cases.create({
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
      channel: context.activity.channelId,
      userHash,
      language,
      idempotencyKey: effectKey('case'),
    });
    await context.sendActivity(t('shelter:saved', { caseNumber: created.caseNumber, police: policeNumber(this.deps.profile) }));
    // A shelter request always goes straight to a human.
    await handOffToPerson(context, this.deps, created);
    return { next: 'wait' };
  }
}

// Talk to a person: a callback case queued by priority and language; the
// worker is told the wait, or when someone will answer and what to do in danger.
import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { DialogDependencies } from './dependencies';
import { TALK_TO_PERSON_DIALOG, type GoalResult } from './goals';
import { handOffToPerson } from './messages';
import { turnServices } from './turnServices';

const FLOW = 'talkToPerson.flow';

export class TalkToPersonDialog extends ComponentDialog {
  constructor(private readonly deps: DialogDependencies) {
    super(TALK_TO_PERSON_DIALOG);
    this.addDialog(new WaterfallDialog(FLOW, [this.queueStep.bind(this)]));
    this.initialDialogId = FLOW;
  }

  private async queueStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { language, userHash, effectKey } = turnServices(step.context);
    const created = await this.deps.cases.create({
      type: 'callback',
      source: 'handoff',
      answers: {},
      personal: {},
      indicators: [],
      triage: {},
      consents: [],
      channel: step.context.activity.channelId,
      userHash,
      language,
      idempotencyKey: effectKey('case'),
    });
    await handOffToPerson(step.context, this.deps, created);
    return step.endDialog({ next: 'wait' } satisfies GoalResult);
  }
}

// "Delete my data": asks once to be sure, then erases for real (and audits it).
import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { DialogDependencies } from './dependencies';
import { DELETE_DATA_DIALOG, type GoalResult } from './goals';
import { QuestionnaireDialog, type QuestionnaireResult } from './questionnaireDialog';
import { turnServices } from './turnServices';

const CONFIRM = 'deleteData.confirm';
const FLOW = 'deleteData.flow';

export class DeleteDataDialog extends ComponentDialog {
  constructor(private readonly deps: DialogDependencies) {
    super(DELETE_DATA_DIALOG);
    this.addDialog(new QuestionnaireDialog(CONFIRM, 'erase', [{ id: 'confirm', kind: 'choice', options: ['yes', 'no'] }]));
    this.addDialog(new WaterfallDialog(FLOW, [this.confirmStep.bind(this), this.eraseStep.bind(this)]));
    this.initialDialogId = FLOW;
  }

  private async confirmStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.beginDialog(CONFIRM);
  }

  private async eraseStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const services = turnServices(step.context);
    const result = step.result as QuestionnaireResult;
    if (result.status === 'back' || result.answers.confirm !== 'yes') {
      await step.context.sendActivity(services.t('erase:kept'));
      return step.endDialog({ next: 'menu' } satisfies GoalResult);
    }
    await this.deps.erasure.eraseWorker(services.userHash, this.deps.stateKeys(step.context));
    services.erased = true;
    await step.context.sendActivity(services.t('erase:done'));
    return step.endDialog({ next: 'end' } satisfies GoalResult);
  }
}

// The shape shared by the request dialogs (a safe place, the support fund):
// a form that ends with a consent question, then a save that creates a case.
import type { TurnContext } from 'botbuilder';
import type { FreeTextInterpreter } from './understanding';
import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { GoalResult } from './goals';
import { QuestionnaireDialog, type Answers, type Question, type QuestionnaireResult } from './questionnaireDialog';
import { turnServices } from './turnServices';

export abstract class RequestDialog extends ComponentDialog {
  private readonly questionsId: string;

  /**
   * @param namespace locale namespace with `intro`, `declined` and one entry per question.
   * @param questions the form; its last answer `consent` must be 'yes' for anything to be shared.
   * @param goal what free text names this request as (it then keeps the worker on the question).
   */
  constructor(
    dialogId: string,
    private readonly namespace: string,
    questions: readonly Question[],
    goal: 'shelter' | 'fund',
    interpreter: FreeTextInterpreter | undefined,
  ) {
    super(dialogId);
    this.questionsId = `${dialogId}.questions`;
    this.addDialog(new QuestionnaireDialog(this.questionsId, namespace, questions, interpreter && { interpreter, goal }));
    this.addDialog(new WaterfallDialog(`${dialogId}.flow`, [this.questionsStep.bind(this), this.saveStep.bind(this)]));
    this.initialDialogId = `${dialogId}.flow`;
  }

  /** Creates the case from the answers and says what happens next. */
  protected abstract save(context: TurnContext, answers: Answers): Promise<GoalResult>;

  private async questionsStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.beginDialog(this.questionsId, { intro: `${this.namespace}:intro` });
  }

  private async saveStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = step.result as QuestionnaireResult;
    if (result.status === 'back') return step.endDialog({ next: 'menu' } satisfies GoalResult);
    if (result.answers.consent !== 'yes') {
      await step.context.sendActivity(turnServices(step.context).t(`${this.namespace}:declined`));
      return step.endDialog({ next: 'menu' } satisfies GoalResult);
    }
    return step.endDialog(await this.save(step.context, result.answers));
  }
}

// Language first: confirm the language told from the worker's first message, let them pick from the two
// or three it fits about equally, or from all of the hotline's languages, each shown in its own script.
// Also what "LANGUAGE" opens from anywhere.
import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { DialogDependencies } from './dependencies';
import { LANGUAGE_DIALOG, type LanguageDialogOptions } from './goals';
import { QuestionnaireDialog, type Answers, type QuestionnaireResult } from './questionnaireDialog';
import { turnServices } from './turnServices';

const CONFIRM = 'language.confirm';
const SHORTLIST = 'language.shortlist';
const CHOOSE = 'language.choose';
const FLOW = 'language.flow';

/** The shortlist's last option: the whole menu. */
const OTHER = 'other';

const languageName = (code: string) => ({ key: 'languages:name', lng: code });

export class LanguageDialog extends ComponentDialog {
  constructor(private readonly deps: DialogDependencies) {
    super(LANGUAGE_DIALOG);
    this.addDialog(new QuestionnaireDialog(CONFIRM, 'languages', [{ id: 'detected', kind: 'choice', options: ['yes', 'other'] }]));
    // The same question as the whole menu, with the likely languages and "choose another language".
    this.addDialog(
      new QuestionnaireDialog(SHORTLIST, 'languages', [
        {
          id: 'choose',
          kind: 'choice',
          options: (answers: Answers) => [...((answers.shortlist as string[] | undefined) ?? []), OTHER],
          label: (code) => (code === OTHER ? 'languages:detected.options.other' : languageName(code)),
        },
      ]),
    );
    this.addDialog(new QuestionnaireDialog(CHOOSE, 'languages', [{ id: 'choose', kind: 'choice', options: () => deps.languages, label: languageName }]));
    this.addDialog(new WaterfallDialog(FLOW, [this.confirmStep.bind(this), this.chooseStep.bind(this), this.saveStep.bind(this)]));
    this.initialDialogId = FLOW;
  }

  private async confirmStep(step: WaterfallStepContext<LanguageDialogOptions>): Promise<DialogTurnResult> {
    const services = turnServices(step.context);
    const stored = await this.deps.workerProfile.get(step.context, {});
    if (stored.languageConfirmed && !step.options?.force) return step.endDialog();
    if (services.languageGuessed && !step.options?.force) return step.beginDialog(CONFIRM);
    const shortlist = services.languageChoices.filter((code) => this.deps.languages.includes(code));
    if (shortlist.length > 1 && !step.options?.force) return step.beginDialog(SHORTLIST, { answers: { shortlist } });
    return step.next({ status: 'done', answers: { detected: OTHER } } satisfies QuestionnaireResult);
  }

  private async chooseStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = step.result as QuestionnaireResult;
    if (result.answers.detected === 'yes') return step.next({ status: 'done', answers: { choose: turnServices(step.context).language } } satisfies QuestionnaireResult);
    const chosen = result.answers.choose;
    if (typeof chosen === 'string' && chosen !== OTHER) return step.next(result);
    return step.beginDialog(CHOOSE);
  }

  private async saveStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = step.result as QuestionnaireResult;
    const services = turnServices(step.context);
    const chosen = typeof result.answers.choose === 'string' ? result.answers.choose : services.language;
    const profile = await this.deps.workerProfile.get(step.context, {});
    await this.deps.workerProfile.set(step.context, { ...profile, language: chosen, languageConfirmed: true });
    services.setLanguage(chosen);
    await step.context.sendActivity(services.t('languages:changed'));
    return step.endDialog();
  }
}

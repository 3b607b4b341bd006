// Know your rights: short, sourced articles from the country profile, each
// ending with the offer to talk to a person.
import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { citedSources, rightsArticle } from '../services/countryProfile';
import type { DialogDependencies } from './dependencies';
import { KNOW_YOUR_RIGHTS_DIALOG, type GoalResult, type KnowYourRightsOptions } from './goals';
import type { UnderstoodGoal } from './understanding';
import { QuestionnaireDialog, type QuestionnaireOptions, type QuestionnaireResult } from './questionnaireDialog';
import { turnServices } from './turnServices';

const TOPICS = 'knowYourRights.topics';
const NEXT = 'knowYourRights.next';
const FLOW = 'knowYourRights.flow';

export class KnowYourRightsDialog extends ComponentDialog {
  constructor(private readonly deps: DialogDependencies) {
    super(KNOW_YOUR_RIGHTS_DIALOG);
    const ns = deps.profile.namespace;
    const interpreter = deps.understanding;
    this.addDialog(
      new QuestionnaireDialog(
        TOPICS,
        'rights',
        [{ id: 'topic', kind: 'choice', options: deps.profile.rights.map((article) => article.id), label: (id) => `${ns}:rights.${id}.title` }],
        interpreter && { interpreter, goal: 'rights', absorb: (goal: UnderstoodGoal) => (goal.goal === 'rights' ? { topic: goal.topic } : undefined) },
      ),
    );
    this.addDialog(new QuestionnaireDialog(NEXT, 'rights', [{ id: 'next', kind: 'choice', options: ['another', 'person', 'menu'] }], interpreter && { interpreter }));
    this.addDialog(new WaterfallDialog(FLOW, [this.topicStep.bind(this), this.articleStep.bind(this), this.nextStep.bind(this)]));
    this.initialDialogId = FLOW;
  }

  private async topicStep(step: WaterfallStepContext<KnowYourRightsOptions>): Promise<DialogTurnResult> {
    const topic = step.options?.topic;
    return step.beginDialog(TOPICS, { answers: topic && rightsArticle(this.deps.profile, topic) ? { topic } : {} } satisfies QuestionnaireOptions);
  }

  private async articleStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = step.result as QuestionnaireResult;
    if (result.status === 'back') return step.endDialog({ next: 'menu' } satisfies GoalResult);
    const article = rightsArticle(this.deps.profile, String(result.answers.topic));
    if (!article) return step.replaceDialog(FLOW);
    const { t } = turnServices(step.context);
    const ns = this.deps.profile.namespace;
    const sources = citedSources(this.deps.profile, article.sources)
      .map((source) => `${source.title} (${source.url})`)
      .join('; ');
    const parts = [`*${t(`${ns}:rights.${article.id}.title`)}*`, t(`${ns}:rights.${article.id}.body`, { sources })];
    if (article.verify) parts.push(t(`${ns}:verifyNotice`));
    await step.context.sendActivity(parts.join('\n\n'));
    return step.beginDialog(NEXT);
  }

  private async nextStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = step.result as QuestionnaireResult;
    const next = result.answers.next;
    if (result.status === 'back' || next === 'another') return step.replaceDialog(FLOW);
    return step.endDialog({ next: next === 'person' ? 'person' : 'menu' } satisfies GoalResult);
  }
}

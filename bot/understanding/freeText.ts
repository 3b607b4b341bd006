// What the bot does with free text where it showed a menu: the classifier's
// answer turned into a goal (a report with what the worker named, a rights
// article, the shelter request…), a warm line, or — when it is not sure
// enough — "did you mean…?" with the likeliest goals. It never guesses
// silently: below the threshold the worker chooses.
import type { IntentClassifier, Classification, ScoredIntent } from './intentClassifier';
import { isFreeText, type DidYouMeanChoice, type FreeTextInterpreter, type Interpretation, type UnderstoodGoal } from '../../dialogs/understanding';
import { isReportIntent, whatHappenedOption, type IntentId } from './intents';

// The contract, re-exported for the code that reads interpretations (the evaluation, tests).
export type { DidYouMeanChoice, FreeTextInterpreter, GoalId, Interpretation, UnderstoodGoal } from '../../dialogs/understanding';
export { isFreeText };

export interface FreeTextUnderstandingOptions {
  /** The profile's rights topics (a rights intent without its topic is not offered). */
  rightsTopics: readonly string[];
  /** The profile's locale namespace, for rights topics' titles (`<ns>:rights.<topic>.title`). */
  profileNamespace: string;
  /** Below this score the worker is asked "did you mean…?" (chosen from the measurements in docs/freeText.md). */
  threshold?: number;
  /** Alternatives below this share are not offered as choices. */
  choiceFloor?: number;
}

/**
 * The confidence from which the bot acts on what it understood. Chosen on the held-back examples
 * (scripts/eval/intentEval.ts): see docs/freeText.md for the accuracy above it and the share of
 * messages below it.
 */
export const UNDERSTANDING_THRESHOLD = 0.6;
const CHOICE_FLOOR = 0.08;
/** Below this confidence a message is not understood at all (no "did you mean" either). */
const EVIDENCE_FLOOR = 0.03;
/** An unsure message with this share of plea (and no goal to offer) still gets the plea's warm answer. */
const UNSURE_PLEA_SHARE = 0.25;
const MAX_CHOICES = 3;

/** Interprets free text with an {@link IntentClassifier}; see the file header. */
export class FreeTextUnderstanding implements FreeTextInterpreter {
  private readonly threshold: number;
  private readonly choiceFloor: number;
  private readonly topics: ReadonlySet<string>;

  constructor(
    private readonly classifier: IntentClassifier,
    private readonly options: FreeTextUnderstandingOptions,
  ) {
    this.threshold = options.threshold ?? UNDERSTANDING_THRESHOLD;
    this.choiceFloor = options.choiceFloor ?? CHOICE_FLOOR;
    this.topics = new Set(options.rightsTopics);
  }

  interpret(text: string, language: string): Interpretation {
    if (!isFreeText(text)) return { kind: 'none' };
    const classification = this.classifier.classify(text, language);
    return this.fromClassification(classification, text);
  }

  /** The interpretation of a classification of `text`. */
  fromClassification(classification: Classification, text: string): Interpretation {
    const { intent, score } = classification;
    // Too little to go on (a word or two the examples share by chance): the usual re-ask.
    if (score < EVIDENCE_FLOOR) return { kind: 'none' };
    // The danger lexicon decides the safety interrupt; the classifier's 'danger' only offers it.
    if (intent === 'danger') return this.didYouMean(classification, text);
    if (score < this.threshold) return this.didYouMean(classification, text);
    switch (intent) {
      case 'greeting':
        return { kind: 'stay', line: 'understand:greeting' };
      case 'thanks':
        return { kind: 'stay', line: 'understand:thanks' };
      case 'plea':
        return { kind: 'goal', goal: { goal: 'menu' }, intro: 'understand:plea' };
      case 'none':
        return { kind: 'none' };
      default: {
        const goal = this.goalOf(intent, classification, text);
        if (!goal) return { kind: 'none' };
        return goal.goal === 'report' ? { kind: 'goal', goal, intro: 'understand:reportStarted' } : { kind: 'goal', goal };
      }
    }
  }

  private didYouMean(classification: Classification, text: string): Interpretation {
    // Most likely a plea: its warm answer commits to nothing and shows the menu with the way to a person.
    if (classification.intent === 'plea') return { kind: 'goal', goal: { goal: 'menu' }, intro: 'understand:plea' };
    const choices: DidYouMeanChoice[] = [];
    for (const { intent, score } of this.candidates(classification)) {
      if (score < this.choiceFloor) continue;
      const goal = this.goalOf(intent, classification, text);
      const label = goal && this.labelOf(intent, goal);
      if (!goal || !label || choices.some((choice) => choice.label === label)) continue;
      choices.push({ goal, label });
      if (choices.length === MAX_CHOICES) break;
    }
    if (choices.length === 0) {
      // Nothing to offer: a plea or greeting the classifier was unsure of still deserves its warm answer (it commits to nothing).
      if (classification.alternatives.some(({ intent, score }) => intent === 'plea' && score >= UNSURE_PLEA_SHARE)) return { kind: 'goal', goal: { goal: 'menu' }, intro: 'understand:plea' };
      if (classification.intent === 'greeting' || classification.intent === 'thanks') return { kind: 'stay', line: `understand:${classification.intent}` };
      return { kind: 'none' };
    }
    return { kind: 'didYouMean', choices };
  }

  /** Alternatives in order, 'danger' first whenever the classifier saw it. */
  private candidates(classification: Classification): ScoredIntent[] {
    const danger = classification.alternatives.filter(({ intent }) => intent === 'danger');
    return [...danger, ...classification.alternatives.filter(({ intent }) => intent !== 'danger')];
  }

  private goalOf(intent: IntentId, classification: Classification, text: string): UnderstoodGoal | undefined {
    if (intent === 'report' || isReportIntent(intent)) {
      const named = classification.reportIntents.map(whatHappenedOption);
      const whatHappened = isReportIntent(intent) ? [...new Set([whatHappenedOption(intent), ...named])] : named;
      return { goal: 'report', whatHappened, narrative: text.trim() };
    }
    if (intent.startsWith('rights.')) {
      const topic = intent.slice('rights.'.length);
      return this.topics.has(topic) ? { goal: 'rights', topic } : undefined;
    }
    switch (intent) {
      case 'shelter':
      case 'fund':
      case 'person':
      case 'language':
        return { goal: intent };
      case 'danger':
        return { goal: 'safety' };
      default:
        return undefined;
    }
  }

  private labelOf(intent: IntentId, goal: UnderstoodGoal): string | undefined {
    if (goal.goal === 'rights') return `${this.options.profileNamespace}:rights.${goal.topic}.title`;
    return `understand:intents.${intent}`;
  }
}

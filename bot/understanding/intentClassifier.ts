// Free text to intent, per language: nlp.js's neural classifier (one
// perceptron per intent, the network @nlpjs/nlu's NluNeural trains) over the
// features of features.ts, trained from locales/<lng>/intents.json once, when
// the hotline starts. Each intent's perceptron answers on its own, so a message
// that names two problems lights up both report intents: the indicators.
import { NeuralNetwork } from '@nlpjs/neural';
import type { Indicator } from '../../services/triage';
import { FeatureExtractor, WORD_PREFIX, type Features } from './features';
import { INTENT_IDS, REPORT_INTENTS, indicatorOf, isIntentId, isReportIntent, type IntentExamples, type IntentId, type ReportIntent } from './intents';

/** One intent and how sure the classifier is of it (0–1; the scores of all intents add up to 1). */
export interface ScoredIntent {
  intent: IntentId;
  score: number;
}

/** What a message means, as far as the classifier can tell. */
export interface Classification {
  /** The likeliest intent; 'none' when nothing in the message is known. */
  intent: IntentId;
  /**
   * How sure: the intent's share of all intents' evidence. For a report intent, the share of every
   * report intent together: "not paid and my passport is kept" is surely a report even when it is
   * half wages, half documents.
   */
  score: number;
  /** The three likeliest intents with their own shares, likeliest first. */
  alternatives: ScoredIntent[];
  /** Every forced-labour indicator the message names (from its report intents), in intent order. */
  indicators: Indicator[];
  /** The report intents behind {@link indicators}, in the same order. */
  reportIntents: ReportIntent[];
}

/** How the classifier is trained. */
export interface ClassifierOptions {
  /**
   * A report intent's own perceptron output (0 = no evidence, about 1 = as sure as on its training
   * examples) from which its indicator counts as named, besides the likeliest intent's.
   */
  indicatorActivation?: number;
}

/** A message's folded words were all unknown, or the language has no examples. */
const NOTHING_KNOWN: Classification = { intent: 'none', score: 1, alternatives: [{ intent: 'none', score: 1 }], indicators: [], reportIntents: [] };

const DEFAULT_INDICATOR_ACTIVATION = 0.5;

/** The share of a message's words never seen in training, learnt as evidence for 'none' (nlp.js's "nonefeature"). */
const NONE_FEATURE = 'nonefeature';

interface LanguageModel {
  extractor: FeatureExtractor;
  network: NeuralNetwork;
  /** Every feature seen in training, and the intents whose examples had it. */
  featureIntents: Map<string, Set<IntentId>>;
}

/** Classifies free text into the hotline's {@link IntentId}s; see the file header. */
export class IntentClassifier {
  private constructor(
    private readonly models: ReadonlyMap<string, LanguageModel>,
    private readonly indicatorActivation: number,
  ) {}

  /** Trains one model per language from its examples. */
  static train(examples: ReadonlyMap<string, IntentExamples>, options: ClassifierOptions = {}): IntentClassifier {
    const models = new Map<string, LanguageModel>();
    for (const [language, byIntent] of examples) {
      const model = trainLanguage(language, byIntent);
      if (model) models.set(language, model);
    }
    return new IntentClassifier(models, options.indicatorActivation ?? DEFAULT_INDICATOR_ACTIVATION);
  }

  /** Languages with a trained model. */
  get languages(): string[] {
    return [...this.models.keys()];
  }

  /** What `text`, written in `language`, most likely means; see {@link Classification}. */
  classify(text: string, language: string): Classification {
    const model = this.models.get(language);
    if (!model) return NOTHING_KNOWN;
    const features = model.extractor.features(text);
    const known: Features = {};
    const evidenced = new Set<IntentId>();
    let words = 0;
    let unknownWords = 0;
    for (const [feature, weight] of Object.entries(features)) {
      if (feature.startsWith(WORD_PREFIX)) words += 1;
      const intents = model.featureIntents.get(feature);
      if (!intents) {
        if (feature.startsWith(WORD_PREFIX)) unknownWords += 1;
        continue;
      }
      known[feature] = weight;
      for (const intent of intents) evidenced.add(intent);
    }
    if (evidenced.size === 0) return NOTHING_KNOWN;
    // Words never seen in any example are evidence that the message is about something else.
    if (unknownWords > 0) {
      known[NONE_FEATURE] = unknownWords / words;
      evidenced.add('none');
    }
    const outputs = model.network.run(known) ?? {};
    // An intent none of whose training features occur in the message gets nothing (as NluNeural does).
    const activations = INTENT_IDS.filter((intent) => evidenced.has(intent)).map((intent) => ({ intent, activation: outputs[intent] ?? 0 }));
    const total = activations.reduce((sum, { activation }) => sum + activation ** 2, 0);
    if (total === 0) return NOTHING_KNOWN;
    const ranked: ScoredIntent[] = activations
      .map(({ intent, activation }) => ({ intent, score: activation ** 2 / total }))
      .filter(({ score }) => score > 0)
      .sort((a, b) => b.score - a.score);
    const top = ranked[0]!;
    const reportShare = ranked.filter(({ intent }) => intent === 'report' || isReportIntent(intent)).reduce((sum, { score }) => sum + score, 0);
    const isReport = top.intent === 'report' || isReportIntent(top.intent);
    const named = new Set<IntentId>();
    if (isReport) {
      if (isReportIntent(top.intent)) named.add(top.intent);
      for (const { intent, activation } of activations) {
        if (isReportIntent(intent) && activation >= this.indicatorActivation) named.add(intent);
      }
    }
    const reportIntents = REPORT_INTENTS.filter((intent) => named.has(intent));
    return {
      intent: top.intent,
      score: isReport ? reportShare : top.score,
      alternatives: ranked.slice(0, 3),
      indicators: reportIntents.map(indicatorOf),
      reportIntents,
    };
  }
}

function trainLanguage(language: string, byIntent: IntentExamples): LanguageModel | undefined {
  const extractor = new FeatureExtractor(language);
  const featureIntents = new Map<string, Set<IntentId>>();
  const corpus: Array<{ input: Features; output: Record<string, number> }> = [];
  for (const [intent, list] of Object.entries(byIntent)) {
    if (!isIntentId(intent)) continue;
    for (const example of list ?? []) {
      const input = extractor.features(example);
      if (Object.keys(input).length === 0) continue;
      for (const feature of Object.keys(input)) {
        let intents = featureIntents.get(feature);
        if (!intents) featureIntents.set(feature, (intents = new Set()));
        intents.add(intent);
      }
      corpus.push({ input, output: { [intent]: 1 } });
    }
  }
  if (corpus.length === 0) return undefined;
  corpus.push({ input: { [NONE_FEATURE]: 1 }, output: { none: 1 } });
  const network = new NeuralNetwork({ log: false });
  network.train(corpus);
  return { extractor, network, featureIntents };
}

// Free text to intent: nlp.js's neural classifier (one perceptron per intent,
// the network @nlpjs/nlu's NluNeural trains) over the features of features.ts
// (each language's own stemmer and folding), trained on every language's
// locales/<lng>/intents.json together, once, when the hotline starts. Each
// intent's perceptron answers on its own, so a message that names two problems
// lights up both report intents: the indicators.
import { NeuralNetwork } from '@nlpjs/neural';
import type { Indicator } from '../../models/domain';
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
   * How sure (0–1): the intent's share of all intents' evidence times how strongly its own
   * perceptron fired (capped at 1). For a report intent, of every report intent together: "not paid
   * and my passport is kept" is surely a report even when it is half wages, half documents.
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

/** Punctuation between clauses, in the scripts the hotline reads (Latin, Arabic, Devanagari, Ethiopic, …). */
const CLAUSE_BREAK = /[.!?;,\n\r\u060C\u061B\u061F\u06D4\u0964\u0965\u1361-\u1368]+/u;
/** A clause shorter than this says too little on its own. */
const MIN_CLAUSE_WORDS = 2;
/** A clause names the problem that has at least this share of its evidence. */
const CLAUSE_NAMING_SHARE = 0.5;

function isCourtesy(intent: IntentId): boolean {
  return intent === 'greeting' || intent === 'thanks';
}

function isReportFamily(intent: IntentId): boolean {
  return intent === 'report' || isReportIntent(intent);
}

/** The share of a message's words never seen in training, learnt as evidence for 'none' (nlp.js's "nonefeature"). */
const NONE_FEATURE = 'nonefeature';

/** One network for every language (each language's text becomes features by its own {@link FeatureExtractor}). */
interface Model {
  network: NeuralNetwork;
  /** Every feature seen in training, and the intents whose examples had it. */
  featureIntents: Map<string, Set<IntentId>>;
}

/**
 * Training passes over the examples. nlp.js trains until the error is tiny (about 30 passes here);
 * accuracy on the held-back examples is the same after 8, in a third of the time (training at start
 * stays within its 5 s budget).
 */
const TRAINING_ITERATIONS = 8;

/** Bumped whenever what a snapshot holds, or how training turns a corpus into weights, changes. */
const SNAPSHOT_FORMAT = 1;

/** Examples as the network learns them; see {@link IntentClassifier.corpusOf}. */
export interface TrainingCorpus {
  corpus: Array<{ input: Features; output: Record<string, number> }>;
  featureIntents: Map<string, Set<IntentId>>;
  /** Languages with examples of their own. */
  languages: string[];
}

/** A trained classifier as plain data; see {@link IntentClassifier.toSnapshot}. */
export interface ClassifierSnapshot {
  format: number;
  languages: string[];
  indicatorActivation: number;
  /** nlp.js's settings of the network, as its toJSON() gives them. */
  settings: Record<string, unknown>;
  /** The network's input features and output intents, in its order. */
  features: string[];
  intents: string[];
  /** Per feature (same order), the indices in {@link intents} of the intents whose examples had it. */
  featureIntents: number[][];
  /** Per intent (same order), a weight per feature (nlp.js keeps them as float32). */
  weights: Float32Array;
  /** Per intent, its perceptron's bias (a double in nlp.js, so kept as a number). */
  biases: number[];
}

/** What nlp.js's NeuralNetwork.toJSON() returns once trained. */
interface NetworkJson {
  settings?: Record<string, unknown>;
  features?: string[];
  intents?: string[];
  perceptrons?: number[][];
}

/** Identifies how training runs, for a cache of trained models: a change here retrains. */
export const TRAINING_RECIPE = { snapshotFormat: SNAPSHOT_FORMAT, iterations: TRAINING_ITERATIONS, noneFeature: NONE_FEATURE } as const;

/** Classifies free text into the hotline's {@link IntentId}s; see the file header. */
export class IntentClassifier {
  private readonly extractors = new Map<string, FeatureExtractor>();

  private constructor(
    private readonly model: Model | undefined,
    /** Languages with examples of their own. */
    readonly languages: readonly string[],
    private readonly indicatorActivation: number,
  ) {}

  /**
   * Trains one network on every language's examples together: workers mix languages ("madam not
   * giving tankha", "yung passport ko"), and a word one language borrows is learnt from all.
   */
  static train(examples: ReadonlyMap<string, IntentExamples>, options: ClassifierOptions = {}): IntentClassifier {
    return IntentClassifier.trainOn(IntentClassifier.corpusOf(examples), options);
  }

  /** What training learns from: every example as features (by its language's extractor), and which intents each feature occurs in. */
  static corpusOf(examples: ReadonlyMap<string, IntentExamples>): TrainingCorpus {
    const featureIntents = new Map<string, Set<IntentId>>();
    const corpus: TrainingCorpus['corpus'] = [];
    const languages: string[] = [];
    for (const [language, byIntent] of examples) {
      const extractor = new FeatureExtractor(language);
      let count = 0;
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
          count += 1;
        }
      }
      if (count > 0) languages.push(language);
    }
    return { corpus, featureIntents, languages };
  }

  /** Trains the network on a corpus from {@link corpusOf}. */
  static trainOn({ corpus, featureIntents, languages }: TrainingCorpus, options: ClassifierOptions = {}): IntentClassifier {
    const indicatorActivation = options.indicatorActivation ?? DEFAULT_INDICATOR_ACTIVATION;
    if (corpus.length === 0) return new IntentClassifier(undefined, [], indicatorActivation);
    // nlp.js adds to the last item's outputs: a copy, so the caller's corpus stays as it was.
    const network = new NeuralNetwork({ log: false, iterations: TRAINING_ITERATIONS });
    network.train([...corpus, { input: { [NONE_FEATURE]: 1 }, output: { none: 1 } }]);
    return new IntentClassifier({ network, featureIntents }, languages, indicatorActivation);
  }

  /**
   * Everything the trained classifier knows, as plain data (the weights as one Float32Array,
   * perceptron after perceptron), so it can be kept on disk and loaded by
   * {@link fromSnapshot} in a fraction of the time training takes; loaded, it answers exactly as trained.
   */
  toSnapshot(): ClassifierSnapshot {
    const base = { format: SNAPSHOT_FORMAT, languages: [...this.languages], indicatorActivation: this.indicatorActivation };
    if (!this.model) return { ...base, settings: {}, features: [], intents: [], featureIntents: [], weights: new Float32Array(0), biases: [] };
    const json = this.model.network.toJSON() as NetworkJson;
    const features = json.features ?? [];
    const intents = json.intents ?? [];
    const perceptrons = json.perceptrons ?? [];
    const width = features.length;
    const weights = new Float32Array(perceptrons.length * width);
    perceptrons.forEach((row, i) => weights.set(row.slice(0, width), i * width));
    const biases = perceptrons.map((row) => row[width]!);
    const intentIndex = new Map(intents.map((intent, i) => [intent, i]));
    const featureIntents = features.map((feature) => [...(this.model!.featureIntents.get(feature) ?? [])].map((intent) => intentIndex.get(intent)!));
    return { ...base, settings: json.settings ?? {}, features, intents, featureIntents, weights, biases };
  }

  /** The classifier a {@link toSnapshot} describes. */
  static fromSnapshot(snapshot: ClassifierSnapshot): IntentClassifier {
    if (snapshot.format !== SNAPSHOT_FORMAT) throw new Error(`IntentClassifier.fromSnapshot(): format ${snapshot.format}, expected ${SNAPSHOT_FORMAT}`);
    const { features, intents, weights, biases } = snapshot;
    if (features.length === 0) return new IntentClassifier(undefined, snapshot.languages, snapshot.indicatorActivation);
    const width = features.length;
    if (weights.length !== intents.length * width || biases.length !== intents.length || snapshot.featureIntents.length !== features.length) {
      throw new Error('IntentClassifier.fromSnapshot(): weights and features do not match');
    }
    const network = new NeuralNetwork();
    const perceptrons = intents.map((_, i) => [...weights.subarray(i * width, (i + 1) * width), biases[i]!]);
    network.fromJSON({ settings: snapshot.settings, features, intents, perceptrons });
    const featureIntents = new Map<string, Set<IntentId>>();
    features.forEach((feature, i) => {
      const indices = snapshot.featureIntents[i]!;
      if (indices.length > 0) featureIntents.set(feature, new Set(indices.map((index) => intents[index] as IntentId)));
    });
    return new IntentClassifier({ network, featureIntents }, snapshot.languages, snapshot.indicatorActivation);
  }

  private extractor(language: string): FeatureExtractor {
    let extractor = this.extractors.get(language);
    if (!extractor) this.extractors.set(language, (extractor = new FeatureExtractor(language)));
    return extractor;
  }

  /**
   * What `text`, written in `language`, most likely means; see {@link Classification}. A worker
   * often names each problem in its own clause ("no salary 3 months, madam keeps my passport"):
   * each clause is classified too, and a report takes the problems its clauses name.
   */
  classify(text: string, language: string): Classification {
    const whole = this.classifyOne(text, language);
    const extractor = this.extractor(language);
    const clauses = text.split(CLAUSE_BREAK).filter((clause) => extractor.words(clause).length > 0);
    if (clauses.length < 2) return whole;
    const parts = clauses.map((clause) => ({ clause, classification: this.classifyOne(clause, language) }));
    // A greeting or thanks around what the worker came for says least: "hello, I need help" is a plea,
    // and "hello, have a nice day" a greeting however little the rest says.
    const courtesy = parts.filter(({ classification }) => isCourtesy(classification.intent));
    if (courtesy.length > 0 && courtesy.length < parts.length) {
      const rest = this.classify(
        parts
          .filter((part) => !courtesy.includes(part))
          .map(({ clause }) => clause)
          .join(', '),
        language,
      );
      if (rest.intent !== 'none' && rest.score >= whole.score) return rest;
      const surest = courtesy.reduce((a, b) => (b.classification.score > a.classification.score ? b : a)).classification;
      if (surest.score > whole.score) return surest;
    }
    const reports = parts
      .filter(({ clause, classification }) => extractor.words(clause).length >= MIN_CLAUSE_WORDS && isReportFamily(classification.intent))
      .map(({ classification }) => classification);
    if (reports.length === 0) return whole;
    const best = reports.reduce((a, b) => (b.score > a.score ? b : a));
    if (!isReportFamily(whole.intent) && best.score <= whole.score) return whole;
    const base = isReportFamily(whole.intent) ? whole : best;
    // A clause names a problem when most of its evidence is for it (its words may be too few to be sure alone).
    const naming = reports.filter((part) => (part.alternatives[0]?.score ?? 0) >= CLAUSE_NAMING_SHARE);
    const named = new Set<ReportIntent>([...base.reportIntents, ...naming.flatMap((part) => part.reportIntents)]);
    const reportIntents = REPORT_INTENTS.filter((intent) => named.has(intent));
    return { ...base, score: Math.max(base.score, best.score), indicators: reportIntents.map(indicatorOf), reportIntents };
  }

  private classifyOne(text: string, language: string): Classification {
    const model = this.model;
    if (!model) return NOTHING_KNOWN;
    const features = this.extractor(language).features(text);
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
    const isReport = isReportFamily(top.intent);
    const family = (intent: IntentId): boolean => (isReport ? isReportFamily(intent) : intent === top.intent);
    // Sure = a large share of the evidence, and the winner's own perceptron firing as on its examples.
    const share = ranked.filter(({ intent }) => family(intent)).reduce((sum, { score }) => sum + score, 0);
    const strength = Math.min(1, Math.max(...activations.filter(({ intent }) => family(intent)).map(({ activation }) => activation)));
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
      score: share * strength,
      alternatives: ranked.slice(0, 3),
      indicators: reportIntents.map(indicatorOf),
      reportIntents,
    };
  }
}

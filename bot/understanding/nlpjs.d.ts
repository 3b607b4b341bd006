// The parts of nlp.js (which ships no type declarations) the classifier uses.
declare module '@nlpjs/neural' {
  export interface NeuralNetworkSettings {
    iterations?: number;
    errorThresh?: number;
    deltaErrorThresh?: number;
    learningRate?: number;
    momentum?: number;
    alpha?: number;
    log?: boolean;
  }
  export interface TrainingStatus {
    error: number;
    deltaError: number;
    iterations: number;
  }
  /** One leaky-ReLU perceptron per intent over a bag of features (what @nlpjs/nlu's NluNeural trains). */
  export class NeuralNetwork {
    constructor(settings?: NeuralNetworkSettings);
    train(corpus: Array<{ input: Record<string, number>; output: Record<string, number> }>): TrainingStatus;
    run(input: Record<string, number>): Record<string, number> | undefined;
    toJSON(): unknown;
    fromJSON(json: unknown): void;
  }
}

declare module '@nlpjs/lang-ar' {
  export const StemmerAr: unknown;
}
declare module '@nlpjs/lang-bn' {
  export const StemmerBn: unknown;
}
declare module '@nlpjs/lang-en' {
  export const StemmerEn: unknown;
}
declare module '@nlpjs/lang-hi' {
  export const StemmerHi: unknown;
}
declare module '@nlpjs/lang-id' {
  export const StemmerId: unknown;
}
declare module '@nlpjs/lang-ne' {
  export const StemmerNe: unknown;
}
declare module '@nlpjs/lang-ta' {
  export const StemmerTa: unknown;
}
declare module '@nlpjs/lang-tl' {
  export const StemmerTl: unknown;
}

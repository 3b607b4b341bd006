// The shape every `scripts/eval/*Eval.ts` module returns, so `npm run eval` and the guarding tests read them alike.

/** One measured figure beside its target. */
export interface EvalRow {
  /** ISO 639-1 code, or a label such as "romanized" or "all". */
  language: string;
  /** What was measured, e.g. "accuracy", "recall", "false alarms". */
  metric: string;
  /** The measured figure: a rate in 0–1, or a plain number (milliseconds, counts). */
  value: number;
  target: number;
  /** How `value` must compare with `target` to meet it. */
  comparison: '>=' | '<=';
  /** What the figure counts (e.g. "19/20; missed: …"), for a person reading the table. */
  detail?: string;
}

/** The figures of one evaluation (language identification, danger, intents…). */
export interface EvalSection {
  name: string;
  rows: EvalRow[];
}

/** What each `scripts/eval/*Eval.ts` module exports. */
export interface EvalModule {
  evaluate(): Promise<EvalSection>;
}

// Ranks how fast a human must look at a case from what the worker told the bot; it orders a queue and never decides whether someone is a victim.

import { priorityRank, type Indicator, type Priority } from '../models/domain';

/** What the worker came for, as recorded by the dialog that produced the case. */
export type RequestType = 'abuseReport' | 'shelterRequest' | 'assistanceRequest' | 'handoff';

/**
 * What the bot learned in the conversation. Every field but the first two is
 * optional because the worker may skip any question (WHO principles, brief [70][71])
 * and the bot asks only what it needs (brief [60]).
 */
export interface TriageInput {
  /** The dialog that produced the case. */
  requestType: RequestType;
  /** ILO indicators recorded; duplicates are counted once. */
  indicators: readonly Indicator[];
  /** Answer to "are you safe now?"; absent when not asked or skipped. */
  safeNow?: 'yes' | 'no' | 'unsure';
  /** The safety interrupt fired (danger words or SOS). */
  dangerSignal?: boolean;
  /** Danger words about suicide or self-harm. */
  selfHarm?: boolean;
  /** Work sector; domestic workers have fewer legal protections and more isolation. */
  sector?: 'domestic' | 'construction' | 'other';
  /** Needs a place to sleep tonight. */
  shelterTonight?: boolean;
  /** Has children or other dependants with them. */
  withChildren?: boolean;
  /** Has medical needs. */
  medicalNeeds?: boolean;
  /** How soon an assistance request needs an answer, as the worker sees it. */
  assistanceUrgency?: 'now' | 'thisWeek' | 'later';
}

/**
 * Why a case got its priority. `docs/triage.md` gives each code's rule and source.
 *
 * Critical: `dangerSignal`, `selfHarm`, `notSafeNow`, `violence`, `confinement`,
 * `shelterTonightWithChildren`, `shelterTonightMedicalNeeds`.
 * High: `unsureIfSafe`, `shelterTonight`, `coreIndicator`, `multipleIndicators`,
 * `domesticWorker`, `shelterRequest`, `urgentAssistance`.
 * Medium: `indicatorReported`, `abuseReport`, `humanRequested`, `assistanceThisWeek`.
 * Low: `noRiskSignal` (nothing else matched).
 */
export type TriageReasonCode =
  | 'dangerSignal'
  | 'selfHarm'
  | 'notSafeNow'
  | 'violence'
  | 'confinement'
  | 'shelterTonightWithChildren'
  | 'shelterTonightMedicalNeeds'
  | 'unsureIfSafe'
  | 'shelterTonight'
  | 'coreIndicator'
  | 'multipleIndicators'
  | 'domesticWorker'
  | 'shelterRequest'
  | 'urgentAssistance'
  | 'indicatorReported'
  | 'abuseReport'
  | 'humanRequested'
  | 'assistanceThisWeek'
  | 'noRiskSignal';

/** A case's priority and every rule that matched, most important first, each once. */
export interface TriageResult {
  /** The most urgent priority among the matched rules. */
  priority: Priority;
  /** Codes of the matched rules, most important first, no duplicates; never empty. */
  reasons: TriageReasonCode[];
}

/** The input with indicators de-duplicated, so a repeated answer cannot inflate a count. */
interface Facts {
  readonly input: TriageInput;
  readonly indicators: ReadonlySet<Indicator>;
}

interface Rule {
  readonly code: TriageReasonCode;
  readonly priority: Priority;
  readonly applies: (facts: Facts) => boolean;
}

/**
 * The indicators we let raise a case on their own (the ILO says one can be
 * enough, brief [51]): they show the worker is held, not just badly treated.
 * A kept passport counts once a second indicator suggests it is used to hold
 * the worker; isolation counts for domestic workers, who work inside the
 * employer's home with the fewest legal protections (brief [27][28]).
 */
function hasCoreIndicator({ input, indicators }: Facts): boolean {
  return (
    indicators.has('debtBondage') ||
    indicators.has('intimidationThreats') ||
    indicators.has('restrictionOfMovement') ||
    (indicators.has('retentionOfIdentityDocuments') && indicators.size >= 2) ||
    (indicators.has('isolation') && input.sector === 'domestic')
  );
}

function isShelterTonight({ input }: Facts): boolean {
  return input.requestType === 'shelterRequest' && input.shelterTonight === true;
}

// Order within a priority is the order reasons are shown to the case worker:
// time-bound and safety reasons before evidence of coercion, before the kind of request.
const RULES: readonly Rule[] = [
  { code: 'dangerSignal', priority: 'critical', applies: ({ input }) => input.dangerSignal === true },
  { code: 'selfHarm', priority: 'critical', applies: ({ input }) => input.selfHarm === true },
  { code: 'notSafeNow', priority: 'critical', applies: ({ input }) => input.safeNow === 'no' },
  { code: 'violence', priority: 'critical', applies: ({ indicators }) => indicators.has('physicalSexualViolence') },
  // An unanswered safety question must not downgrade someone who says they are locked in.
  {
    code: 'confinement',
    priority: 'critical',
    applies: ({ input, indicators }) => indicators.has('restrictionOfMovement') && input.safeNow !== 'yes',
  },
  {
    code: 'shelterTonightWithChildren',
    priority: 'critical',
    applies: (facts) => isShelterTonight(facts) && facts.input.withChildren === true,
  },
  {
    code: 'shelterTonightMedicalNeeds',
    priority: 'critical',
    applies: (facts) => isShelterTonight(facts) && facts.input.medicalNeeds === true,
  },
  { code: 'unsureIfSafe', priority: 'high', applies: ({ input }) => input.safeNow === 'unsure' },
  { code: 'shelterTonight', priority: 'high', applies: isShelterTonight },
  { code: 'coreIndicator', priority: 'high', applies: hasCoreIndicator },
  { code: 'multipleIndicators', priority: 'high', applies: ({ indicators }) => indicators.size >= 3 },
  {
    code: 'domesticWorker',
    priority: 'high',
    applies: ({ input, indicators }) => input.sector === 'domestic' && indicators.size >= 2,
  },
  { code: 'shelterRequest', priority: 'high', applies: ({ input }) => input.requestType === 'shelterRequest' },
  { code: 'urgentAssistance', priority: 'high', applies: ({ input }) => input.assistanceUrgency === 'now' },
  { code: 'indicatorReported', priority: 'medium', applies: ({ indicators }) => indicators.size >= 1 },
  // A report or a call for a person with nothing recorded is an unknown, not an all-clear.
  { code: 'abuseReport', priority: 'medium', applies: ({ input }) => input.requestType === 'abuseReport' },
  { code: 'humanRequested', priority: 'medium', applies: ({ input }) => input.requestType === 'handoff' },
  { code: 'assistanceThisWeek', priority: 'medium', applies: ({ input }) => input.assistanceUrgency === 'thisWeek' },
];

/**
 * Orders priorities for sorting a queue.
 *
 * @returns a negative number when `a` is more urgent than `b`, positive when
 * less urgent, 0 when equal; so `queue.sort((x, y) => comparePriority(x.priority, y.priority))`
 * puts the most urgent first (and, the sort being stable, keeps arrival order within a priority).
 */
export function comparePriority(a: Priority, b: Priority): number {
  return priorityRank(a) - priorityRank(b);
}

/**
 * Gives a case its queue priority and the reasons for it.
 *
 * Pure and deterministic: it reads nothing but `input`, changes nothing, and
 * returns a new result each call. The result ranks the case for a human; the
 * indicators trigger that human's investigation and are never a verdict
 * (UNODC, brief [52]).
 *
 * @param input what the worker told the bot.
 * @returns the most urgent priority among the matched rules and every matched rule's code.
 */
export function triage(input: TriageInput): TriageResult {
  const facts: Facts = { input, indicators: new Set(input.indicators) };
  // The stable sort keeps table order within a priority, so a rule added out of place still ranks right.
  const matched = RULES.filter((rule) => rule.applies(facts)).sort((a, b) => comparePriority(a.priority, b.priority));
  const first = matched[0];
  if (first === undefined) {
    return { priority: 'low', reasons: ['noRiskSignal'] };
  }
  return { priority: first.priority, reasons: matched.map((rule) => rule.code) };
}

// The hotline's domain constants, each written once: the models store them,
// the services decide with them, zod schemas and the OpenAPI document are
// derived from them. In models/ (not kernel/) because they describe what the
// models hold; everything that uses them sits at models/ or above.

/**
 * The ILO's 11 indicators of forced labour, in the ILO's own order
 * (`shared/domain/bahrain-brief.md` §3, source [50]).
 */
export const ILO_INDICATORS = [
  'abuseOfVulnerability',
  'deception',
  'restrictionOfMovement',
  'isolation',
  'physicalSexualViolence',
  'intimidationThreats',
  'retentionOfIdentityDocuments',
  'withholdingOfWages',
  'debtBondage',
  'abusiveConditions',
  'excessiveOvertime',
] as const;

/** One of the ILO's 11 forced-labour indicators. */
export type Indicator = (typeof ILO_INDICATORS)[number];

/** Queue priorities, most urgent first; `critical` is the US hotline's "Crisis" (brief [58]). */
export const PRIORITIES = ['critical', 'high', 'medium', 'low'] as const;

/** How fast a human should respond to a case. */
export type Priority = (typeof PRIORITIES)[number];

/** 0 = critical … 3 = low: one ascending index orders a queue by urgency. */
export function priorityRank(priority: Priority): number {
  return PRIORITIES.indexOf(priority);
}

/** What a case is: what the worker reported or asked for. */
export const CASE_TYPES = ['abuseReport', 'shelterRequest', 'assistanceRequest', 'callback'] as const;
export type CaseType = (typeof CASE_TYPES)[number];

/** new → triaged → in progress → referred → closed, as the referral mechanism works a case. */
export const CASE_STATUSES = ['new', 'triaged', 'inProgress', 'referred', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** The next statuses each status may move to. */
export const CASE_STATUS_TRANSITIONS: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  new: ['triaged', 'closed'],
  triaged: ['inProgress', 'referred', 'closed'],
  inProgress: ['referred', 'closed'],
  referred: ['inProgress', 'closed'],
  closed: ['inProgress'],
};

/**
 * Hours a case may wait without an owner before the case list shows it as overdue, by priority
 * (high and critical ones also go to the live queue at once; this is for the case's review).
 */
export const CASE_REVIEW_HOURS: Readonly<Record<Priority, number>> = { critical: 1, high: 4, medium: 24, low: 72 };

/** How the case list may be ordered: urgency then age (the default), newest opened, latest changed, earliest follow-up. */
export const CASE_SORTS = ['priority', 'opened', 'updated', 'followUp'] as const;
export type CaseSort = (typeof CASE_SORTS)[number];

/** What a worker consented to, recorded on the case with the notice version. */
export const CONSENT_KINDS = ['privacyNotice', 'referToAuthorities', 'contactLater', 'shareWithShelter', 'shareWithFund'] as const;
export type ConsentKind = (typeof CONSENT_KINDS)[number];

/** A worker waiting for a human: queued, claimed by one case worker, closed (back to the bot). */
export const HANDOFF_STATUSES = ['queued', 'claimed', 'closed'] as const;
export type HandoffStatus = (typeof HANDOFF_STATUSES)[number];

/** The statuses of a handoff still open (a worker has at most one). */
export const OPEN_HANDOFF_STATUSES = ['queued', 'claimed'] as const satisfies readonly HandoffStatus[];
export type OpenHandoffStatus = (typeof OPEN_HANDOFF_STATUSES)[number];

/** Roles of the case worker console. */
export const CONSOLE_ROLES = ['caseWorker', 'supervisor', 'admin'] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

/** The `channelId` of the hotline's own channels (activities, conversation references, keyed user hashes). */
export const WEBCHAT_CHANNEL_ID = 'webchat';
export const WHATSAPP_CHANNEL_ID = 'whatsapp';
/** The console's practice conversations. */
export const TRAINING_CHANNEL_ID = 'training';
/** Every channel the hotline runs itself: none of them may come through the Bot Framework endpoint. */
export const OWN_CHANNEL_IDS = [WEBCHAT_CHANNEL_ID, WHATSAPP_CHANNEL_ID, TRAINING_CHANNEL_ID] as const;

/** A MongoDB ObjectId as 24 lower-case hex digits (ids in URLs and request bodies). */
export const OBJECT_ID = /^[0-9a-f]{24}$/;

/** A case number: the profile's prefix (2 to 5 capital letters), the year, a six-digit sequence. */
export const CASE_NUMBER_PREFIX = /^[A-Z]{2,5}$/;
export const CASE_NUMBER = /^[A-Z]{2,5}-\d{4}-\d{6}$/;

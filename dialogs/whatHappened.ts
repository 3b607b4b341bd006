// The report's "what happened" choices and the ILO indicator each is evidence
// of: the report asks them, and the free-text understanding names them (a
// report intent per choice), so both read this one table.
import type { Indicator } from '../models/domain';

/** Each "what happened" choice and the ILO indicator it is evidence of (brief §3, [50]). */
export const WHAT_HAPPENED_INDICATORS: Readonly<Record<string, Indicator | undefined>> = {
  wages: 'withholdingOfWages',
  documents: 'retentionOfIdentityDocuments',
  movement: 'restrictionOfMovement',
  violence: 'physicalSexualViolence',
  threats: 'intimidationThreats',
  debt: 'debtBondage',
  deception: 'deception',
  hours: 'excessiveOvertime',
  conditions: 'abusiveConditions',
  isolation: 'isolation',
  vulnerability: 'abuseOfVulnerability',
  other: undefined,
};

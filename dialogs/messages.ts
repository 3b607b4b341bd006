// Small helpers for what several dialogs tell the worker.
import { TurnContext } from 'botbuilder';
import { emergencyContacts, type CountryProfile } from '../services/countryProfile';
import type { HandoffService, QueuedHandoff } from '../services/handoff';
import type { CreatedCase } from '../services/cases';
import type { DialogDependencies } from './dependencies';
import { turnServices } from './turnServices';

/** The first emergency number of the profile (police), for "call … if in danger". */
export function policeNumber(profile: CountryProfile): string {
  return emergencyContacts(profile)[0]?.number ?? '';
}

/**
 * Emergency contacts, most urgent first, each with its label, stated plainly: whether a number is
 * verified is the deployer's business (the console and a production start name the unverified
 * facts), never a doubt put before a frightened worker.
 */
export function emergencyLines(context: TurnContext, profile: CountryProfile): string[] {
  const { t } = turnServices(context);
  return emergencyContacts(profile).map((contact) =>
    t('safety:contact', { label: t(`${profile.namespace}:contacts.${contact.id}.label`), number: contact.number }),
  );
}

/** What a queued worker is told: place in the queue, or when someone will answer, and what to do in danger. */
export async function sendQueueStatus(context: TurnContext, profile: CountryProfile, handoff: HandoffService, queued: QueuedHandoff, caseNumber: string): Promise<void> {
  const { t } = turnServices(context);
  const lines = [t('handoff:queued', { caseNumber })];
  if (queued.staffedNow) {
    lines.push(queued.ahead > 0 ? t('handoff:wait', { count: queued.ahead }) : t('handoff:waitNone'));
  } else {
    const hours = handoff.staffedHours;
    lines.push(t('handoff:outOfHours', { from: hours.from, until: hours.until, country: t(`${profile.namespace}:name`) }));
  }
  lines.push(t('handoff:emergency', { police: policeNumber(profile) }));
  await context.sendActivity(lines.join('\n\n'));
}

/** Queues the case for a human and tells the worker where they stand. */
export async function handOffToPerson(context: TurnContext, deps: Pick<DialogDependencies, 'handoff' | 'profile'>, created: CreatedCase): Promise<void> {
  const { language, userHash, effectKey } = turnServices(context);
  const queued = await deps.handoff.enqueue({
    caseId: created.id,
    caseNumber: created.caseNumber,
    priority: created.triage.priority,
    reasons: created.triage.reasons,
    language,
    channel: context.activity.channelId,
    userHash,
    reference: TurnContext.getConversationReference(context.activity),
    idempotencyKey: effectKey('handoff'),
  });
  await sendQueueStatus(context, deps.profile, deps.handoff, queued, created.caseNumber);
}

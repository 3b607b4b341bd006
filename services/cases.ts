// Creates cases: triages them, numbers them atomically, encrypts the
// personal fields, and records consent and the timeline.
import type { ConversationReference } from 'botbuilder';
import { trusted } from 'mongoose';
import { systemClock, type WallClock } from '../kernel/clock';
import type { FieldCipher, KeyedHasher } from './crypto';
import { phoneHash } from './phoneNumbers';
import { triage, type TriageInput, type TriageResult } from './triage';
import { isDuplicateKeyError, nextSequence, type CounterModel, type CaseModel } from '../models';
import { CASE_STATUS_TRANSITIONS, priorityRank, type CaseStatus, type CaseType, type ConsentKind, type Indicator, type Priority } from '../models/domain';

/** Bump when the privacy notice's wording (report:privacy.question) changes in meaning. */
export const PRIVACY_NOTICE_VERSION = '2026-11-29';

/** Personal fields as the worker gave them; stored only encrypted. */
export interface PersonalFields {
  narrative?: string | null;
  name?: string | null;
  phone?: string | null;
  employer?: string | null;
  location?: string | null;
  codeWord?: string | null;
  safeContactTime?: string | null;
  safeContactMethod?: string | null;
  details?: string | null;
}

export interface ConsentInput {
  kind: ConsentKind;
  given: boolean;
}

export interface NewCase {
  type: CaseType;
  source?: 'intake' | 'safetyInterrupt' | 'handoff';
  /** Coded answers only: option ids, counts, flags. */
  answers: Record<string, unknown>;
  personal: PersonalFields;
  indicators: Indicator[];
  triage: Omit<TriageInput, 'requestType' | 'indicators'>;
  consents: ConsentInput[];
  anonymous?: boolean;
  channel: string;
  userHash: string;
  language: string;
  /** A practice case (console training mode). */
  training?: boolean;
  /** The priority decided by the caller instead of triage: only a practice case's scenario decides it. */
  priority?: { level: Priority; reasons: string[] };
  /**
   * The turn's key for this case (`TurnServices.effectKey('case')`): a turn run again after a
   * crash gets the case its first run created, under the same number, instead of a second one.
   */
  idempotencyKey?: string;
}

export interface CreatedCase {
  id: string;
  caseNumber: string;
  triage: TriageResult;
}

const MAX_CASE_NUMBER_TRIES = 50;

/** Maps case types onto the triage's request types. */
const REQUEST_TYPE: Record<CaseType, TriageInput['requestType']> = {
  abuseReport: 'abuseReport',
  shelterRequest: 'shelterRequest',
  assistanceRequest: 'assistanceRequest',
  callback: 'handoff',
};

/** The case service (see file header). */
export class CaseService {
  constructor(
    private readonly cases: CaseModel,
    private readonly counters: CounterModel,
    private readonly cipher: FieldCipher,
    /** Makes the phone number a worker gave searchable (services/phoneNumbers.ts) without storing it readable. */
    private readonly hasher: KeyedHasher,
    private readonly country: { countryCode: string; caseNumberPrefix: string },
    private readonly clock: WallClock = systemClock,
  ) {}

  private now(): Date {
    return new Date(this.clock.now());
  }

  /** `BH-2026-000123`: prefix, year, and a per-year sequence allocated atomically. */
  async allocateCaseNumber(): Promise<string> {
    const year = this.now().getUTCFullYear();
    const seq = await nextSequence(this.counters, `caseNumber:${this.country.caseNumberPrefix}:${year}`);
    return `${this.country.caseNumberPrefix}-${year}-${String(seq).padStart(6, '0')}`;
  }

  /**
   * Stores a new case under a fresh case number. The unique index on case
   * numbers is what guarantees uniqueness, and a taken number is drawn again
   * (a counter behind the stored numbers, after a restore). Under a key, the
   * look first keeps a re-run from drawing a number it would leave unused.
   */
  async create(input: NewCase): Promise<CreatedCase> {
    const key = input.idempotencyKey;
    const earlier = key ? await this.createdUnder(key) : undefined;
    if (earlier) return earlier;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.insert(input, await this.allocateCaseNumber());
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        // Another run of the same turn created it first: that case is this one.
        const concurrent = key ? await this.createdUnder(key) : undefined;
        if (concurrent) return concurrent;
        if (attempt >= MAX_CASE_NUMBER_TRIES) throw error;
      }
    }
  }

  /** The case created under an idempotency key, as `create` returned it. */
  private async createdUnder(idempotencyKey: string): Promise<CreatedCase | undefined> {
    const doc = await this.cases.findOne({ idempotencyKey }, { caseNumber: 1, priority: 1, priorityReasons: 1 }).lean();
    if (!doc) return undefined;
    return { id: String(doc._id), caseNumber: doc.caseNumber, triage: { priority: doc.priority, reasons: doc.priorityReasons as TriageResult['reasons'] } };
  }

  private async insert(input: NewCase, caseNumber: string): Promise<CreatedCase> {
    const at = this.now();
    const result = triage({ ...input.triage, requestType: REQUEST_TYPE[input.type], indicators: input.indicators });
    const priority = input.priority?.level ?? result.priority;
    const priorityReasons: string[] = input.priority?.reasons ?? result.reasons;
    const personal = Object.fromEntries(
      Object.entries(input.anonymous ? { ...input.personal, name: undefined, phone: undefined } : input.personal)
        .map(([key, value]) => [key, this.cipher.encryptOptional(value ?? undefined)])
        .filter(([, value]) => value !== undefined),
    );
    const phone = input.anonymous ? undefined : input.personal.phone;
    const phoneKey = phone ? phoneHash(this.hasher, phone) : undefined;
    const doc = await this.cases.create({
      caseNumber,
      type: input.type,
      priorityRank: priorityRank(priority),
      ...(phoneKey ? { phoneHashes: [phoneKey] } : {}),
      source: input.source ?? 'intake',
      status: 'triaged',
      priority,
      priorityReasons,
      indicators: [...new Set(input.indicators)],
      answers: input.answers,
      personal,
      anonymous: input.anonymous ?? false,
      consents: input.consents.map((consent) => ({ ...consent, at, noticeVersion: PRIVACY_NOTICE_VERSION, language: input.language })),
      channel: input.channel,
      userHash: input.userHash,
      language: input.language,
      country: this.country.countryCode,
      training: input.training ?? false,
      ...(input.idempotencyKey ? { idempotencyKey: input.idempotencyKey } : {}),
      timeline: [
        { at, event: 'created', actor: 'bot' },
        { at, event: 'triaged', actor: 'bot', detail: `${priority}: ${priorityReasons.join(', ')}` },
      ],
    });
    return { id: String(doc._id), caseNumber, triage: result };
  }

  /** The latest consent of a kind on a case: agency referrals need `referToAuthorities` given. */
  async hasConsent(caseNumber: string, kind: ConsentKind): Promise<boolean> {
    const doc = await this.cases.findOne({ caseNumber }, { consents: 1 }).lean();
    const latest = doc?.consents.filter((consent) => consent.kind === kind).at(-1);
    return latest?.given === true;
  }

  /** Adds a case worker's note (encrypted) to the case and its timeline. */
  async addNote(caseNumber: string, by: string, text: string): Promise<void> {
    const at = this.now();
    const updated = await this.cases.updateOne(
      { caseNumber, erasedAt: trusted({ $exists: false }) },
      { $push: { notes: { at, by, text: this.cipher.encrypt(text) }, timeline: { at, event: 'note', actor: by } } },
    );
    if (updated.matchedCount === 0) throw new CaseError('NOT_FOUND', 'No such case, or its data was erased');
  }

  /** Moves a case along its workflow (new → triaged → in progress → referred → closed). */
  async changeStatus(caseNumber: string, to: CaseStatus, by: string): Promise<void> {
    const doc = await this.cases.findOne({ caseNumber }, { status: 1 }).lean();
    if (!doc) throw new CaseError('NOT_FOUND', 'No such case');
    if (!CASE_STATUS_TRANSITIONS[doc.status].includes(to)) throw new CaseError('BAD_TRANSITION', `A ${doc.status} case cannot become ${to}`);
    const at = this.now();
    await this.cases.updateOne({ caseNumber }, { $set: { status: to }, $push: { timeline: { at, event: 'status', actor: by, detail: `${doc.status} → ${to}` } } });
  }

  /**
   * Refers the case to an agency of the referral mechanism. Without the
   * worker's consent it is refused, unless the case worker invokes imminent
   * danger (survivor-centred practice acts without consent only then, brief §3
   * [59][61]); that basis is recorded on the case.
   */
  async referToAgency(caseNumber: string, agencyId: string, by: string, imminentDanger = false, { mayActWithoutConsent = true } = {}): Promise<'consent' | 'imminentDanger'> {
    const training = await this.cases.exists({ caseNumber, training: true });
    if (training) throw new CaseError('BAD_TRANSITION', 'A practice case is never referred');
    const consented = await this.hasConsent(caseNumber, 'referToAuthorities');
    if (!consented && !imminentDanger) throw new CaseError('NO_CONSENT', 'The worker has not consented to a referral; ask them, or record imminent danger');
    // Who may act without consent is the access rules' decision (services/caseAccess.ts: a supervisor).
    if (!consented && !mayActWithoutConsent) throw new CaseError('NEEDS_SUPERVISOR', 'A referral without the worker’s consent needs a supervisor');
    const basis = consented ? 'consent' : 'imminentDanger';
    const at = this.now();
    const updated = await this.cases.updateOne(
      { caseNumber },
      { $set: { status: 'referred' }, $push: { agencyReferrals: { agencyId, at, by, basis }, timeline: { at, event: 'referred', actor: by, detail: `${agencyId} (${basis})` } } },
    );
    if (updated.matchedCount === 0) throw new CaseError('NOT_FOUND', 'No such case');
    return basis;
  }

  /** A case as the console shows it, personal fields decrypted (the console audits every call). */
  async findCase(caseNumber: string) {
    const doc = await this.cases.findOne({ caseNumber }).lean();
    if (!doc) return undefined;
    return {
      caseNumber: doc.caseNumber,
      type: doc.type,
      status: doc.status,
      priority: doc.priority,
      priorityReasons: doc.priorityReasons,
      indicators: doc.indicators,
      answers: doc.answers as Record<string, unknown>,
      anonymous: doc.anonymous,
      language: doc.language,
      channel: doc.channel,
      personal: this.decryptPersonal(doc.personal as Record<string, string | null | undefined>),
      consents: doc.consents.map(({ kind, given, at, noticeVersion }) => ({ kind, given, at, noticeVersion })),
      timeline: doc.timeline.map(({ at, event, actor, detail, subject }) => ({ at, event, actor, detail, subject: subject ?? undefined })),
      owner: doc.assignedTo ?? undefined,
      assignedAt: doc.assignedAt ?? undefined,
      followUpDate: doc.followUpDate ?? undefined,
      training: doc.training === true,
      notes: doc.notes.map((note) => ({ at: note.at, by: note.by, text: this.cipher.decrypt(note.text) })),
      agencyReferrals: doc.agencyReferrals.map(({ agencyId, at, by, basis }) => ({ agencyId, at, by, basis })),
      erased: Boolean(doc.erasedAt),
    };
  }

  /** Decrypts a case's personal fields (for the console, which audits every call). */
  decryptPersonal(personal: Record<string, string | null | undefined> | null | undefined): PersonalFields {
    return Object.fromEntries(Object.entries(personal ?? {}).map(([key, value]) => [key, this.cipher.decryptOptional(value)]));
  }
}

/** A case change that cannot be made, with a code the console maps to an HTTP status. */
export class CaseError extends Error {
  constructor(
    readonly code: 'NOT_FOUND' | 'BAD_TRANSITION' | 'NO_CONSENT' | 'NEEDS_SUPERVISOR',
    message: string,
  ) {
    super(message);
    this.name = 'CaseError';
  }
}

/** Encrypts a conversation reference (it contains the channel user id). */
export function sealReference(cipher: FieldCipher, reference: Partial<ConversationReference>): string {
  return cipher.encrypt(JSON.stringify(reference));
}

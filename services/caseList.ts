// The case list: every case a console user may see (services/caseAccess.ts),
// whatever its priority, filtered, searched by case number or phone number
// (a keyed hash, never the number), ordered and paged. What the bot promises
// a worker ("a case worker will review your case") starts here.
import { trusted, type FilterQuery, type SortOrder } from 'mongoose';
import { systemClock, type WallClock } from '../kernel/clock';
import type { CaseDocument, CaseModel } from '../models';
import { CASE_NUMBER, CASE_REVIEW_HOURS, PRIORITIES, priorityRank, type CaseSort, type CaseStatus, type CaseType, type Indicator, type Priority } from '../models/domain';
import type { Actor, CaseAccess } from './caseAccess';
import type { KeyedHasher } from './crypto';
import { normalizeDigits } from '../kernel/text/digits';
import { localDate, nextDay, startOfLocalDay } from './localDate';
import { phoneDigits, phoneHash, whatsAppUserHashes } from './phoneNumbers';

/** What the list is asked for; every field already validated (console/api/schemas.ts). */
export interface CaseListQuery {
  status?: CaseStatus[];
  priority?: Priority[];
  type?: CaseType[];
  indicator?: Indicator[];
  language?: string[];
  channel?: string[];
  /** `me`, `none` (unowned) or a console user's id. */
  owner?: string;
  /** Only overdue cases (true), or only those that are not (false). */
  overdue?: boolean;
  /** `today`: cases whose follow-up falls today or earlier (profile time zone), open ones only. */
  due?: 'today';
  /** Opened on or after this day, on or before that one (YYYY-MM-DD, profile time zone). */
  from?: string;
  to?: string;
  /** A case number (whole, or its sequence's digits) or a phone number. */
  q?: string;
  sort?: CaseSort;
  limit: number;
  page: number;
}

/** One case as the list shows it: no personal field, nothing decrypted. */
export interface CaseListItem {
  caseNumber: string;
  type: CaseType;
  status: CaseStatus;
  priority: Priority;
  indicators: string[];
  language: string;
  channel: string;
  source: string;
  owner?: string;
  followUpDate?: string;
  openedAt: Date;
  updatedAt: Date;
  overdue: boolean;
}

export interface CaseListPage {
  cases: CaseListItem[];
  page: number;
  limit: number;
  total: number;
  hasMore: boolean;
  /** How the search was understood (for the audit; never the searched text). */
  searchedBy?: 'caseNumber' | 'phone';
}

/** A search that is neither a case number nor a phone number. */
export class CaseSearchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CaseSearchError';
  }
}

const SORTS: Record<Exclude<CaseSort, 'followUp'>, Record<string, SortOrder>> = {
  priority: { priorityRank: 1, createdAt: 1, _id: 1 },
  opened: { createdAt: -1, _id: -1 },
  updated: { updatedAt: -1, _id: -1 },
};
const FIELDS = { caseNumber: 1, type: 1, status: 1, priority: 1, indicators: 1, language: 1, channel: 1, source: 1, assignedTo: 1, followUpDate: 1, createdAt: 1, updatedAt: 1 } as const;

export class CaseList {
  constructor(
    private readonly cases: CaseModel,
    private readonly access: CaseAccess,
    private readonly hasher: KeyedHasher,
    /** The profile's time zone: "today" and the days of from/to. */
    private readonly timeZone: string,
    private readonly clock: WallClock = systemClock,
  ) {}

  /** Today in the profile's time zone. */
  today(): string {
    return localDate(new Date(this.clock.now()), this.timeZone);
  }

  /** Cases stored before the list existed get the rank it sorts by (idempotent; run at start). */
  async backfill(): Promise<void> {
    for (const priority of PRIORITIES) await this.cases.updateMany({ priority, priorityRank: trusted({ $exists: false }) }, { $set: { priorityRank: priorityRank(priority) } });
  }

  /** One page of the cases `actor` sees, as `query` asks. */
  async list(actor: Actor, query: CaseListQuery): Promise<CaseListPage> {
    const search = this.search(query.q);
    const filter = { $and: [await this.access.listScope(actor), ...this.filters(actor, query), ...(search ? [search.filter] : [])] } as FilterQuery<CaseDocument>;
    const skip = (query.page - 1) * query.limit;
    const [total, docs] = await Promise.all([this.cases.countDocuments(filter), this.page(filter, query.sort ?? 'priority', skip, query.limit)]);
    const today = this.today();
    const now = this.clock.now();
    return {
      cases: docs.map((doc) => ({
        caseNumber: doc.caseNumber,
        type: doc.type,
        status: doc.status,
        priority: doc.priority,
        indicators: doc.indicators,
        language: doc.language,
        channel: doc.channel,
        source: doc.source ?? 'intake',
        owner: doc.assignedTo ?? undefined,
        followUpDate: doc.followUpDate ?? undefined,
        openedAt: doc.createdAt,
        updatedAt: doc.updatedAt,
        overdue: isOverdue(doc, today, now),
      })),
      page: query.page,
      limit: query.limit,
      total,
      hasMore: skip + docs.length < total,
      ...(search ? { searchedBy: search.by } : {}),
    };
  }

  /** Earliest follow-up first, then the cases without one in the default order. */
  private async page(filter: FilterQuery<CaseDocument>, sort: CaseSort, skip: number, limit: number) {
    if (sort !== 'followUp') return this.cases.find(filter, FIELDS).sort(SORTS[sort]).skip(skip).limit(limit).lean();
    const scheduled = { $and: [filter, { followUpDate: trusted({ $exists: true }) }] } as FilterQuery<CaseDocument>;
    const first = await this.cases.find(scheduled, FIELDS).sort({ followUpDate: 1, priorityRank: 1, _id: 1 }).skip(skip).limit(limit).lean();
    if (first.length === limit) return first;
    const before = first.length > 0 ? skip + first.length : await this.cases.countDocuments(scheduled);
    const unscheduled = { $and: [filter, { followUpDate: trusted({ $in: [null] }) }] } as FilterQuery<CaseDocument>;
    const rest = await this.cases.find(unscheduled, FIELDS).sort(SORTS.priority).skip(Math.max(0, skip - before)).limit(limit - first.length).lean();
    return [...first, ...rest];
  }

  private filters(actor: Actor, query: CaseListQuery): FilterQuery<CaseDocument>[] {
    const any = (values: readonly string[]) => trusted({ $in: [...values] });
    const filters: FilterQuery<CaseDocument>[] = [];
    if (query.status) filters.push({ status: any(query.status) });
    if (query.priority) filters.push({ priority: any(query.priority) });
    if (query.type) filters.push({ type: any(query.type) });
    if (query.indicator) filters.push({ indicators: any(query.indicator) });
    if (query.language) filters.push({ language: any(query.language) });
    if (query.channel) filters.push({ channel: any(query.channel) });
    if (query.owner === 'none') filters.push({ assignedTo: trusted({ $in: [null] }) });
    else if (query.owner) filters.push({ assignedTo: query.owner === 'me' ? actor.id : query.owner });
    const today = this.today();
    if (query.due === 'today') filters.push({ followUpDate: trusted({ $lte: today }), status: trusted({ $ne: 'closed' }) });
    if (query.overdue !== undefined) {
      const overdue = this.overdueFilter(today);
      filters.push(query.overdue ? overdue : ({ $nor: [overdue] } as FilterQuery<CaseDocument>));
    }
    if (query.from) filters.push({ createdAt: trusted({ $gte: startOfLocalDay(query.from, this.timeZone) }) });
    if (query.to) filters.push({ createdAt: trusted({ $lt: startOfLocalDay(nextDay(query.to), this.timeZone) }) });
    return filters;
  }

  /** Open, and its follow-up day has passed, or nobody has taken it within its priority's review hours. */
  private overdueFilter(today: string): FilterQuery<CaseDocument> {
    const now = this.clock.now();
    const unreviewed = PRIORITIES.map((priority) => ({ priority, assignedTo: trusted({ $in: [null] }), createdAt: trusted({ $lt: new Date(now - CASE_REVIEW_HOURS[priority] * 3_600_000) }) }));
    return { status: trusted({ $ne: 'closed' }), $or: [{ followUpDate: trusted({ $lt: today }) }, ...unreviewed] } as FilterQuery<CaseDocument>;
  }

  /** A case number (whole or its sequence), else a phone number through its keyed hashes; never a pattern over ciphertext. */
  private search(q: string | undefined): { by: 'caseNumber' | 'phone'; filter: FilterQuery<CaseDocument> } | undefined {
    const text = q === undefined ? undefined : normalizeDigits(q).trim();
    if (!text) return undefined;
    const upper = text.toUpperCase();
    if (CASE_NUMBER.test(upper)) return { by: 'caseNumber', filter: { caseNumber: upper } };
    if (/^\d{1,6}$/.test(text)) return { by: 'caseNumber', filter: { caseNumber: trusted({ $regex: `-\\d{4}-${text.padStart(6, '0')}$` }) } };
    if (/^[+\d\s().-]+$/.test(text) && phoneDigits(text)) {
      const hashes = whatsAppUserHashes(this.hasher, text);
      return { by: 'phone', filter: { $or: [{ phoneHashes: phoneHash(this.hasher, text)! }, { channel: 'whatsapp', userHash: trusted({ $in: hashes }) }] } as FilterQuery<CaseDocument> };
    }
    throw new CaseSearchError('Search by a case number (BH-2026-000123, or 123) or a phone number');
  }
}

/** The same rule as the list's overdue filter, for one case. */
export function isOverdue(doc: { status: string; priority: Priority; assignedTo?: string | null; followUpDate?: string | null; createdAt: Date }, today: string, now: number): boolean {
  if (doc.status === 'closed') return false;
  if (doc.followUpDate && doc.followUpDate < today) return true;
  return !doc.assignedTo && doc.createdAt.getTime() < now - CASE_REVIEW_HOURS[doc.priority] * 3_600_000;
}

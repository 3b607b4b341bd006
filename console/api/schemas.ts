// What console requests may carry: zod schemas the routes parse with and the
// OpenAPI document is built from. Strict: an unknown key (a `$`-operator) is refused.
import { z } from 'zod';
import { CASE_SORTS, CASE_STATUSES, CASE_TYPES, ILO_INDICATORS, OBJECT_ID, PRIORITIES } from '../../models/domain';
import { isCalendarDate } from '../../services/localDate';

export const NoteSchema = z.object({ text: z.string().trim().min(1).max(10_000) }).strict();
export const StatusSchema = z.object({ status: z.enum(CASE_STATUSES) }).strict();
export const AgencyReferralSchema = z.object({ agencyId: z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,40}$/), imminentDanger: z.boolean().default(false) }).strict();
export const TransferSchema = z.object({ toUserId: z.string().regex(OBJECT_ID) }).strict();
export const LoginSchema = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256), code: z.string().regex(/^\d{6}$/, 'six digits').optional() }).strict();
export const TotpCodeSchema = z.object({ code: z.string().regex(/^\d{6}$/, 'six digits') }).strict();
export const MessageSchema = z.object({ text: z.string().trim().min(1).max(4000) }).strict();
export const TrainingSchema = z.object({ scenarioId: z.string().regex(/^[A-Za-z0-9]{1,16}$/) }).strict();

/** A query value that is a comma-separated list (or the parameter given more than once) of allowed values. */
const listOf = <T extends z.ZodType<string, string>>(item: T) =>
  z.preprocess((value) => (Array.isArray(value) ? value.join(',') : value), z.string().min(1).transform((text) => [...new Set(text.split(',').map((part) => part.trim()))]).pipe(z.array(item).min(1).max(20)));
const calendarDate = z.string().refine(isCalendarDate, 'must be a calendar date, YYYY-MM-DD');

/** `GET /console/api/cases`: filters, search, order and page; anything else is a 400. */
export const CaseListQuerySchema = z
  .object({
    status: listOf(z.enum(CASE_STATUSES)).optional(),
    priority: listOf(z.enum(PRIORITIES)).optional(),
    type: listOf(z.enum(CASE_TYPES)).optional(),
    indicator: listOf(z.enum(ILO_INDICATORS)).optional(),
    language: listOf(z.string().regex(/^[a-z]{2,3}$/, 'a language code such as "en"')).optional(),
    channel: listOf(z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, 'a channel id such as "webchat"')).optional(),
    owner: z.union([z.enum(['me', 'none']), z.string().regex(OBJECT_ID, 'me, none or a user id')]).optional(),
    overdue: z.enum(['true', 'false']).transform((value) => value === 'true').optional(),
    due: z.enum(['today']).optional(),
    from: calendarDate.optional(),
    to: calendarDate.optional(),
    q: z.string().trim().min(1).max(40).optional(),
    sort: z.enum(CASE_SORTS).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
  })
  .strict()
  .refine((query) => !query.from || !query.to || query.from <= query.to, { message: '"from" must not be after "to"', path: ['from'] });
/** Whom a case goes to: the caller (`me`), nobody (`none`), or a console user's id (supervisors). */
export const CaseOwnerSchema = z.object({ to: z.union([z.enum(['me', 'none']), z.string().regex(OBJECT_ID, 'me, none or a user id')]) }).strict();
/** The case's follow-up day (YYYY-MM-DD, the profile's time zone), or null to clear it. */
export const FollowUpSchema = z.object({ date: calendarDate.nullable() }).strict();

// What console requests may carry: zod schemas the routes parse with and the
// OpenAPI document is built from. Strict: an unknown key (a `$`-operator) is refused.
import { z } from 'zod';
import { CASE_STATUSES, OBJECT_ID } from '../../models/domain';

export const NoteSchema = z.object({ text: z.string().trim().min(1).max(10_000) }).strict();
export const StatusSchema = z.object({ status: z.enum(CASE_STATUSES) }).strict();
export const AgencyReferralSchema = z.object({ agencyId: z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,40}$/), imminentDanger: z.boolean().default(false) }).strict();
export const TransferSchema = z.object({ toUserId: z.string().regex(OBJECT_ID) }).strict();
export const LoginSchema = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256), code: z.string().regex(/^\d{6}$/, 'six digits').optional() }).strict();
export const TotpCodeSchema = z.object({ code: z.string().regex(/^\d{6}$/, 'six digits') }).strict();
export const MessageSchema = z.object({ text: z.string().trim().min(1).max(4000) }).strict();
export const TrainingSchema = z.object({ scenarioId: z.string().regex(/^[A-Za-z0-9]{1,16}$/) }).strict();

// The console's HTTP API described as OpenAPI 3.1 (served at /api/openapi.json)
// so other systems of the referral mechanism can integrate. Request bodies come
// from the same zod schemas the routes parse with, so the two cannot drift.
import { z } from 'zod';
import { CASE_NUMBER, CASE_SORTS, CASE_STATUSES, CASE_TYPES, ILO_INDICATORS, OBJECT_ID, PRIORITIES } from '../../models/domain';
import { AgencyReferralSchema, CaseOwnerSchema, FollowUpSchema, LoginSchema, MessageSchema, NoteSchema, StatusSchema, TrainingSchema, TransferSchema, TotpCodeSchema } from './schemas';

type Operation = { summary: string; roles: string; body?: z.ZodType; responses: Record<string, string>; csrf?: boolean };

const ID = { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: OBJECT_ID.source } };
const CASE = { name: 'caseNumber', in: 'path', required: true, schema: { type: 'string', pattern: CASE_NUMBER.source } };
const COMMON = { '401': 'No valid session', '403': 'Role not allowed, or missing/wrong X-CSRF-Token' };

/** A comma-separated list of `values` in the query string. */
const listParam = (name: string, values: readonly string[], description: string) => ({ name, in: 'query', description: `${description}; several comma-separated`, schema: { type: 'string', pattern: `^(${values.join('|')})(,(${values.join('|')}))*$` } });
const CASE_LIST_PARAMETERS = [
  listParam('status', CASE_STATUSES, 'Status'),
  listParam('priority', PRIORITIES, 'Priority'),
  listParam('type', CASE_TYPES, 'Type'),
  listParam('indicator', ILO_INDICATORS, 'ILO forced-labour indicator'),
  { name: 'language', in: 'query', description: 'Language codes, comma-separated', schema: { type: 'string', pattern: '^[a-z]{2,3}(,[a-z]{2,3})*$' } },
  { name: 'channel', in: 'query', description: 'Channel ids, comma-separated', schema: { type: 'string' } },
  { name: 'owner', in: 'query', description: 'me, none (unowned) or a console user id', schema: { type: 'string', pattern: `^(me|none|${OBJECT_ID.source.slice(1, -1)})$` } },
  { name: 'overdue', in: 'query', description: 'Open and past its follow-up day, or unowned past its priority\'s review hours', schema: { enum: ['true', 'false'] } },
  { name: 'due', in: 'query', description: 'today: open cases whose follow-up day is today or earlier (profile time zone)', schema: { enum: ['today'] } },
  { name: 'from', in: 'query', description: 'Opened on or after this day (profile time zone)', schema: { type: 'string', format: 'date' } },
  { name: 'to', in: 'query', description: 'Opened on or before this day (profile time zone)', schema: { type: 'string', format: 'date' } },
  { name: 'q', in: 'query', description: 'A case number (whole, or its sequence digits) or a phone number (matched by keyed hash)', schema: { type: 'string', maxLength: 40 } },
  { name: 'sort', in: 'query', description: 'priority (then age; the default), opened, updated, followUp', schema: { enum: [...CASE_SORTS] } },
  { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 25 } },
  { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, default: 1 } },
];

const OPERATIONS: Record<string, Record<string, Operation & { parameters?: object[] }>> = {
  '/console/api/login': { post: { summary: 'Sign in (with the TOTP code when the account has a second factor); sets the session cookie and returns the CSRF token', roles: 'anyone', body: LoginSchema, csrf: false, responses: { '200': 'Signed in', '401': 'Wrong username, password or code (TotpRequired: send the code)', '429': 'Too many failed attempts (Retry-After)' } } },
  '/console/api/logout': { post: { summary: 'Sign out', roles: 'all', responses: { '204': 'Signed out', ...COMMON } } },
  '/console/api/me': { get: { summary: 'The signed-in user and CSRF token (mustEnrollTotp: only enrolment is open)', roles: 'all', responses: { '200': 'The session', ...COMMON } } },
  '/console/api/me/totp': { post: { summary: 'Start enrolling a second factor: a TOTP secret and its otpauth:// URI', roles: 'all', responses: { '200': 'The secret', '409': 'Already enrolled', ...COMMON } } },
  '/console/api/me/totp/confirm': { post: { summary: 'Confirm enrolment with a code from the authenticator app', roles: 'all', body: TotpCodeSchema, responses: { '200': 'Enrolled', '400': 'Wrong code or not started', ...COMMON } } },
  '/console/api/queue': { get: { summary: 'Waiting and claimed handoffs by priority, then waiting time', roles: 'all (scope=all: supervisor, admin)', parameters: [{ name: 'language', in: 'query', schema: { type: 'string' } }, { name: 'scope', in: 'query', schema: { enum: ['mine', 'all'] } }], responses: { '200': 'The queue', ...COMMON } } },
  '/console/api/handoffs/{id}/claim': { post: { summary: 'Claim a handoff; of two at once exactly one wins', roles: 'all', parameters: [ID], responses: { '200': 'Claimed', '409': 'Already claimed (claimedByName)', ...COMMON } } },
  '/console/api/handoffs/{id}/release': { post: { summary: 'Put a claimed handoff back in the queue', roles: 'holder; supervisor, admin', parameters: [ID], responses: { '200': 'Released', '409': 'Not claimed', ...COMMON } } },
  '/console/api/handoffs/{id}/transfer': { post: { summary: 'Reassign a handoff to another case worker', roles: 'supervisor, admin', parameters: [ID], body: TransferSchema, responses: { '200': 'Reassigned', ...COMMON } } },
  '/console/api/handoffs/{id}/transcript': { get: { summary: 'The conversation, decrypted (audited)', roles: 'holder; supervisor, admin', parameters: [ID], responses: { '200': 'Lines', ...COMMON } } },
  '/console/api/handoffs/{id}/messages': { post: { summary: "Send a message to the worker on the worker's own channel", roles: 'holder; supervisor, admin', parameters: [ID], body: MessageSchema, responses: { '200': 'Sent', '400': 'Bad message', ...COMMON } } },
  '/console/api/handoffs/{id}/close': { post: { summary: 'Close; the bot takes the worker back and shows the menu', roles: 'holder; supervisor, admin', parameters: [ID], responses: { '200': 'Closed', '409': 'Not claimed', ...COMMON } } },
  '/console/api/cases': { get: { summary: 'The cases the caller may see (never practice ones), filtered, searched, sorted and paged; a search is audited', roles: 'all (case workers: cases they own or whose handoff they hold, and cases in their languages)', parameters: CASE_LIST_PARAMETERS, responses: { '200': 'cases, page, limit, total, hasMore, today, domain', '400': 'A filter value that is not allowed', ...COMMON } } },
  '/console/api/cases/{caseNumber}': { get: { summary: 'The case with personal fields decrypted (audited)', roles: 'all who may see the case', parameters: [CASE], responses: { '200': 'The case', '404': 'No such case', ...COMMON } } },
  '/console/api/cases/{caseNumber}/owner': { post: { summary: 'Take the case (to: me; only when nobody owns it, of two at once one wins), give it back (to: none), or assign it (a user id: supervisors)', roles: 'all who may see the case; assigning to another: supervisor, admin', parameters: [CASE], body: CaseOwnerSchema, responses: { '200': 'owner, ownerName', '409': 'Another case worker owns it (ownerName)', ...COMMON } } },
  '/console/api/cases/{caseNumber}/follow-up': { post: { summary: 'Set the day the case is looked at again (YYYY-MM-DD, profile time zone), or clear it (null)', roles: 'the owner, anyone who may see an unowned case; supervisor, admin', parameters: [CASE], body: FollowUpSchema, responses: { '200': 'followUpDate', '409': 'Another case worker owns it', ...COMMON } } },
  '/console/api/cases/{caseNumber}/notes': { post: { summary: 'Add a note (stored encrypted)', roles: 'all who may see the case', parameters: [CASE], body: NoteSchema, responses: { '200': 'Added', ...COMMON } } },
  '/console/api/cases/{caseNumber}/status': { post: { summary: `Move the case along ${CASE_STATUSES.join(' → ')}`, roles: 'all who may see the case', parameters: [CASE], body: StatusSchema, responses: { '200': 'Changed', '409': 'Not a permitted transition', ...COMMON } } },
  '/console/api/cases/{caseNumber}/referrals': { post: { summary: "Refer to an agency of the country profile; needs the worker's consent unless imminentDanger is recorded, which only a supervisor may", roles: 'all who may see the case; without consent: supervisor, admin', parameters: [CASE], body: AgencyReferralSchema, responses: { '200': 'Referred (basis)', '409': 'No consent', ...COMMON, '403': 'Role not allowed, missing/wrong X-CSRF-Token, or without consent and not a supervisor (NEEDS_SUPERVISOR)' } } },
  '/console/api/stats': { get: { summary: 'Anonymised counts by indicator, language, type, status, priority, channel, month', roles: 'supervisor, admin', parameters: [{ name: 'from', in: 'query', schema: { type: 'string', format: 'date' } }, { name: 'to', in: 'query', schema: { type: 'string', format: 'date' } }], responses: { '200': 'Counts', ...COMMON } } },
  '/console/api/stats.csv': { get: { summary: 'The same as CSV, counts under 5 suppressed', roles: 'supervisor, admin', responses: { '200': 'text/csv', ...COMMON } } },
  '/console/api/users': { get: { summary: 'Every enabled account (to reassign to)', roles: 'supervisor, admin', responses: { '200': 'Users', ...COMMON } } },
  '/console/api/review': { get: { summary: "What needs review before deployment: the country profile's unverified facts (contacts, agencies, rights articles, with what to check) and each locale's translation status", roles: 'admin', responses: { '200': 'profile.unverified, translations', ...COMMON } } },
  '/console/api/agencies/{lng}': { get: { summary: "The country profile's agencies, named in a language", roles: 'all', parameters: [{ name: 'lng', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': 'Agencies', ...COMMON } } },
  '/console/api/canned/{lng}': { get: { summary: 'Canned responses in a language', roles: 'all', parameters: [{ name: 'lng', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': 'Responses', '404': 'No such language', ...COMMON } } },
  '/console/api/training/scenarios': { get: { summary: 'Practice scenarios (training mode)', roles: 'all', responses: { '200': 'Scenarios', ...COMMON } } },
  '/console/api/training': { post: { summary: 'Start a practice conversation with a simulated worker; never a real case', roles: 'all', body: TrainingSchema, responses: { '200': 'Started (handoffId)', '404': 'No such scenario', ...COMMON } } },
  '/console/api/strings/{lng}': { get: { summary: "The console's own wording (en, ar)", roles: 'anyone', parameters: [{ name: 'lng', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': 'Strings', '404': 'No such language' } } },
};

/** The OpenAPI document. */
export function openApiDocument(): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const [path, methods] of Object.entries(OPERATIONS)) {
    paths[path] = {};
    for (const [method, op] of Object.entries(methods)) {
      paths[path][method] = {
        summary: op.summary,
        description: `Roles: ${op.roles}.${method !== 'get' && op.csrf !== false ? ' Requires the X-CSRF-Token header.' : ''}`,
        ...(op.parameters ? { parameters: op.parameters } : {}),
        ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(op.body, { io: 'input' }) } } } } : {}),
        responses: Object.fromEntries(Object.entries(op.responses).map(([status, description]) => [status, { description }])),
        security: op.roles === 'anyone' ? [] : [{ session: [] }],
      };
    }
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Hotline case worker console API', version: '1' },
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'hotline_console' } },
      schemas: { Error: { type: 'object', properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } }, required: ['code', 'message'] } } } },
    },
    paths,
  };
}

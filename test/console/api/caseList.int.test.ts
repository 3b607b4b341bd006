// The case list and the one access rule set, on the real database and server:
// every case route × every role, no session, another language, not the owner;
// filters, sort, pages, search by case number and by phone number (a keyed
// hash: the number is nowhere in the database); taking, assigning and the
// follow-up day, each on the timeline and in the audit.
import { randomUUID } from 'node:crypto';
import { ErasureService } from '../../../services/erasure';
import { localDate } from '../../../services/localDate';
import type { NewCase } from '../../../services/cases';
import { startHotline, type RunningHotline } from '../../helpers/hotline';

let app: RunningHotline;
jest.setTimeout(60_000);
const PASSWORD = 'correct horse battery staple';

interface Staff {
  cookie: string;
  csrf: string;
  id: string;
}
type Who = 'none' | 'owner' | 'sameLanguage' | 'otherLanguage' | 'holder' | 'supervisor' | 'admin';
const staff = {} as Record<Exclude<Who, 'none'>, Staff>;

async function signIn(username: string): Promise<Staff> {
  const response = await fetch(`${app.url}/console/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { csrfToken: string; user: { id: string } };
  return { cookie: response.headers.get('set-cookie')!.split(';')[0]!, csrf: body.csrfToken, id: body.user.id };
}

function call(who: Staff | undefined, method: string, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = {};
  if (who) Object.assign(headers, { cookie: who.cookie, 'x-csrf-token': who.csrf });
  if (body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${app.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

interface Listed {
  cases: Array<{ caseNumber: string; priority: string; owner?: string; ownerName?: string; followUpDate?: string; overdue: boolean; language: string }>;
  total: number;
  hasMore: boolean;
  page: number;
  today: string;
  domain: { statuses: string[]; priorities: string[] };
}
async function list(who: Staff, query = ''): Promise<Listed> {
  const response = await call(who, 'GET', `/console/api/cases${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as Listed;
}
const numbers = (listed: Listed) => listed.cases.map((c) => c.caseNumber);

/** A case as the report dialog makes one (medium unless `input` says otherwise). */
async function makeCase(input: Partial<NewCase> = {}): Promise<string> {
  const created = await app.hotline.cases.create({
    type: 'abuseReport',
    answers: {},
    personal: { narrative: 'My employer keeps my wages.' },
    indicators: ['withholdingOfWages'],
    triage: {},
    consents: [{ kind: 'privacyNotice', given: true }],
    channel: 'webchat',
    userHash: app.hotline.hasher.hash('webchat', randomUUID()),
    language: 'en',
    ...input,
  });
  return created.caseNumber;
}

beforeAll(async () => {
  app = await startHotline();
  const accounts = app.hotline.accounts;
  const users: Array<[Exclude<Who, 'none'>, string[], 'caseWorker' | 'supervisor' | 'admin']> = [
    ['owner', ['ar'], 'caseWorker'],
    ['sameLanguage', ['en'], 'caseWorker'],
    ['otherLanguage', ['ar'], 'caseWorker'],
    ['holder', ['hi'], 'caseWorker'],
    ['supervisor', [], 'supervisor'],
    ['admin', [], 'admin'],
  ];
  for (const [who, languages, role] of users) {
    await accounts.createUser({ username: who.toLowerCase(), displayName: who, password: PASSWORD, roles: [role], languages });
    staff[who] = await signIn(who.toLowerCase());
  }
});
afterAll(async () => {
  await app.stop();
  await app.db.close();
});

describe('access matrix: every case route × every role, no session, another language, not the owner', () => {
  let caseNumber: string;
  let owned: string;
  beforeAll(async () => {
    // An English case, held through its handoff by "holder" (Hindi only).
    caseNumber = await makeCase({ consents: [{ kind: 'privacyNotice', given: true }, { kind: 'referToAuthorities', given: true }] });
    const id = (await app.db.models.cases.findOne({ caseNumber }).lean())!._id;
    const queued = await app.hotline.handoff.enqueue({ caseId: String(id), caseNumber, priority: 'medium', reasons: [], language: 'en', channel: 'webchat', userHash: randomUUID(), reference: {} });
    expect(await app.hotline.handoff.claim(queued.id, staff.holder.id)).toEqual({ claimed: true });
    // An English case "owner" (Arabic only) owns: a supervisor assigned it.
    owned = await makeCase();
    expect((await call(staff.supervisor, 'POST', `/console/api/cases/${owned}/owner`, { to: staff.owner.id })).status).toBe(200);
  });

  const as = (who: Who) => (who === 'none' ? undefined : staff[who]);
  test.each<[string, string, () => string, unknown, Record<Who, number>]>([
    ['GET', 'the case', () => `/console/api/cases/${caseNumber}`, undefined, { none: 401, owner: 403, sameLanguage: 200, otherLanguage: 403, holder: 200, supervisor: 200, admin: 200 }],
    ['GET', 'a case someone owns', () => `/console/api/cases/${owned}`, undefined, { none: 401, owner: 200, sameLanguage: 200, otherLanguage: 403, holder: 403, supervisor: 200, admin: 200 }],
    ['POST', 'a note', () => `/console/api/cases/${caseNumber}/notes`, { text: 'called back' }, { none: 401, owner: 403, sameLanguage: 200, otherLanguage: 403, holder: 200, supervisor: 200, admin: 200 }],
    ['POST', 'a note on a case someone owns', () => `/console/api/cases/${owned}/notes`, { text: 'seen' }, { none: 401, owner: 200, sameLanguage: 200, otherLanguage: 403, holder: 403, supervisor: 200, admin: 200 }],
    ['POST', 'a status the workflow refuses', () => `/console/api/cases/${caseNumber}/status`, { status: 'new' }, { none: 401, owner: 403, sameLanguage: 409, otherLanguage: 403, holder: 409, supervisor: 409, admin: 409 }],
    ['POST', 'an agency referral with consent', () => `/console/api/cases/${caseNumber}/referrals`, { agencyId: 'epc' }, { none: 401, owner: 403, sameLanguage: 200, otherLanguage: 403, holder: 200, supervisor: 200, admin: 200 }],
    ['POST', 'an agency referral without consent (imminent danger)', () => `/console/api/cases/${owned}/referrals`, { agencyId: 'police', imminentDanger: true }, { none: 401, owner: 403, sameLanguage: 403, otherLanguage: 403, holder: 403, supervisor: 200, admin: 200 }],
    ['POST', 'a follow-up day on a case someone owns', () => `/console/api/cases/${owned}/follow-up`, { date: '2026-12-24' }, { none: 401, owner: 200, sameLanguage: 403, otherLanguage: 403, holder: 403, supervisor: 200, admin: 200 }],
    ['POST', 'taking a case someone owns', () => `/console/api/cases/${owned}/owner`, { to: 'me' }, { none: 401, otherLanguage: 403, holder: 403, sameLanguage: 409, owner: 200, supervisor: 200, admin: 200 }],
    ['POST', 'assigning a case to another', () => `/console/api/cases/${owned}/owner`, { to: '0123456789abcdef01234567' }, { none: 401, owner: 403, sameLanguage: 403, otherLanguage: 403, holder: 403, supervisor: 400, admin: 400 }],
    ['GET', 'the case list', () => '/console/api/cases', undefined, { none: 401, owner: 200, sameLanguage: 200, otherLanguage: 200, holder: 200, supervisor: 200, admin: 200 }],
    ['GET', 'no such case', () => '/console/api/cases/BH-1999-999999', undefined, { none: 401, owner: 404, sameLanguage: 404, otherLanguage: 404, holder: 404, supervisor: 404, admin: 404 }],
  ])('%s %s', async (method, _name, path, body, expected) => {
    for (const who of Object.keys(expected) as Who[]) {
      const response = await call(as(who), method, path(), body);
      expect(`${who}: ${response.status}`).toBe(`${who}: ${expected[who]}`);
    }
  });

  test('the list shows each user exactly the cases the same rules let them read', async () => {
    // The matrix's supervisors took it last: back to its owner.
    expect((await call(staff.supervisor, 'POST', `/console/api/cases/${owned}/owner`, { to: staff.owner.id })).status).toBe(200);
    const arabic = await makeCase({ language: 'ar' });
    const sees = async (who: Exclude<Who, 'none'>) => {
      const shown = numbers(await list(staff[who], '?limit=100'));
      return [caseNumber, owned, arabic].map((n) => shown.includes(n));
    };
    expect(await sees('owner')).toEqual([false, true, true]);
    expect(await sees('sameLanguage')).toEqual([true, true, false]);
    expect(await sees('otherLanguage')).toEqual([false, false, true]);
    expect(await sees('holder')).toEqual([true, false, false]);
    expect(await sees('supervisor')).toEqual([true, true, true]);
  });

  test('a referral without consent by a case worker is refused as needing a supervisor, and nothing is recorded', async () => {
    const response = await call(staff.sameLanguage, 'POST', `/console/api/cases/${owned}/referrals`, { agencyId: 'epc', imminentDanger: true });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('NEEDS_SUPERVISOR');
    expect((await app.db.models.cases.findOne({ caseNumber: owned }).lean())!.agencyReferrals.map((r) => `${r.agencyId} ${r.by}`)).toEqual([`police ${staff.supervisor.id}`, `police ${staff.admin.id}`]);
  });
});

describe('the list: filters, order, pages', () => {
  const made: Record<string, string> = {};
  let q: string;
  beforeAll(async () => {
    // A language of their own, so these are the only cases "sameLanguage"-style filters meet.
    q = '&language=tl';
    made.critical = await makeCase({ language: 'tl', priority: { level: 'critical', reasons: ['notSafeNow'] } });
    made.low = await makeCase({ language: 'tl', priority: { level: 'low', reasons: [] }, indicators: [] });
    made.medium1 = await makeCase({ language: 'tl', channel: 'whatsapp' });
    made.medium2 = await makeCase({ language: 'tl', type: 'shelterRequest', indicators: ['restrictionOfMovement'], priority: { level: 'medium', reasons: [] } });
    made.old = await makeCase({ language: 'tl' });
    // Opened three days ago, never taken: past every priority's review hours.
    await app.db.models.cases.collection.updateOne({ caseNumber: made.old }, { $set: { createdAt: new Date(Date.now() - 3 * 86_400_000 - 60_000) } });
  });

  test('by default: most urgent first, then oldest; each filter narrows exactly', async () => {
    const all = numbers(await list(staff.supervisor, `?limit=100${q}`));
    expect(all).toEqual([made.critical, made.old, made.medium1, made.medium2, made.low].filter((n) => all.includes(n)));
    expect(all).toHaveLength(5);
    expect(numbers(await list(staff.supervisor, `?priority=critical,low${q}`))).toEqual([made.critical, made.low]);
    expect(numbers(await list(staff.supervisor, `?channel=whatsapp${q}`))).toEqual([made.medium1]);
    expect(numbers(await list(staff.supervisor, `?type=shelterRequest${q}`))).toEqual([made.medium2]);
    expect(numbers(await list(staff.supervisor, `?indicator=restrictionOfMovement${q}`))).toEqual([made.medium2]);
    expect(numbers(await list(staff.supervisor, `?status=triaged&priority=medium${q}`))).toEqual([made.old, made.medium1, made.medium2]);
    expect(numbers(await list(staff.supervisor, `?overdue=true${q}`))).toEqual([made.old]);
    expect(numbers(await list(staff.supervisor, `?overdue=false${q}`))).not.toContain(made.old);
    const today = localDate(new Date(), app.hotline.profile.timezone);
    expect(numbers(await list(staff.supervisor, `?from=${today}&to=${today}${q}`))).not.toContain(made.old);
    expect(numbers(await list(staff.supervisor, `?to=${localDate(new Date(Date.now() - 2 * 86_400_000), app.hotline.profile.timezone)}${q}`))).toEqual([made.old]);
    expect(numbers(await list(staff.supervisor, `?sort=opened${q}`))[4]).toBe(made.old);
  });

  test('pages: limit and page walk the list without a gap or a repeat', async () => {
    const first = await list(staff.supervisor, `?limit=2${q}`);
    const second = await list(staff.supervisor, `?limit=2&page=2${q}`);
    const third = await list(staff.supervisor, `?limit=2&page=3${q}`);
    expect([first.hasMore, second.hasMore, third.hasMore]).toEqual([true, true, false]);
    expect(first.total).toBe(5);
    expect([...numbers(first), ...numbers(second), ...numbers(third)]).toEqual(numbers(await list(staff.supervisor, `?limit=100${q}`)));
  });

  test('"my cases" and "due today": taken, given a follow-up, and sorted by it', async () => {
    expect((await call(staff.supervisor, 'POST', `/console/api/cases/${made.low}/owner`, { to: 'me' })).status).toBe(200);
    const today = (await list(staff.supervisor)).today;
    expect(today).toBe(localDate(new Date(), app.hotline.profile.timezone));
    expect((await call(staff.supervisor, 'POST', `/console/api/cases/${made.low}/follow-up`, { date: today })).status).toBe(200);
    expect((await call(staff.supervisor, 'POST', `/console/api/cases/${made.medium2}/follow-up`, { date: '2020-01-01' })).status).toBe(200);
    const mine = await list(staff.supervisor, `?owner=me${q}`);
    expect(numbers(mine)).toEqual([made.low]);
    expect(mine.cases[0]).toMatchObject({ ownerName: 'supervisor', followUpDate: today, overdue: false });
    expect(numbers(await list(staff.supervisor, `?due=today${q}`))).toEqual([made.medium2, made.low]);
    expect(numbers(await list(staff.supervisor, `?owner=none${q}`))).not.toContain(made.low);
    // Earliest follow-up first, then the rest in the default order (across a page boundary).
    const bySchedule = [...numbers(await list(staff.supervisor, `?sort=followUp&limit=3${q}`)), ...numbers(await list(staff.supervisor, `?sort=followUp&limit=3&page=2${q}`))];
    expect(bySchedule).toEqual([made.medium2, made.low, made.critical, made.old, made.medium1]);
    expect(numbers(await list(staff.supervisor, `?overdue=true${q}`))).toEqual([made.old, made.medium2]);
  });

  test.each([
    ['status=sideways', /status/],
    ['priority=urgent', /priority/],
    ['indicator=rudeness', /indicator/],
    ['owner=someone', /owner/],
    ['limit=101', /limit/],
    ['limit=0', /limit/],
    ['page=-1', /page/],
    ['from=2026-02-30', /calendar date/],
    ['from=2026-12-02&to=2026-12-01', /after/],
    ['overdue=maybe', /overdue/],
    ['sort=random', /sort/],
    ['status[$ne]=closed', /status/],
    ['where=1', /where/],
    ['q=passport', /case number .* phone number/],
  ])('a bad filter (%s) is a 400 with the usual error reply', async (bad, message) => {
    const response = await call(staff.supervisor, 'GET', `/console/api/cases?${bad}`);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('BadRequest');
    expect(body.error.message).toMatch(message);
  });
});

describe('search by case number and by phone number', () => {
  test('a phone number the worker gave finds the case with or without its country code; it is stored only as a keyed hash', async () => {
    const caseNumber = await makeCase({ language: 'sw', personal: { phone: '+973 3612 3456', narrative: 'x' } });
    const anonymous = await makeCase({ language: 'sw', anonymous: true, personal: { phone: '+973 3612 3456' } });
    for (const typed of ['+97336123456', '0097336123456', '3612 3456', '٣٦١٢٣٤٥٦']) {
      expect(`${typed}: ${numbers(await list(staff.supervisor, `?q=${encodeURIComponent(typed)}`))}`).toBe(`${typed}: ${caseNumber}`);
    }
    expect(numbers(await list(staff.supervisor, '?q=36123457'))).toEqual([]);
    expect(numbers(await list(staff.supervisor, `?q=${encodeURIComponent('+97336123456')}`))).not.toContain(anonymous);
    const raw = JSON.stringify(await app.db.models.cases.findOne({ caseNumber }).lean());
    expect(raw).not.toMatch(/3612\s?3456/);
    expect(await app.db.models.audit.countDocuments({ action: 'case.search', 'detail.by': 'phone' })).toBe(6);
  });

  test('after "delete my data" the number no longer finds the case', async () => {
    const userHash = app.hotline.hasher.hash('webchat', randomUUID());
    const caseNumber = await makeCase({ language: 'sw', userHash, personal: { phone: '+973 3700 1122' } });
    expect(numbers(await list(staff.supervisor, '?q=37001122'))).toEqual([caseNumber]);
    await new ErasureService(app.hotline.models, app.hotline.storage).eraseWorker(userHash, []);
    expect(numbers(await list(staff.supervisor, '?q=37001122'))).toEqual([]);
    expect((await app.db.models.cases.findOne({ caseNumber }).lean())!.phoneHashes).toBeUndefined();
  });

  test('a WhatsApp worker is found by the number they write from', async () => {
    const waId = '97339998877';
    const caseNumber = await makeCase({ language: 'sw', channel: 'whatsapp', userHash: app.hotline.hasher.hash('whatsapp', waId) });
    expect(numbers(await list(staff.supervisor, '?q=%2B973%203999%208877'))).toEqual([caseNumber]);
  });

  test('a case number, whole or by its sequence; a case worker finds only what they may see', async () => {
    const caseNumber = await makeCase({ language: 'sw' });
    expect(numbers(await list(staff.supervisor, `?q=${caseNumber.toLowerCase()}`))).toEqual([caseNumber]);
    expect(numbers(await list(staff.supervisor, `?q=${Number(caseNumber.slice(-6))}`))).toEqual([caseNumber]);
    expect(numbers(await list(staff.sameLanguage, `?q=${caseNumber}`))).toEqual([]);
  });

  test('practice cases are never listed, not even to their trainee', async () => {
    const started = await call(staff.sameLanguage, 'POST', '/console/api/training', { scenarioId: 'S1' });
    const { handoffId } = (await started.json()) as { handoffId: string };
    const caseNumber = (await app.db.models.handoffs.findById(handoffId).lean())!.caseNumber;
    expect(numbers(await list(staff.sameLanguage, `?q=${caseNumber}`))).toEqual([]);
    expect(numbers(await list(staff.supervisor, `?q=${caseNumber}`))).toEqual([]);
    // The trainee still opens it (the handoff is theirs); a colleague in the same language does not.
    await app.hotline.accounts.createUser({ username: 'colleague', displayName: 'Colleague', password: PASSWORD, roles: ['caseWorker'], languages: ['en'] });
    const colleague = await signIn('colleague');
    expect((await call(staff.sameLanguage, 'GET', `/console/api/cases/${caseNumber}`)).status).toBe(200);
    expect((await call(colleague, 'GET', `/console/api/cases/${caseNumber}`)).status).toBe(403);
  });
});

describe('owner and follow-up', () => {
  test('two case workers take a case at once: exactly one owns it, the other is told who', async () => {
    for (let trial = 0; trial < 3; trial++) {
      const caseNumber = await makeCase();
      await app.hotline.accounts.createUser({ username: `rival${trial}`, displayName: `Rival ${trial}`, password: PASSWORD, roles: ['caseWorker'], languages: ['en'] });
      const rival = await signIn(`rival${trial}`);
      const [a, b] = await Promise.all([
        call(staff.sameLanguage, 'POST', `/console/api/cases/${caseNumber}/owner`, { to: 'me' }),
        call(rival, 'POST', `/console/api/cases/${caseNumber}/owner`, { to: 'me' }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const loser = (a.status === 409 ? a : b);
      const winner = a.status === 200 ? 'sameLanguage' : `Rival ${trial}`;
      expect(((await loser.json()) as { error: { ownerName: string } }).error.ownerName).toBe(winner);
      const doc = await app.db.models.cases.findOne({ caseNumber }).lean();
      expect(doc!.assignedTo).toBe(a.status === 200 ? staff.sameLanguage.id : rival.id);
      expect(doc!.timeline.filter((t) => t.event === 'assigned')).toHaveLength(1);
    }
  });

  test('take, follow-up, give back, reassign: each on the timeline (with names) and in the audit', async () => {
    const caseNumber = await makeCase();
    const worker = staff.sameLanguage;
    expect(await (await call(worker, 'POST', `/console/api/cases/${caseNumber}/owner`, { to: 'me' })).json()).toEqual({ owner: worker.id, ownerName: 'sameLanguage' });
    expect((await call(worker, 'POST', `/console/api/cases/${caseNumber}/follow-up`, { date: '2026-12-24' })).status).toBe(200);
    expect((await call(worker, 'POST', `/console/api/cases/${caseNumber}/follow-up`, { date: '2026-13-01' })).status).toBe(400);
    expect((await call(worker, 'POST', `/console/api/cases/${caseNumber}/owner`, { to: 'none' })).status).toBe(200);
    expect((await call(staff.supervisor, 'POST', `/console/api/cases/${caseNumber}/owner`, { to: staff.owner.id })).status).toBe(200);
    // No longer theirs: the follow-up is the new owner's to change; they may no longer give it back.
    expect((await call(worker, 'POST', `/console/api/cases/${caseNumber}/follow-up`, { date: null })).status).toBe(403);
    expect((await call(worker, 'POST', `/console/api/cases/${caseNumber}/owner`, { to: 'none' })).status).toBe(403);
    const shown = (await (await call(staff.supervisor, 'GET', `/console/api/cases/${caseNumber}`)).json()) as {
      case: { owner: string; ownerName: string; followUpDate: string; timeline: Array<{ event: string; actorName?: string; subjectName?: string; detail?: string }> };
    };
    expect(shown.case).toMatchObject({ owner: staff.owner.id, ownerName: 'owner', followUpDate: '2026-12-24' });
    expect(shown.case.timeline.filter((t) => ['assigned', 'unassigned', 'followUp'].includes(t.event)).map((t) => `${t.event} ${t.actorName} ${t.subjectName ?? t.detail ?? ''}`)).toEqual([
      'assigned sameLanguage sameLanguage',
      'followUp sameLanguage 2026-12-24',
      'unassigned sameLanguage ',
      'assigned supervisor owner',
    ]);
    const audit = (await app.db.models.audit.find({ target: caseNumber }).sort({ _id: 1 }).lean()).filter((a) => a.action !== 'case.view');
    expect(audit.map((a) => `${a.action} ${JSON.stringify(a.detail)}`)).toEqual([
      `case.assign {"to":"${worker.id}"}`,
      'case.followUp {"date":"2026-12-24"}',
      'case.assign {"to":"none"}',
      `case.assign {"to":"${staff.owner.id}"}`,
    ]);
  });
});

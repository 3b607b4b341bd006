// The access rule set as a table: every action × every kind of console user.
import { mayDo, type Actor, type CaseAction, type CaseFacts } from '../../services/caseAccess';

const actors: Record<string, Actor> = {
  owner: { id: 'o', roles: ['caseWorker'], languages: ['ar'] },
  sameLanguage: { id: 's', roles: ['caseWorker'], languages: ['en'] },
  otherLanguage: { id: 'x', roles: ['caseWorker'], languages: ['ar'] },
  holder: { id: 'h', roles: ['caseWorker'], languages: [] },
  noLanguages: { id: 'n', roles: ['caseWorker'], languages: [] },
  supervisor: { id: 'v', roles: ['supervisor'], languages: [] },
  admin: { id: 'a', roles: ['admin'], languages: [] },
};
const owned: CaseFacts = { caseNumber: 'BH-2026-000001', language: 'en', owner: 'o', training: false, holders: ['h'] };
const unowned: CaseFacts = { ...owned, owner: undefined };
const practice: CaseFacts = { ...unowned, training: true };

const row = (action: CaseAction, facts: CaseFacts) => Object.fromEntries(Object.entries(actors).map(([name, actor]) => [name, mayDo(actor, action, facts)]));
const Y = true;
const N = false;

test.each<[CaseAction, CaseFacts, string, boolean[]]>([
  // owner, sameLanguage, otherLanguage, holder, noLanguages, supervisor, admin
  ['read', owned, 'owned', [Y, Y, N, Y, N, Y, Y]],
  ['note', owned, 'owned', [Y, Y, N, Y, N, Y, Y]],
  ['status', owned, 'owned', [Y, Y, N, Y, N, Y, Y]],
  ['refer', owned, 'owned', [Y, Y, N, Y, N, Y, Y]],
  ['referWithoutConsent', owned, 'owned', [N, N, N, N, N, Y, Y]],
  ['take', owned, 'owned', [Y, N, N, N, N, Y, Y]],
  ['take', unowned, 'unowned', [N, Y, N, Y, N, Y, Y]],
  ['followUp', owned, 'owned', [Y, N, N, N, N, Y, Y]],
  ['followUp', unowned, 'unowned', [N, Y, N, Y, N, Y, Y]],
  ['release', owned, 'owned', [Y, N, N, N, N, Y, Y]],
  ['assign', owned, 'owned', [N, N, N, N, N, Y, Y]],
  ['read', practice, 'practice', [N, N, N, Y, N, Y, Y]],
])('%s on a %s case', (action, facts, _kind, expected) => {
  expect(row(action, facts)).toEqual(Object.fromEntries(Object.keys(actors).map((name, i) => [name, expected[i]])));
});

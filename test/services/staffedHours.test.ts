// When case workers answer, in the country's time zone.
import { isStaffed } from '../../services/handoff';

const bahrain = { from: '08:00', until: '20:00', timezone: 'Asia/Bahrain' };

test.each<[string, string, boolean]>([
  ['Sunday 10:00 in Manama (07:00 UTC)', '2026-11-29T07:00:00Z', true],
  ['Sunday 07:59 in Manama', '2026-11-29T04:59:00Z', false],
  ['Sunday 20:00 in Manama (the end is exclusive)', '2026-11-29T17:00:00Z', false],
])('%s', (_name, at, expected) => {
  expect(isStaffed(bahrain, new Date(at))).toBe(expected);
});

test('days: a Friday is not staffed on a Sunday-to-Thursday schedule', () => {
  const weekdays = { ...bahrain, days: ['sun', 'mon', 'tue', 'wed', 'thu'] as const };
  expect(isStaffed(weekdays, new Date('2026-11-27T07:00:00Z'))).toBe(false); // Friday 10:00
  expect(isStaffed(weekdays, new Date('2026-11-26T07:00:00Z'))).toBe(true); // Thursday 10:00
});

test('a range across midnight', () => {
  const night = { from: '20:00', until: '08:00', timezone: 'Asia/Bahrain' };
  expect(isStaffed(night, new Date('2026-11-29T20:00:00Z'))).toBe(true); // 23:00 local
  expect(isStaffed(night, new Date('2026-11-29T07:00:00Z'))).toBe(false); // 10:00 local
});

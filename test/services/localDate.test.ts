// Calendar days in a profile's time zone.
import { isCalendarDate, localDate, nextDay, startOfLocalDay } from '../../services/localDate';

test('a day in Bahrain (UTC+3) begins at 21:00 UTC the evening before', () => {
  expect(startOfLocalDay('2026-12-01', 'Asia/Bahrain').toISOString()).toBe('2026-11-30T21:00:00.000Z');
  expect(localDate(new Date('2026-11-30T21:00:00Z'), 'Asia/Bahrain')).toBe('2026-12-01');
  expect(localDate(new Date('2026-11-30T20:59:59Z'), 'Asia/Bahrain')).toBe('2026-11-30');
});

test('across a daylight-saving change (London, 29 March 2026) the day still begins at local midnight', () => {
  expect(startOfLocalDay('2026-03-29', 'Europe/London').toISOString()).toBe('2026-03-29T00:00:00.000Z');
  expect(startOfLocalDay('2026-03-30', 'Europe/London').toISOString()).toBe('2026-03-29T23:00:00.000Z');
});

test('calendar dates and the day after', () => {
  expect(['2026-02-28', '2028-02-29'].map(isCalendarDate)).toEqual([true, true]);
  expect(['2026-02-29', '2026-13-01', '26-01-01', 'today'].map(isCalendarDate)).toEqual([false, false, false, false]);
  expect(nextDay('2026-12-31')).toBe('2027-01-01');
});

// Anonymised statistics for national reporting: counts only, from coded
// fields (never personal ones), with small counts suppressed so a rare
// combination cannot point at one person.
import { trusted } from 'mongoose';
import type { CaseModel } from '../models';

export const DIMENSIONS = ['indicator', 'nationality', 'language', 'type', 'status', 'priority', 'channel', 'month'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** Counts below this are reported as "<5" (a common small-cell rule in official statistics). */
export const SMALL_CELL = 5;

export type Counts = Record<Dimension, Record<string, number>>;

export class StatisticsService {
  constructor(private readonly cases: CaseModel) {}

  /** Counts per value of every dimension, over cases created in [from, to). */
  async counts(from?: Date, to?: Date): Promise<{ total: number; counts: Counts }> {
    const filter: Record<string, unknown> = { training: trusted({ $ne: true }) };
    if (from || to) filter.createdAt = trusted({ ...(from ? { $gte: from } : {}), ...(to ? { $lt: to } : {}) });
    const counts = Object.fromEntries(DIMENSIONS.map((d) => [d, {}])) as Counts;
    const bump = (dimension: Dimension, value: string | undefined | null) => {
      const key = value ?? 'unknown';
      counts[dimension][key] = (counts[dimension][key] ?? 0) + 1;
    };
    let total = 0;
    const cursor = this.cases
      .find(filter, { type: 1, status: 1, priority: 1, indicators: 1, language: 1, channel: 1, createdAt: 1, 'answers.nationality': 1 })
      .lean()
      .cursor();
    for await (const doc of cursor) {
      total += 1;
      for (const indicator of doc.indicators) bump('indicator', indicator);
      bump('nationality', (doc.answers as { nationality?: string | null } | undefined)?.nationality ?? undefined);
      bump('language', doc.language);
      bump('type', doc.type);
      bump('status', doc.status);
      bump('priority', doc.priority);
      bump('channel', doc.channel);
      bump('month', doc.createdAt ? (doc.createdAt as Date).toISOString().slice(0, 7) : undefined);
    }
    return { total, counts };
  }

  /** `dimension,value,count` lines, small counts suppressed. */
  static toCsv(counts: Counts): string {
    const lines = ['dimension,value,count'];
    for (const dimension of DIMENSIONS) {
      for (const [value, count] of Object.entries(counts[dimension]).sort()) {
        lines.push(`${dimension},${csvCell(value)},${count < SMALL_CELL ? `<${SMALL_CELL}` : count}`);
      }
    }
    return lines.join('\r\n') + '\r\n';
  }
}

/** Quotes a cell, and defuses spreadsheet formulas (a value starting with = + - @). */
function csvCell(value: string): string {
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

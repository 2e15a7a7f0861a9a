// Months and seasons: the sample's time axis, with the Spring Festival dip and the December closing push.
import type { Random } from "./random.ts";

export interface Month {
  /** "2024-03" */
  key: string;
  year: number;
  /** 1–12 */
  month: number;
  days: number;
}

export function monthsEnding(end: string, count: number): Month[] {
  const [endYear, endMonth] = end.split("-").map(Number) as [number, number];
  const months: Month[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const index = endYear * 12 + (endMonth - 1) - i;
    const year = Math.floor(index / 12);
    const month = (index % 12) + 1;
    months.push({ key: `${year}-${String(month).padStart(2, "0")}`, year, month, days: new Date(Date.UTC(year, month, 0)).getUTCDate() });
  }
  return months;
}

/** The month of the Spring Festival (Chinese New Year) for the years the sample covers. */
const SPRING_FESTIVAL_MONTH: Record<number, number> = {
  2019: 2, 2020: 1, 2021: 2, 2022: 2, 2023: 1, 2024: 2, 2025: 1, 2026: 2, 2027: 2, 2028: 1, 2029: 2, 2030: 2,
};

/** How busy a month is for new cases and reports, relative to an average month. */
export function filingSeason(month: Month): number {
  const festival = SPRING_FESTIVAL_MONTH[month.year] ?? 2;
  if (month.month === festival) return 0.68;
  if (month.month === festival + 1) return 1.08; // the backlog arrives after the holiday
  if (month.month === 12) return 0.95;
  if (month.month === 7 || month.month === 8) return 0.97;
  return 1.03;
}

export function isoDate(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

export function dayInMonth(random: Random, month: Month): string {
  return isoDate(month.year, month.month, random.int(1, month.days));
}

const DAY = 86_400_000;

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + Math.round(days) * DAY).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);
}

/** Last day of a month key, e.g. "2024-02" → "2024-02-29". */
export function monthEnd(key: string): string {
  const [year, month] = key.split("-").map(Number) as [number, number];
  return isoDate(year, month, new Date(Date.UTC(year, month, 0)).getUTCDate());
}

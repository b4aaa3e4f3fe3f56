import type { BudgetPeriod } from '../../shared/operations/budgets';

/** One period of a budget: from `start` (inclusive) to `end` (exclusive; null for a lifetime). */
export interface BudgetWindow {
  /** The period's first instant (ISO), or `lifetime`: the counter key of the period. */
  start: string;
  end: string | null;
  /** The UTC day the period's spend so far is read from in the daily rollups (null: every day). */
  fromDay: string | null;
}

interface LocalDate {
  year: number;
  month: number;
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    if (formatters.size < 100) formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock time in a zone at an instant, written as if it were UTC (ms). */
function wallClock(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(new Date(instant))
      .map((part) => [part.type, part.value]),
  );
  return Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
}

/** The instant a local midnight happens in a zone (two passes settle daylight-saving shifts). */
function midnightIn(date: LocalDate, timeZone: string): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day);
  let instant = wall;
  for (let pass = 0; pass < 2; pass++) instant = wall - (wallClock(instant, timeZone) - instant);
  return instant;
}

function localDate(instant: number, timeZone: string): LocalDate {
  const wall = new Date(wallClock(instant, timeZone));
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate() };
}

/** A local date moved by days or months (Date.UTC carries overflow into the next month or year). */
function shifted(date: LocalDate, days: number, months = 0): LocalDate {
  const moved = new Date(Date.UTC(date.year, date.month - 1 + months, date.day + days));
  return { year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() };
}

/**
 * The period of a budget that `now` falls in: a day, a Monday-to-Sunday week or a calendar month
 * in the budget's time zone (UTC unless set), or the whole lifetime. A new period starts from zero.
 */
export function budgetWindow(period: BudgetPeriod, timeZone: string, now: Date): BudgetWindow {
  if (period === 'lifetime') return { start: 'lifetime', end: null, fromDay: null };
  const today = localDate(now.getTime(), timeZone);
  let first: LocalDate;
  let next: LocalDate;
  if (period === 'daily') {
    first = today;
    next = shifted(today, 1);
  } else if (period === 'weekly') {
    const weekday = (new Date(Date.UTC(today.year, today.month - 1, today.day)).getUTCDay() + 6) % 7;
    first = shifted(today, -weekday);
    next = shifted(first, 7);
  } else {
    first = { ...today, day: 1 };
    next = shifted(first, 0, 1);
  }
  const start = new Date(midnightIn(first, timeZone));
  return { start: start.toISOString(), end: new Date(midnightIn(next, timeZone)).toISOString(), fromDay: start.toISOString().slice(0, 10) };
}

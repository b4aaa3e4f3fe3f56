/** UTC calendar days as `2026-03-01` strings: the grain of usage rollups and views. */

export function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00.000Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return dayOf(date);
}

/** Days in the inclusive range. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** Every day from `from` to `to`, inclusive. */
export function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** Every UTC hour of the inclusive day range, as `2026-03-01T13:00Z`. */
export function hoursOf(from: string, to: string): string[] {
  const hours: string[] = [];
  for (const day of daysOf(from, to)) for (let hour = 0; hour < 24; hour++) hours.push(`${day}T${String(hour).padStart(2, '0')}:00Z`);
  return hours;
}

/**
 * Usage windows in whole UTC days, as the API sums them (a bucket is a UTC day). A window is given by
 * its first and last day, both included; the API takes [from, to) instants, so `to` is the start of
 * the day after the last one. Pure functions, shared by the overview and the usage page.
 */

const DAY_MS = 86_400_000;
/** The API's limit on a window (request metadata is kept 30 days). */
export const MAX_WINDOW_DAYS = 31;
/** The window the pages show unless asked otherwise. */
export const DEFAULT_WINDOW_DAYS = 30;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A UTC day, YYYY-MM-DD. */
export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Whether `value` is a real calendar day written YYYY-MM-DD (not 2026-02-30). */
export function isUtcDay(value: string): boolean {
  if (!DAY.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && utcDay(date) === value;
}

/** The day `days` after `day` (before, when negative). */
export function addDays(day: string, days: number): string {
  return utcDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));
}

/** Days from `from` to `to`, both included: 1 for the same day, 0 or less when `to` is before `from`. */
export function daysInWindow(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

/** Every day of the window, oldest first. */
export function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

export interface DayWindow {
  /** First day, included. */
  from: string;
  /** Last day, included. */
  to: string;
}

/** The last `days` UTC days, today included. */
export function lastDays(days: number, now: Date = new Date()): DayWindow {
  const to = utcDay(now);
  return { from: addDays(to, 1 - days), to };
}

/** The API's instants for a window: the start of its first day to the start of the day after its last. */
export function windowVariables(window: DayWindow): { from: string; to: string } {
  return { from: `${window.from}T00:00:00.000Z`, to: `${addDays(window.to, 1)}T00:00:00.000Z` };
}

export type WindowProblem = 'invalid' | 'order' | 'tooLong';

/** What is wrong with a window a person typed, or null when the API will take it. */
export function windowProblem(window: DayWindow): WindowProblem | null {
  if (!isUtcDay(window.from) || !isUtcDay(window.to)) return 'invalid';
  const days = daysInWindow(window.from, window.to);
  if (days < 1) return 'order';
  if (days > MAX_WINDOW_DAYS) return 'tooLong';
  return null;
}

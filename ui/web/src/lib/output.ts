import type { OutputData } from '../api/types';

export interface Row {
  key: number;
  values: Record<string, unknown>;
}

/** A row of a preview sink: its value is a JSON object, or shown as one column when it is not. */
export function rowOf(key: number, data: OutputData): Row {
  try {
    const v = JSON.parse(data.value ?? '');
    if (v && typeof v === 'object' && !Array.isArray(v)) return { key, values: v as Record<string, unknown> };
    return { key, values: { value: v } };
  } catch {
    return { key, values: { value: data.value } };
  }
}

/** The columns of rows in order of first appearance. */
export function columnsOf(rows: Row[]): string[] {
  const seen: string[] = [];
  for (const r of rows) for (const k of Object.keys(r.values)) if (!seen.includes(k)) seen.push(k);
  return seen;
}

/** Appends rows and keeps the last `max`. */
export function appendBounded<T>(existing: T[], added: T[], max: number): T[] {
  const all = existing.concat(added);
  return all.length > max ? all.slice(all.length - max) : all;
}

export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/**
 * The values templates compute with: plain data and dict literals, and the Python-like
 * conversions between them. Shared by the interpreter and the filters.
 */
import { TemplateError } from './template-lexer';

export const MAX_STRING = 16_384;

/** A dict literal from the template; keys may be None, numbers or strings (Python semantics). */
export class TemplateDict {
  private readonly map = new Map<string, Value>();
  set(key: Value, value: Value): void {
    this.map.set(dictKey(key), value);
  }
  get(key: Value): Value {
    return key === undefined ? undefined : this.map.get(dictKey(key));
  }
  has(key: Value): boolean {
    return key !== undefined && this.map.has(dictKey(key));
  }
  get size(): number {
    return this.map.size;
  }
  toJSON(): Record<string, unknown> {
    return Object.fromEntries([...this.map].map(([k, v]) => [k.slice(2), v]));
  }
}

export type Value = undefined | null | boolean | number | string | Value[] | TemplateDict | { [key: string]: unknown };

function dictKey(key: Value): string {
  if (key === null || key === undefined) return 'n:';
  if (typeof key === 'boolean') return `b:${key}`;
  if (typeof key === 'number') return `d:${key}`;
  if (typeof key === 'string') return `s:${key}`;
  throw new TemplateError('unhashable dict key');
}

export function isPlainObject(v: unknown): v is { [key: string]: unknown } {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Anything that is not plain data (functions, class instances) is invisible to templates. */
export function asData(v: unknown): Value {
  if (v === null || v === undefined) return v;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v) || v instanceof TemplateDict || isPlainObject(v)) return v as Value;
  return undefined;
}

export function truthy(v: Value): boolean {
  if (v instanceof TemplateDict) return v.size > 0;
  if (Array.isArray(v)) return v.length > 0;
  if (isPlainObject(v)) return Object.keys(v).length > 0;
  return Boolean(v);
}

export function toNumber(v: Value, op: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  throw new TemplateError(`'${op}' needs numbers, not ${typeName(v)}`);
}

export function limit(s: string): string {
  if (s.length > MAX_STRING) throw new TemplateError('template string too long');
  return s;
}

export function typeName(v: Value): string {
  if (v === undefined) return 'an undefined value';
  if (v === null) return 'None';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a dict';
  return `a ${typeof v}`;
}

/** Python-like rendering: None, True/False; undefined renders as nothing. */
export function toText(v: Value): string {
  if (v === undefined) return '';
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return Number.isNaN(v) ? 'nan' : Number.isFinite(v) ? String(v) : v > 0 ? 'inf' : '-inf';
  if (typeof v === 'string') return v;
  // A value that is not data (a function reached through an inherited name) has no JSON: it renders as nothing.
  const json = JSON.stringify(v) as string | undefined;
  return json === undefined ? '' : limit(json);
}

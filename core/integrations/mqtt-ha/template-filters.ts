/** Filters (`| int`, `| round(1)`, `| default(x)`…) and tests (`is defined`) of the template subset. */
import { TemplateError } from './template-lexer';
import { asData, isPlainObject, limit, TemplateDict, toNumber, toText, truthy, typeName, type Value } from './template-values';
import { parseDeviceJson } from '../../util/safe-json';

function parseNumber(v: Value): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v.trim());
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** Python's round(): halves go to the even neighbour. */
function roundHalfEven(x: number, digits: number): number {
  const f = 10 ** digits;
  const scaled = x * f;
  const floor = Math.floor(scaled);
  const diff = scaled - floor;
  const eps = 1e-9;
  let r: number;
  if (Math.abs(diff - 0.5) < eps) r = floor % 2 === 0 ? floor : floor + 1;
  else r = Math.round(scaled);
  return r / f;
}

export function applyFilter(name: string, v: Value, args: Value[]): Value {
  switch (name) {
    case 'int':
    case 'float': {
      const n = parseNumber(v);
      if (n === undefined) {
        if (args.length > 0) return args[0];
        throw new TemplateError(`cannot convert ${typeName(v)} to ${name} (and no default given)`);
      }
      return name === 'int' ? Math.trunc(n) : n;
    }
    case 'round': {
      const n = parseNumber(v);
      if (n === undefined) {
        if (args.length > 2) return args[2];
        throw new TemplateError(`cannot round ${typeName(v)}`);
      }
      const digits = args[0] === undefined ? 0 : Math.max(0, Math.min(10, Math.trunc(toNumber(args[0], 'round'))));
      const f = 10 ** digits;
      if (args[1] === 'floor') return Math.floor(n * f) / f;
      if (args[1] === 'ceil') return Math.ceil(n * f) / f;
      return roundHalfEven(n, digits);
    }
    case 'lower':
      return toText(v).toLowerCase();
    case 'upper':
      return toText(v).toUpperCase();
    case 'string':
      return toText(v);
    case 'abs':
      return Math.abs(toNumber(v, 'abs'));
    case 'default':
    case 'd':
      return v === undefined || (args[1] === true && !truthy(v)) ? (args[0] ?? '') : v;
    case 'bool': {
      const s = toText(v).toLowerCase();
      if (['true', 'on', 'yes', '1', 'enable'].includes(s)) return true;
      if (['false', 'off', 'no', '0', 'disable', 'none'].includes(s)) return false;
      if (args.length > 0) return args[0];
      throw new TemplateError(`cannot convert ${typeName(v)} to bool`);
    }
    case 'length':
    case 'count':
      if (typeof v === 'string' || Array.isArray(v)) return v.length;
      if (v instanceof TemplateDict) return v.size;
      if (isPlainObject(v)) return Object.keys(v).length;
      throw new TemplateError(`${typeName(v)} has no length`);
    case 'tojson':
    case 'to_json':
      return limit(JSON.stringify(v ?? null));
    case 'from_json':
      try {
        return asData(parseDeviceJson(toText(v)));
      } catch {
        throw new TemplateError('from_json: not valid JSON');
      }
    default:
      throw new TemplateError(`unsupported filter '${name}'`);
  }
}

export function applyTest(name: string, v: Value): boolean {
  switch (name) {
    case 'defined':
      return v !== undefined;
    case 'undefined':
      return v === undefined;
    case 'none':
      return v === null;
    case 'number':
      return typeof v === 'number';
    case 'string':
      return typeof v === 'string';
    case 'boolean':
      return typeof v === 'boolean';
    case 'mapping':
      return v instanceof TemplateDict || isPlainObject(v);
    default:
      throw new TemplateError(`unsupported test 'is ${name}'`);
  }
}

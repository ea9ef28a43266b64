/**
 * A safe evaluator for the Jinja subset published in MQTT discovery templates.
 * It works over plain data only (JSON values and dict literals): member access reads own
 * data properties, so `__proto__`, `constructor` & co. are simply undefined; there is no
 * eval, no method calls, no loops, a size limit on the source and a step budget per render.
 */
import { TemplateError } from './template-lexer';
import { applyFilter, applyTest } from './template-filters';
import { parseTemplate, type Expr, type Node } from './template-parser';
import {
  asData,
  isPlainObject,
  limit,
  MAX_STRING,
  TemplateDict,
  toNumber,
  toText,
  truthy,
  typeName,
  type Value,
} from './template-values';
import { parseDeviceJson } from '../../util/safe-json';

export { TemplateError } from './template-lexer';
export { asData, isPlainObject, TemplateDict, toText, truthy, type Value } from './template-values';

export const MAX_TEMPLATE_LENGTH = 4096;
const MAX_STEPS = 10_000;
const CACHE_SIZE = 256;

export type TemplateVariables = Record<string, unknown>;

export interface RenderResult {
  /** The rendered text, trimmed (what Home Assistant would compare or parse). */
  text: string;
  /** The native value when the template is a single `{{ expression }}`, otherwise `text`. */
  value: Value;
}

export interface CompiledTemplate {
  render(variables: TemplateVariables): RenderResult;
}

const cache = new Map<string, CompiledTemplate>();

/** Parses once and caches; throws TemplateError for unsupported or malformed templates. */
export function compileTemplate(source: string): CompiledTemplate {
  const hit = cache.get(source);
  if (hit) {
    // Most recently used last, but only once the cache is full enough to evict: a delete and set on every render
    // made the Map rebuild its table again and again (13 % of what the hub promoted and collected at 2,000 msg/s).
    if (cache.size >= CACHE_SIZE / 2) {
      cache.delete(source);
      cache.set(source, hit);
    }
    return hit;
  }
  if (source.length > MAX_TEMPLATE_LENGTH) throw new TemplateError(`template longer than ${MAX_TEMPLATE_LENGTH} characters`);
  const nodes = parseTemplate(source);
  const outputs = nodes.filter((n) => !(n.t === 'text' && n.v.trim() === ''));
  const single = outputs.length === 1 && outputs[0]!.t === 'out' ? outputs[0]!.expr : undefined;
  const compiled: CompiledTemplate = {
    render(variables) {
      const scope = new Scope(variables);
      if (single) {
        const value = scope.eval(single);
        return { text: toText(value).trim(), value };
      }
      const text = scope.run(nodes).trim();
      return { text, value: text };
    },
  };
  cache.set(source, compiled);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return compiled;
}

export function renderTemplate(source: string, variables: TemplateVariables): RenderResult {
  return compileTemplate(source).render(variables);
}

/** The variables HA passes to a state template: the raw payload and its JSON, when it is JSON. */
export function payloadVariables(payload: string): TemplateVariables {
  let json: unknown;
  try {
    json = parseDeviceJson(payload);
  } catch {
    json = undefined;
  }
  return { value: payload, value_json: json };
}

class Scope {
  private steps = 0;
  private readonly locals = new Map<string, Value>();
  constructor(private readonly vars: TemplateVariables) {}

  run(nodes: Node[]): string {
    let out = '';
    for (const node of nodes) {
      if (node.t === 'text') out += node.v;
      else if (node.t === 'out') out += toText(this.eval(node.expr));
      else if (node.t === 'set') this.locals.set(node.name, this.eval(node.expr));
      else {
        const branch = node.branches.find((b) => truthy(this.eval(b.test)));
        out += this.run(branch ? branch.body : node.otherwise);
      }
      if (out.length > MAX_STRING) throw new TemplateError('template output too long');
    }
    return out;
  }

  eval(e: Expr): Value {
    if (++this.steps > MAX_STEPS) throw new TemplateError('template needs too much work');
    switch (e.t) {
      case 'lit':
        return e.v;
      case 'name':
        if (this.locals.has(e.name)) return this.locals.get(e.name);
        return Object.hasOwn(this.vars, e.name) ? asData(this.vars[e.name]) : undefined;
      case 'attr':
        return member(this.eval(e.obj), e.key);
      case 'index':
        return member(this.eval(e.obj), this.eval(e.key));
      case 'list':
        return e.items.map((i) => this.eval(i));
      case 'dict': {
        const d = new TemplateDict();
        for (const [k, v] of e.entries) d.set(this.eval(k), this.eval(v));
        return d;
      }
      case 'filter':
        return applyFilter(
          e.name,
          this.eval(e.arg),
          e.args.map((a) => this.eval(a)),
        );
      case 'test':
        return applyTest(e.name, this.eval(e.arg)) !== e.negate;
      case 'unary':
        return e.op === 'not' ? !truthy(this.eval(e.arg)) : -toNumber(this.eval(e.arg), '-');
      case 'cond':
        return truthy(this.eval(e.test)) ? this.eval(e.then) : e.else ? this.eval(e.else) : undefined;
      case 'bin':
        return this.binary(e.op, e.l, e.r);
    }
  }

  private binary(op: string, le: Expr, re: Expr): Value {
    const l = this.eval(le);
    if (op === 'and') return truthy(l) ? this.eval(re) : l;
    if (op === 'or') return truthy(l) ? l : this.eval(re);
    const r = this.eval(re);
    switch (op) {
      case '==':
        return equals(l, r);
      case '!=':
        return !equals(l, r);
      case '<':
      case '>':
      case '<=':
      case '>=':
        return order(op, l, r);
      case 'in':
        return contains(r, l);
      case '~':
        return limit(toText(l) + toText(r));
      case '+':
        if (typeof l === 'string' && typeof r === 'string') return limit(l + r);
        return toNumber(l, op) + toNumber(r, op);
      case '-':
        return toNumber(l, op) - toNumber(r, op);
      case '*':
        return toNumber(l, op) * toNumber(r, op);
      default: {
        const a = toNumber(l, op);
        const b = toNumber(r, op);
        if (b === 0) throw new TemplateError('division by zero');
        if (op === '/') return a / b;
        if (op === '//') return Math.floor(a / b);
        return a - b * Math.floor(a / b); // Python modulo takes the divisor's sign
      }
    }
  }
}

function member(obj: Value, key: Value): Value {
  if (obj instanceof TemplateDict) return obj.get(key);
  if (Array.isArray(obj)) {
    if (typeof key !== 'number' || !Number.isInteger(key)) return undefined;
    return asData(obj[key < 0 ? obj.length + key : key]);
  }
  if (isPlainObject(obj) && typeof key === 'string') {
    // Own data properties only: never the prototype chain, never a getter.
    const d = Object.getOwnPropertyDescriptor(obj, key);
    return d && 'value' in d ? asData(d.value) : undefined;
  }
  return undefined;
}

function equals(a: Value, b: Value): boolean {
  const numeric = (x: Value) => typeof x === 'number' || typeof x === 'boolean';
  if (numeric(a) && numeric(b)) return Number(a) === Number(b);
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return a === b;
  return JSON.stringify(a) === JSON.stringify(b);
}

function order(op: string, a: Value, b: Value): boolean {
  const bothStrings = typeof a === 'string' && typeof b === 'string';
  if (!bothStrings && !((typeof a === 'number' || typeof a === 'boolean') && (typeof b === 'number' || typeof b === 'boolean')))
    throw new TemplateError(`'${op}' is not supported between ${typeName(a)} and ${typeName(b)}`);
  const [x, y] = bothStrings ? [a, b] : [Number(a), Number(b)];
  return op === '<' ? x < y : op === '>' ? x > y : op === '<=' ? x <= y : x >= y;
}

function contains(container: Value, item: Value): boolean {
  if (typeof container === 'string') return typeof item === 'string' && container.includes(item);
  if (Array.isArray(container)) return container.some((c) => equals(asData(c), item));
  if (container instanceof TemplateDict) return container.has(item);
  if (isPlainObject(container)) return typeof item === 'string' && Object.hasOwn(container, item);
  throw new TemplateError(`'in' needs a string, list or dict, not ${typeName(container)}`);
}

/**
 * docs/api.md's method and event tables, generated from the contract table (`npm run docs:api`
 * writes them; a test fails when the committed file differs). Schemas are shown in a short
 * TypeScript-like form; a schema the model or the contract exports is shown by its name.
 */
import { z } from 'zod';
import * as model from '../model';
import * as contract from './contract';
import * as contractBroker from './contract-broker';
import * as contractRooms from './contract-rooms';
import * as contractUsers from './contract-users';
import { describeAccess } from './access';

export const METHODS_START = '<!-- generated from core/api/contract.ts by `npm run docs:api`: methods -->';
export const METHODS_END = '<!-- end of generated methods -->';
export const EVENTS_START = '<!-- generated from core/api/contract.ts by `npm run docs:api`: events -->';
export const EVENTS_END = '<!-- end of generated events -->';

/** Every exported schema by its export name (the first name wins when a schema has two). */
const NAMES = new Map<z.core.$ZodType, string>();
for (const exports of [model, contract, contractRooms, contractUsers, contractBroker])
  for (const [name, value] of Object.entries(exports))
    if (value instanceof z.ZodType && !NAMES.has(value)) NAMES.set(value, name);

type Side = 'input' | 'output';
const MAX_DEPTH = 2;

function isPrimitive(schema: z.core.$ZodType): boolean {
  return (
    schema instanceof z.ZodString ||
    schema instanceof z.ZodNumber ||
    schema instanceof z.ZodBoolean ||
    schema instanceof z.ZodUnknown
  );
}

/** Optional (or defaulted, for a request) wrappers removed; `optional` says whether there was one. */
function unwrapOptional(schema: z.core.$ZodType, side: Side): { inner: z.core.$ZodType; optional: boolean } {
  if (schema instanceof z.ZodOptional) return { inner: unwrapOptional(schema.unwrap(), side).inner, optional: true };
  if (schema instanceof z.ZodDefault) return { inner: unwrapOptional(schema.unwrap(), side).inner, optional: side === 'input' };
  return { inner: schema, optional: false };
}

function describeObject(schema: z.ZodObject, side: Side, depth: number): string {
  const fields = Object.entries(schema.shape).map(([key, field]) => {
    const { inner, optional } = unwrapOptional(field, side);
    const name = `${key}${optional ? '?' : ''}`;
    return isPrimitive(inner) ? name : `${name}: ${describe(inner, side, depth + 1)}`;
  });
  return fields.length === 0 ? '{}' : `{ ${fields.join(', ')} }`;
}

/** A short TypeScript-like form of a schema: `{ id, command: Command }`, `Device[]`, `home/office`. */
export function describe(schema: z.core.$ZodType, side: Side, depth = 0): string {
  // Primitives and enums say more spelled out (`celsius/fahrenheit`) than by their names.
  const name = isPrimitive(schema) || schema instanceof z.ZodEnum ? undefined : NAMES.get(schema);
  if (name && depth > 0) return name;
  if (schema instanceof z.ZodObject) return depth > MAX_DEPTH ? '{…}' : describeObject(schema, side, depth);
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodDefault) return describe(schema.unwrap(), side, depth);
  if (schema instanceof z.ZodNullable) return `${describe(schema.unwrap(), side, depth)} | null`;
  if (schema instanceof z.ZodArray) {
    const element = describe(schema.element, side, NAMES.has(schema.element) ? depth + 1 : depth);
    return element.startsWith('{') ? `[${element}]` : `${element}[]`;
  }
  if (schema instanceof z.ZodUnion) return schema.options.map((option) => describe(option, side, depth)).join(' | ');
  if (schema instanceof z.ZodEnum) return schema.options.join('/');
  if (schema instanceof z.ZodLiteral) return schema.values.size === 1 ? JSON.stringify([...schema.values][0]) : 'literal';
  if (schema instanceof z.ZodRecord)
    return schema.valueType instanceof z.ZodUnknown ? 'object' : `{ [key]: ${describe(schema.valueType, side, depth + 1)} }`;
  if (schema instanceof z.ZodPipe) return describe(side === 'input' ? schema.in : schema.out, side, depth);
  if (schema instanceof z.ZodString) return 'string';
  if (schema instanceof z.ZodNumber) return 'number';
  if (schema instanceof z.ZodBoolean) return 'boolean';
  if (schema instanceof z.ZodNull) return 'null';
  if (schema instanceof z.ZodUnknown) return 'any JSON';
  return name ?? 'value';
}

/** A named top-level response is shown by name; a request is always spelled out (its keys are the call). */
function cell(schema: z.core.$ZodType, side: Side): string {
  const name = NAMES.get(schema);
  if (side === 'output' && name) return code(name);
  if (schema instanceof z.ZodObject && Object.keys(schema.shape).length === 0) return '—';
  return code(describe(schema, side));
}

function code(text: string): string {
  return `\`${text.replaceAll('|', '\\|')}\``;
}

function restCell(name: contract.MethodName): string {
  const { rest, request } = contract.methods[name];
  const pathKeys = rest.path
    .split('/')
    .filter((part) => part.startsWith(':'))
    .map((part) => part.slice(1));
  const queryKeys =
    rest.method === 'GET' && request instanceof z.ZodObject
      ? Object.keys(request.shape).filter((k) => !pathKeys.includes(k))
      : [];
  const query = queryKeys.length > 0 ? `?${queryKeys.map((k) => `${k}=`).join('&')}` : '';
  let out = code(`${rest.method} ${rest.path}${query}`);
  if (typeof rest.body === 'object') out += ` (body: \`${rest.body.into}\`)`;
  if (typeof rest.status === 'number') out += ` → \`${rest.status}\``;
  if (rest.attachment) out += ' (a download)';
  return out;
}

export function renderMethods(): string {
  const rows = contract.METHOD_NAMES.map((name) => {
    const row = contract.methods[name];
    return `| \`${name}\` | ${restCell(name)} | ${cell(row.request, 'input')} | ${cell(row.response, 'output')} | ${describeAccess(name)} | ${row.description} |`;
  });
  return ['| method | REST | request | response | who may call it | what it does |', '|---|---|---|---|---|---|', ...rows].join(
    '\n',
  );
}

export function renderEvents(): string {
  const rows = contract.EVENT_NAMES.map((name) => {
    const row = contract.events[name];
    return `| \`${name}\` | ${cell(row.payload, 'output')} | ${row.description} |`;
  });
  return ['| event | payload | notes |', '|---|---|---|', ...rows].join('\n');
}

/** docs/api.md with its generated tables brought up to date; the hand-written rest is left as it is. */
export function updateApiDocs(markdown: string): string {
  return replaceBetween(
    replaceBetween(markdown, METHODS_START, METHODS_END, renderMethods()),
    EVENTS_START,
    EVENTS_END,
    renderEvents(),
  );
}

function replaceBetween(markdown: string, start: string, end: string, content: string): string {
  const from = markdown.indexOf(start);
  const to = markdown.indexOf(end);
  if (from < 0 || to < from) throw new Error(`docs/api.md needs the markers\n${start}\n${end}`);
  return `${markdown.slice(0, from + start.length)}\n${content}\n${markdown.slice(to)}`;
}

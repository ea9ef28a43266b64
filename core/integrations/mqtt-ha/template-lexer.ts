/**
 * Tokenizer for the small Jinja subset that MQTT discovery producers publish
 * (zigbee2mqtt, Tasmota, ESPHome). Produces a flat token list; the parser builds the tree.
 */

export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

export type Token =
  | { kind: 'text'; value: string }
  | { kind: 'open'; block: 'expr' | 'stmt' }
  | { kind: 'close'; block: 'expr' | 'stmt' }
  | { kind: 'name'; value: string }
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'op'; value: string };

/** Longest operators first so `==` wins over `=`. */
const OPERATORS = [
  '==',
  '!=',
  '<=',
  '>=',
  '//',
  '<',
  '>',
  '=',
  '+',
  '-',
  '*',
  '/',
  '%',
  '~',
  '|',
  '.',
  ',',
  ':',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
];

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"' };

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const open = findOpen(source, i);
    if (open === -1) {
      tokens.push({ kind: 'text', value: source.slice(i) });
      break;
    }
    let text = source.slice(i, open);
    const block = source[open + 1] === '{' ? 'expr' : 'stmt';
    let j = open + 2;
    // `{%-` / `{{-` strip whitespace before the tag.
    if (source[j] === '-') {
      text = text.replace(/\s+$/, '');
      j++;
    }
    if (text) tokens.push({ kind: 'text', value: text });
    tokens.push({ kind: 'open', block });
    i = lexInside(source, j, block, tokens);
  }
  return tokens;
}

function findOpen(source: string, from: number): number {
  for (let k = source.indexOf('{', from); k !== -1; k = source.indexOf('{', k + 1)) {
    const next = source[k + 1];
    if (next === '{' || next === '%') return k;
    if (next === '#') throw new TemplateError('template comments ({# #}) are not supported');
  }
  return -1;
}

/** Lexes until the matching `}}` / `%}`; returns the index after it (and after stripped whitespace). */
function lexInside(source: string, start: number, block: 'expr' | 'stmt', tokens: Token[]): number {
  const closer = block === 'expr' ? '}}' : '%}';
  let i = start;
  while (i < source.length) {
    const c = source[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '-' && source.startsWith(closer, i + 1)) {
      tokens.push({ kind: 'close', block });
      i += 3;
      while (i < source.length && /\s/.test(source[i]!)) i++;
      return i;
    }
    if (source.startsWith(closer, i)) {
      // `}}` can also close a dict literal followed by `}` — only treat it as the end
      // of the block when no dict literal is open.
      if (!(block === 'expr' && openBraces(tokens) > 0)) {
        tokens.push({ kind: 'close', block });
        return i + 2;
      }
    }
    if (c === '"' || c === "'") {
      i = lexString(source, i, tokens);
      continue;
    }
    if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(source.slice(i, i + 64))!;
      tokens.push({ kind: 'number', value: Number(m[0]) });
      i += m[0].length;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i, i + 256))!;
      tokens.push({ kind: 'name', value: m[0] });
      i += m[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (!op) throw new TemplateError(`unexpected character ${JSON.stringify(c)} at offset ${i}`);
    tokens.push({ kind: 'op', value: op });
    i += op.length;
  }
  throw new TemplateError(`unclosed ${block === 'expr' ? '{{' : '{%'} tag`);
}

/** Number of `{` minus `}` operator tokens since the last open tag. */
function openBraces(tokens: Token[]): number {
  let depth = 0;
  for (let k = tokens.length - 1; k >= 0; k--) {
    const t = tokens[k]!;
    if (t.kind === 'open') break;
    if (t.kind === 'op' && t.value === '{') depth++;
    if (t.kind === 'op' && t.value === '}') depth--;
  }
  return depth;
}

function lexString(source: string, start: number, tokens: Token[]): number {
  const quote = source[start]!;
  let out = '';
  let i = start + 1;
  while (i < source.length) {
    const c = source[i]!;
    if (c === quote) {
      tokens.push({ kind: 'string', value: out });
      return i + 1;
    }
    if (c === '\\') {
      const e = source[i + 1] ?? '';
      out += ESCAPES[e] ?? `\\${e}`;
      i += 2;
      continue;
    }
    out += c;
    i++;
  }
  throw new TemplateError('unterminated string literal');
}

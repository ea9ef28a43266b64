/**
 * Recursive-descent parser for the Jinja subset (precedence follows Jinja2:
 * conditional < or < and < not < comparison/is < ~ < +,- < *,/ < unary minus < filter < postfix).
 */
import { TemplateError, tokenize, type Token } from './template-lexer';

export type Expr =
  | { t: 'lit'; v: null | boolean | number | string }
  | { t: 'name'; name: string }
  | { t: 'attr'; obj: Expr; key: string }
  | { t: 'index'; obj: Expr; key: Expr }
  | { t: 'dict'; entries: [Expr, Expr][] }
  | { t: 'list'; items: Expr[] }
  | { t: 'filter'; arg: Expr; name: string; args: Expr[] }
  | { t: 'test'; arg: Expr; name: string; negate: boolean }
  | { t: 'unary'; op: 'not' | '-'; arg: Expr }
  | { t: 'bin'; op: string; l: Expr; r: Expr }
  | { t: 'cond'; test: Expr; then: Expr; else?: Expr };

export type Node =
  | { t: 'text'; v: string }
  | { t: 'out'; expr: Expr }
  | { t: 'set'; name: string; expr: Expr }
  | { t: 'if'; branches: { test: Expr; body: Node[] }[]; otherwise: Node[] };

const MAX_DEPTH = 48;
const LITERAL_NAMES: Record<string, null | boolean> = {
  None: null,
  none: null,
  True: true,
  true: true,
  False: false,
  false: false,
};
/** Names that may also be called like functions: `float(x, 0)` ≡ `x | float(0)`. */
const CALLABLE = new Set(['int', 'float', 'round', 'bool', 'string', 'abs']);
const COMPARE = new Set(['==', '!=', '<', '>', '<=', '>=']);

export function parseTemplate(source: string): Node[] {
  const p = new Parser(tokenize(source));
  const body = p.block([]);
  if (!p.done()) throw new TemplateError('unexpected {% end %} tag');
  return body;
}

class Parser {
  private pos = 0;
  private depth = 0;
  constructor(private readonly tokens: Token[]) {}

  done(): boolean {
    return this.pos >= this.tokens.length;
  }

  /** Parses nodes until one of the `stops` statement keywords (left unconsumed) or the end. */
  block(stops: string[]): Node[] {
    const nodes: Node[] = [];
    while (!this.done()) {
      const tok = this.next();
      if (tok.kind === 'text') nodes.push({ t: 'text', v: tok.value });
      else if (tok.kind === 'open' && tok.block === 'expr') {
        nodes.push({ t: 'out', expr: this.expr() });
        this.expectClose('expr');
      } else if (tok.kind === 'open') {
        const kw = this.peek();
        if (kw?.kind === 'name' && stops.includes(kw.value)) {
          this.pos--;
          return nodes;
        }
        nodes.push(this.statement());
      } else throw new TemplateError('unexpected token outside a tag');
    }
    if (stops.length) throw new TemplateError(`missing {% ${stops[stops.length - 1]} %}`);
    return nodes;
  }

  private statement(): Node {
    const kw = this.name();
    if (kw === 'set') {
      const name = this.name();
      this.expectOp('=');
      const expr = this.expr();
      this.expectClose('stmt');
      return { t: 'set', name, expr };
    }
    if (kw === 'if') {
      const branches: { test: Expr; body: Node[] }[] = [];
      let test = this.expr();
      let otherwise: Node[] = [];
      for (;;) {
        this.expectClose('stmt');
        const body = this.block(['elif', 'else', 'endif']);
        branches.push({ test, body });
        this.next(); // the open tag
        const end = this.name();
        if (end === 'elif') {
          test = this.expr();
          continue;
        }
        if (end === 'else') {
          this.expectClose('stmt');
          otherwise = this.block(['endif']);
          this.next();
          this.name();
        }
        this.expectClose('stmt');
        return { t: 'if', branches, otherwise };
      }
    }
    throw new TemplateError(`unsupported statement {% ${kw} %}`);
  }

  expr(): Expr {
    if (++this.depth > MAX_DEPTH) throw new TemplateError('template nests too deeply');
    try {
      const then = this.or();
      if (!this.isName('if')) return then;
      this.pos++;
      const test = this.or();
      if (!this.isName('else')) return { t: 'cond', test, then };
      this.pos++;
      return { t: 'cond', test, then, else: this.expr() };
    } finally {
      this.depth--;
    }
  }

  private or(): Expr {
    let l = this.and();
    while (this.isName('or')) {
      this.pos++;
      l = { t: 'bin', op: 'or', l, r: this.and() };
    }
    return l;
  }

  private and(): Expr {
    let l = this.not();
    while (this.isName('and')) {
      this.pos++;
      l = { t: 'bin', op: 'and', l, r: this.not() };
    }
    return l;
  }

  private not(): Expr {
    if (this.isName('not')) {
      this.pos++;
      return { t: 'unary', op: 'not', arg: this.not() };
    }
    return this.compare();
  }

  private compare(): Expr {
    let l = this.concat();
    for (;;) {
      const tok = this.peek();
      if (tok?.kind === 'op' && COMPARE.has(tok.value)) {
        this.pos++;
        l = { t: 'bin', op: tok.value, l, r: this.concat() };
      } else if (this.isName('in')) {
        this.pos++;
        l = { t: 'bin', op: 'in', l, r: this.concat() };
      } else if (this.isName('not') && this.isName('in', 1)) {
        this.pos += 2;
        l = { t: 'unary', op: 'not', arg: { t: 'bin', op: 'in', l, r: this.concat() } };
      } else if (this.isName('is')) {
        this.pos++;
        const negate = this.isName('not');
        if (negate) this.pos++;
        l = { t: 'test', arg: l, name: this.name(), negate };
      } else return l;
    }
  }

  private concat(): Expr {
    let l = this.additive();
    while (this.isOp('~')) {
      this.pos++;
      l = { t: 'bin', op: '~', l, r: this.additive() };
    }
    return l;
  }

  private additive(): Expr {
    let l = this.multiplicative();
    while (this.isOp('+') || this.isOp('-')) {
      const op = (this.next() as { value: string }).value;
      l = { t: 'bin', op, l, r: this.multiplicative() };
    }
    return l;
  }

  private multiplicative(): Expr {
    let l = this.unary();
    while (this.isOp('*') || this.isOp('/') || this.isOp('//') || this.isOp('%')) {
      const op = (this.next() as { value: string }).value;
      l = { t: 'bin', op, l, r: this.unary() };
    }
    return l;
  }

  private unary(): Expr {
    if (this.isOp('-')) {
      this.pos++;
      return { t: 'unary', op: '-', arg: this.unary() };
    }
    return this.filtered();
  }

  private filtered(): Expr {
    let e = this.postfix();
    while (this.isOp('|')) {
      this.pos++;
      const name = this.name();
      e = { t: 'filter', arg: e, name, args: this.isOp('(') ? this.args() : [] };
    }
    return e;
  }

  private postfix(): Expr {
    let e = this.primary();
    for (;;) {
      if (this.isOp('.')) {
        this.pos++;
        e = { t: 'attr', obj: e, key: this.name() };
      } else if (this.isOp('[')) {
        this.pos++;
        const key = this.expr();
        this.expectOp(']');
        e = { t: 'index', obj: e, key };
      } else if (this.isOp('(')) {
        throw new TemplateError('calling methods is not supported');
      } else return e;
    }
  }

  private primary(): Expr {
    const tok = this.next();
    if (tok.kind === 'string' || tok.kind === 'number') return { t: 'lit', v: tok.value };
    if (tok.kind === 'name') {
      if (Object.hasOwn(LITERAL_NAMES, tok.value)) return { t: 'lit', v: LITERAL_NAMES[tok.value]! };
      if (CALLABLE.has(tok.value) && this.isOp('(')) {
        const [arg, ...rest] = this.args();
        if (!arg) throw new TemplateError(`${tok.value}() needs an argument`);
        return { t: 'filter', arg, name: tok.value, args: rest };
      }
      return { t: 'name', name: tok.value };
    }
    if (tok.kind === 'op' && tok.value === '(') {
      const e = this.expr();
      this.expectOp(')');
      return e;
    }
    if (tok.kind === 'op' && tok.value === '[') return { t: 'list', items: this.sequence(']', () => this.expr()) };
    if (tok.kind === 'op' && tok.value === '{') {
      const entries = this.sequence('}', (): [Expr, Expr] => {
        const k = this.expr();
        this.expectOp(':');
        return [k, this.expr()];
      });
      return { t: 'dict', entries };
    }
    throw new TemplateError(`unexpected ${describe(tok)}`);
  }

  private args(): Expr[] {
    this.expectOp('(');
    return this.sequence(')', () => this.expr());
  }

  private sequence<T>(close: string, item: () => T): T[] {
    const out: T[] = [];
    while (!this.isOp(close)) {
      out.push(item());
      if (!this.isOp(',')) break;
      this.pos++;
    }
    this.expectOp(close);
    return out;
  }

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }
  private next(): Token {
    const tok = this.tokens[this.pos++];
    if (!tok) throw new TemplateError('unexpected end of template');
    return tok;
  }
  private isName(value: string, offset = 0): boolean {
    const tok = this.peek(offset);
    return tok?.kind === 'name' && tok.value === value;
  }
  private isOp(value: string): boolean {
    const tok = this.peek();
    return tok?.kind === 'op' && tok.value === value;
  }
  private name(): string {
    const tok = this.next();
    if (tok.kind !== 'name') throw new TemplateError(`expected a name, found ${describe(tok)}`);
    return tok.value;
  }
  private expectOp(value: string): void {
    const tok = this.next();
    if (tok.kind !== 'op' || tok.value !== value) throw new TemplateError(`expected '${value}', found ${describe(tok)}`);
  }
  private expectClose(block: 'expr' | 'stmt'): void {
    const tok = this.next();
    if (tok.kind !== 'close' || tok.block !== block)
      throw new TemplateError(`expected '${block === 'expr' ? '}}' : '%}'}', found ${describe(tok)}`);
  }
}

function describe(tok: Token): string {
  switch (tok.kind) {
    case 'open':
      return tok.block === 'expr' ? "'{{'" : "'{%'";
    case 'close':
      return tok.block === 'expr' ? "'}}'" : "'%}'";
    case 'text':
      return 'text';
    default:
      return `'${String(tok.value)}'`;
  }
}

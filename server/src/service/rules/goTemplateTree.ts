/*
 * Go's text/template parsed into a tree, from the tokens of the checker's lexer (goTemplate.ts):
 * text, actions with their pipelines (declarations, commands, operands, parenthesised pipelines),
 * if / else if / with / range with their else branches, define, block and template, break and
 * continue. The alert template renderer (service/preview/templateRender.ts) executes it. Parsing
 * stops at the first error, as Go's does; the checker keeps reporting after one.
 */

import { GO_TEMPLATE_FUNCTIONS, lexTemplate, PROMETHEUS_TEMPLATE_FUNCTIONS, type TemplateItem, type Token } from './goTemplate';

export type Operand =
  | { readonly kind: 'function'; readonly name: string; readonly token: Token }
  | { readonly kind: 'variable'; readonly name: string; readonly fields: readonly string[]; readonly token: Token }
  | { readonly kind: 'field'; readonly fields: readonly string[]; readonly token: Token }
  /** A literal; `integer`: a Go int (a number without point or exponent, or a character). */
  | { readonly kind: 'constant'; readonly value: string | number | boolean | null; readonly integer?: boolean; readonly token: Token }
  | { readonly kind: 'pipe'; readonly pipe: Pipe; readonly fields: readonly string[]; readonly token: Token };

export interface Command {
  readonly operands: readonly Operand[];
  readonly offset: number;
  readonly text: string;
}

export interface Pipe {
  readonly declare: readonly string[];
  readonly assign: boolean;
  readonly commands: readonly Command[];
  readonly offset: number;
}

export type TemplateNode =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'action'; readonly pipe: Pipe }
  | ControlNode
  | { readonly kind: 'template'; readonly name: string; readonly pipe: Pipe | null; readonly offset: number }
  | { readonly kind: 'define'; readonly name: string; readonly list: TemplateNode[] }
  | { readonly kind: 'break' | 'continue' };

export interface ControlNode {
  readonly kind: 'if' | 'with' | 'range';
  readonly pipe: Pipe;
  readonly list: TemplateNode[];
  readonly otherwise: TemplateNode[] | null;
}

export class TemplateParseError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}



/**
 * The deepest nesting of controls, `define` bodies and parenthesised pipelines the tree holds. Go
 * caps only parentheses (at 10,000) and grows its stacks; the parser and executor here recurse on
 * JavaScript's fixed stack, so a hostile template is refused at this depth rather than overflow it.
 */
export const MAX_TEMPLATE_DEPTH = 500;

/** The error of a template nested past MAX_TEMPLATE_DEPTH: a limit of the preview, not Go's error. */
export const TOO_DEEP = `the template nests deeper than ${MAX_TEMPLATE_DEPTH} levels, more than the preview renders`;

export class TemplateParser {
  private at = 0;
  private depth = 0;
  constructor(private readonly items: readonly TemplateItem[]) {}

  parseAll(): TemplateNode[] {
    const { nodes, stop } = this.list();
    if (stop) throw new TemplateParseError(`unexpected {{${stop.word}}}`, stop.offset);
    return nodes;
  }

  /** Nodes until `{{end}}` or `{{else…}}` (returned as `stop`) or the end. */
  private list(): { nodes: TemplateNode[]; stop: { word: 'end' | 'else'; tokens: readonly Token[]; offset: number } | null } {
    const nodes: TemplateNode[] = [];
    while (this.at < this.items.length) {
      const item = this.items[this.at++];
      if (item.kind === 'text') {
        nodes.push({ kind: 'text', text: item.text });
        continue;
      }
      const tokens = item.tokens;
      const first = tokens[0];
      if (!first) throw new TemplateParseError('missing value for command', item.offset);
      if (first.kind === 'word') {
        switch (first.text) {
          case 'end':
          case 'else':
            return { nodes, stop: { word: first.text, tokens, offset: item.offset } };
          case 'if':
          case 'with':
          case 'range':
            nodes.push(this.control(first.text, tokens.slice(1), item.offset));
            continue;
          case 'define':
          case 'block': {
            const name = tokens[1]?.kind === 'string' ? unquote(tokens[1]) : null;
            if (name === null) throw new TemplateParseError(`${first.text} needs a quoted template name`, item.offset);
            this.enter(item.offset);
            const { nodes: body, stop } = this.list();
            this.depth--;
            if (stop?.word !== 'end') throw new TemplateParseError(`unexpected EOF`, item.offset);
            nodes.push({ kind: 'define', name, list: body });
            if (first.text === 'block') nodes.push({ kind: 'template', name, pipe: tokens.length > 2 ? parsePipe(tokens.slice(2), item.offset, this.depth) : null, offset: item.offset });
            continue;
          }
          case 'template': {
            const name = tokens[1]?.kind === 'string' ? unquote(tokens[1]) : null;
            if (name === null) throw new TemplateParseError('template needs a quoted template name', item.offset);
            nodes.push({ kind: 'template', name, pipe: tokens.length > 2 ? parsePipe(tokens.slice(2), item.offset, this.depth) : null, offset: item.offset });
            continue;
          }
          case 'break':
          case 'continue':
            nodes.push({ kind: first.text });
            continue;
          default:
            break;
        }
      }
      nodes.push({ kind: 'action', pipe: parsePipe(tokens, item.offset, this.depth) });
    }
    return { nodes, stop: null };
  }

  private enter(offset: number): void {
    if (++this.depth > MAX_TEMPLATE_DEPTH) throw new TemplateParseError(TOO_DEEP, offset);
  }

  private control(kind: 'if' | 'with' | 'range', tokens: readonly Token[], offset: number): TemplateNode {
    this.enter(offset);
    try {
      return this.controlBody(kind, tokens, offset);
    } finally {
      this.depth--;
    }
  }

  private controlBody(kind: 'if' | 'with' | 'range', tokens: readonly Token[], offset: number): TemplateNode {
    if (tokens.length === 0) throw new TemplateParseError(`missing value for ${kind}`, offset);
    const pipe = parsePipe(tokens, offset, this.depth);
    const { nodes, stop } = this.list();
    if (!stop) throw new TemplateParseError(`unexpected EOF`, offset);
    if (stop.word === 'end') return { kind, pipe, list: nodes, otherwise: null };
    // {{else}}, or {{else if …}} / {{else with …}}: a nested control that shares this one's {{end}}.
    const chained = stop.tokens[1];
    if (chained?.kind === 'word' && (chained.text === 'if' || chained.text === 'with')) {
      const nested = this.control(chained.text, stop.tokens.slice(2), stop.offset);
      return { kind, pipe, list: nodes, otherwise: [nested] };
    }
    const rest = this.list();
    if (rest.stop?.word !== 'end') throw new TemplateParseError(rest.stop ? 'expected end; found {{else}}' : 'unexpected EOF', rest.stop?.offset ?? offset);
    return { kind, pipe, list: nodes, otherwise: rest.nodes };
  }
}

function parsePipe(tokens: readonly Token[], offset: number, depth: number): Pipe {
  let at = 0;
  const declare: string[] = [];
  let assign = false;
  const op = tokens.findIndex((t) => t.kind === 'declare' || t.kind === 'assign');
  if (op > 0 && tokens.slice(0, op).every((t) => t.kind === 'variable' || t.kind === 'comma')) {
    for (const t of tokens.slice(0, op)) if (t.kind === 'variable') declare.push(t.text);
    assign = tokens[op].kind === 'assign';
    at = op + 1;
  }
  const { pipe, end } = commandsOf(tokens, at, offset, depth);
  if (end < tokens.length) throw new TemplateParseError(`unexpected "${tokens[end].text}" in operand`, tokens[end].offset);
  return { ...pipe, declare, assign };
}

/** Commands from `at` to the end or to an unmatched `)`. */
function commandsOf(tokens: readonly Token[], at: number, offset: number, depth: number): { pipe: Pipe; end: number } {
  const commands: Command[] = [];
  let operands: Operand[] = [];
  const finish = (): void => {
    if (operands.length === 0) throw new TemplateParseError('missing value for command', tokens[at]?.offset ?? offset);
    const first = operands[0].token;
    const last = operands[operands.length - 1].token;
    commands.push({ operands, offset: first.offset, text: operands.map(operandText).join(' ') || last.text });
    operands = [];
  };
  while (at < tokens.length) {
    const t = tokens[at];
    if (t.kind === 'close') break;
    if (t.kind === 'pipe') {
      finish();
      at++;
      continue;
    }
    if (t.kind === 'open') {
      if (depth + 1 > MAX_TEMPLATE_DEPTH) throw new TemplateParseError(TOO_DEEP, t.offset);
      const inner = commandsOf(tokens, at + 1, t.offset, depth + 1);
      if (tokens[inner.end]?.kind !== 'close') throw new TemplateParseError('unclosed left paren', t.offset);
      at = inner.end + 1;
      // `(…).Field`: a field chained on the parenthesised pipeline.
      let fields: string[] = [];
      const next = tokens[at];
      if (next?.kind === 'field' && next.offset === tokens[at - 1].offset + 1) {
        fields = next.text.split('.').filter((f) => f !== '');
        at++;
      }
      operands.push({ kind: 'pipe', pipe: { ...inner.pipe, declare: [], assign: false }, fields, token: t });
      continue;
    }
    operands.push(operandOf(t));
    at++;
  }
  if (operands.length > 0 || commands.length === 0) finish();
  return { pipe: { declare: [], assign: false, commands, offset }, end: at };
}

export function operandText(operand: Operand): string {
  return operand.kind === 'pipe' ? `(${operand.pipe.commands.map((c) => c.text).join(' | ')})${operand.fields.map((f) => `.${f}`).join('')}` : operand.token.text;
}

function operandOf(t: Token): Operand {
  switch (t.kind) {
    case 'variable': {
      const [name, ...fields] = t.text.split('.');
      return { kind: 'variable', name, fields, token: t };
    }
    case 'field':
      return { kind: 'field', fields: t.text.split('.').filter((f) => f !== ''), token: t };
    case 'string':
      return { kind: 'constant', value: unquote(t), token: t };
    case 'char':
      return { kind: 'constant', value: unquote(t).codePointAt(0) ?? 0, integer: true, token: t };
    case 'number': {
      const text = t.text.replace(/_/g, '');
      if (/i$/.test(text)) throw new TemplateParseError(`complex numbers are not supported here: ${t.text}`, t.offset);
      // Go's integer literals: 0x1F, 0o17 and 017 (octal), 0b101, 42.
      const octal = /^([-+]?)0[oO]?([0-7]+)$/.exec(text);
      if (octal) return { kind: 'constant', value: (octal[1] === '-' ? -1 : 1) * parseInt(octal[2], 8), integer: true, token: t };
      if (/^[-+]?(0[xX][0-9a-fA-F]+|0[bB][01]+|\d+)$/.test(text)) return { kind: 'constant', value: Number(text.replace(/^[-+]/, '')) * (text.startsWith('-') ? -1 : 1), integer: true, token: t };
      return { kind: 'constant', value: Number(text), token: t };
    }
    case 'word':
      if (t.text === 'true' || t.text === 'false') return { kind: 'constant', value: t.text === 'true', token: t };
      if (t.text === 'nil') return { kind: 'constant', value: null, token: t };
      if (t.text.includes('.')) throw new TemplateParseError(`function "${t.text.split('.')[0]}" not defined`, t.offset);
      if (!GO_TEMPLATE_FUNCTIONS.has(t.text) && !PROMETHEUS_TEMPLATE_FUNCTIONS.has(t.text)) throw new TemplateParseError(`function "${t.text}" not defined`, t.offset);
      return { kind: 'function', name: t.text, token: t };
    default:
      throw new TemplateParseError(`unexpected "${t.text}" in operand`, t.offset);
  }
}

/** A Go string or character literal's value. */
function unquote(t: Token): string {
  const body = t.text.slice(1, -1);
  if (t.text.startsWith('`')) return body;
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/g, (_, e: string) => {
    switch (e[0]) {
      case 'x':
      case 'u':
      case 'U': return String.fromCodePoint(parseInt(e.slice(1), 16));
      case 'n': return '\n';
      case 't': return '\t';
      case 'r': return '\r';
      case 'a': return '\x07';
      case 'b': return '\b';
      case 'f': return '\f';
      case 'v': return '\v';
      default: return /^[0-7]{3}$/.test(e) ? String.fromCharCode(parseInt(e, 8)) : e;
    }
  });
}

/** A template's tree, or its first syntax error (Go's words, the offset in the template). */
export function parseTemplateTree(text: string): TemplateNode[] | { message: string; offset: number } {
  const lexed = lexTemplate(text);
  if (lexed.problem) return { message: lexed.problem.message, offset: lexed.problem.offset };
  try {
    return new TemplateParser(lexed.items).parseAll();
  } catch (error) {
    if (!(error instanceof TemplateParseError)) throw error;
    return { message: error.message, offset: error.offset };
  }
}

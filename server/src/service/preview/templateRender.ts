/*
 * Executes an alert's label and annotation templates as Prometheus does (template/template.go and
 * rules/alerting.go): Go's text/template with `missingkey=zero`, over `$labels`, `$value`,
 * `$externalLabels`, `$externalURL` (and `.Labels`, `.Value`, …), with Go's built-in functions and
 * Prometheus' (templateFunctions.ts), `query` run for real through the preview's executor. The
 * text is lexed by the checker's lexer (rules/goTemplate.ts) and parsed here into a tree.
 *
 * A template that fails gives what Prometheus puts in the annotation, `<error expanding template:
 * …>` with Go's error text (its line:column counted, as Prometheus', after the variables' prelude),
 * and the offset of the failing action in the template as written.
 */

import { lexTemplate, type Token } from '../rules/goTemplate';
import { GoInt, goTypeName, printValue, sprintf } from './goFormat';
import { callPrometheusFunction, isPrometheusFunction, TemplateSample, type FunctionContext, type QuerySample } from './templateFunctions';

export type { QuerySample } from './templateFunctions';

export interface TemplateData {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
  readonly externalLabels: Readonly<Record<string, string>>;
  readonly externalURL: string;
}

export interface TemplateEnvironment {
  /** `__alert_<name>`: the template's name in errors. */
  readonly name: string;
  /** The evaluation time, Unix seconds (`query` runs there, `now` returns it). */
  readonly time: number;
  /** Runs an instant query: the `query` function; absent, `query` fails. */
  readonly query?: (expr: string, time: number) => Promise<QuerySample[] | { error: string }>;
}

export type RenderResult =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly text: string; readonly message: string; readonly offset: number };

/** What Prometheus puts before every alert template (rules/alerting.go): error positions count it. */
const PRELUDE = '{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}{{$externalURL := .ExternalURL}}{{$value := .Value}}';

/** The most a template may print, and the most range iterations, before it is stopped. */
const MAX_OUTPUT = 1 << 20;
const MAX_STEPS = 100_000;

export async function renderTemplate(text: string, data: TemplateData, environment: TemplateEnvironment): Promise<RenderResult> {
  const fail = (message: string, offset: number): RenderResult => ({ ok: false, text: `<error expanding template: ${message}>`, message, offset });
  const where = (offset: number): string => {
    const before = PRELUDE + text.slice(0, offset);
    const line = before.split('\n').length;
    const column = line === 1 ? utf8Length(before) : utf8Length(before.slice(before.lastIndexOf('\n') + 1));
    return `${environment.name}:${line}:${column}`;
  };
  const parseError = (message: string, offset: number): RenderResult => {
    const line = (PRELUDE + text.slice(0, offset)).split('\n').length;
    return fail(`error parsing template ${environment.name}: template: ${environment.name}:${line}: ${message}`, offset);
  };
  const parsed = parseTemplate(text);
  if (!Array.isArray(parsed)) return parseError(parsed.message, parsed.offset);
  const tree = parsed;
  const root = new AlertData(labelMap(data.labels), labelMap(data.externalLabels), data.externalURL, data.value);
  const executor = new Executor(root, environment, data.externalURL);
  try {
    await executor.run(tree, root);
    return { ok: true, text: executor.output };
  } catch (error) {
    if (error instanceof ExecError) {
      return fail(`error executing template ${environment.name}: template: ${where(error.offset)}: executing "${environment.name}" at <${error.context}>: ${error.message}`, error.offset);
    }
    throw error;
  }
}

/** The data of an alert template (template.AlertTemplateData): `.Labels`, `.ExternalLabels`, `.ExternalURL`, `.Value`. */
class AlertData {
  constructor(readonly Labels: Map<string, string>, readonly ExternalLabels: Map<string, string>, readonly ExternalURL: string, readonly Value: number) {}
}

/** Parsed templates by text: a label template is rendered at every step of the window for every series. */
const PARSED = new Map<string, Node[] | { message: string; offset: number }>();
const MAX_PARSED = 500;

function parseTemplate(text: string): Node[] | { message: string; offset: number } {
  let parsed = PARSED.get(text);
  if (parsed) return parsed;
  const lexed = lexTemplate(text);
  if (lexed.problem) parsed = { message: lexed.problem.message, offset: lexed.problem.offset };
  else {
    try {
      parsed = new Parser(lexed.items).parseAll();
    } catch (error) {
      if (!(error instanceof ParseError)) throw error;
      parsed = { message: error.message, offset: error.offset };
    }
  }
  if (PARSED.size >= MAX_PARSED) PARSED.delete(PARSED.keys().next().value!);
  PARSED.set(text, parsed);
  return parsed;
}

function labelMap(labels: Readonly<Record<string, string>>): Map<string, string> {
  return new Map(Object.entries(labels));
}

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

// ---- The tree ----

type Operand =
  | { readonly kind: 'function'; readonly name: string; readonly token: Token }
  | { readonly kind: 'variable'; readonly name: string; readonly fields: readonly string[]; readonly token: Token }
  | { readonly kind: 'field'; readonly fields: readonly string[]; readonly token: Token }
  | { readonly kind: 'constant'; readonly value: unknown; readonly token: Token }
  | { readonly kind: 'pipe'; readonly pipe: Pipe; readonly fields: readonly string[]; readonly token: Token };

interface Command {
  readonly operands: readonly Operand[];
  readonly offset: number;
  readonly text: string;
}

interface Pipe {
  readonly declare: readonly string[];
  readonly assign: boolean;
  readonly commands: readonly Command[];
  readonly offset: number;
}

type Node =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'action'; readonly pipe: Pipe }
  | ControlNode
  | { readonly kind: 'template'; readonly name: string; readonly pipe: Pipe | null; readonly offset: number }
  | { readonly kind: 'define'; readonly name: string; readonly list: Node[] }
  | { readonly kind: 'break' | 'continue' };

interface ControlNode {
  readonly kind: 'if' | 'with' | 'range';
  readonly pipe: Pipe;
  readonly list: Node[];
  readonly otherwise: Node[] | null;
}

class ParseError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

type Item = ReturnType<typeof lexTemplate>['items'][number];

class Parser {
  private at = 0;
  constructor(private readonly items: readonly Item[]) {}

  parseAll(): Node[] {
    const { nodes, stop } = this.list();
    if (stop) throw new ParseError(`unexpected {{${stop.word}}}`, stop.offset);
    return nodes;
  }

  /** Nodes until `{{end}}` or `{{else…}}` (returned as `stop`) or the end. */
  private list(): { nodes: Node[]; stop: { word: 'end' | 'else'; tokens: readonly Token[]; offset: number } | null } {
    const nodes: Node[] = [];
    while (this.at < this.items.length) {
      const item = this.items[this.at++];
      if (item.kind === 'text') {
        nodes.push({ kind: 'text', text: item.text });
        continue;
      }
      const tokens = item.tokens;
      const first = tokens[0];
      if (!first) throw new ParseError('missing value for command', item.offset);
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
            if (name === null) throw new ParseError(`${first.text} needs a quoted template name`, item.offset);
            const { nodes: body, stop } = this.list();
            if (stop?.word !== 'end') throw new ParseError(`unexpected EOF`, item.offset);
            nodes.push({ kind: 'define', name, list: body });
            if (first.text === 'block') nodes.push({ kind: 'template', name, pipe: tokens.length > 2 ? parsePipe(tokens.slice(2), item.offset) : null, offset: item.offset });
            continue;
          }
          case 'template': {
            const name = tokens[1]?.kind === 'string' ? unquote(tokens[1]) : null;
            if (name === null) throw new ParseError('template needs a quoted template name', item.offset);
            nodes.push({ kind: 'template', name, pipe: tokens.length > 2 ? parsePipe(tokens.slice(2), item.offset) : null, offset: item.offset });
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
      nodes.push({ kind: 'action', pipe: parsePipe(tokens, item.offset) });
    }
    return { nodes, stop: null };
  }

  private control(kind: 'if' | 'with' | 'range', tokens: readonly Token[], offset: number): Node {
    if (tokens.length === 0) throw new ParseError(`missing value for ${kind}`, offset);
    const pipe = parsePipe(tokens, offset);
    const { nodes, stop } = this.list();
    if (!stop) throw new ParseError(`unexpected EOF`, offset);
    if (stop.word === 'end') return { kind, pipe, list: nodes, otherwise: null };
    // {{else}}, or {{else if …}} / {{else with …}}: a nested control that shares this one's {{end}}.
    const chained = stop.tokens[1];
    if (chained?.kind === 'word' && (chained.text === 'if' || chained.text === 'with')) {
      const nested = this.control(chained.text, stop.tokens.slice(2), stop.offset);
      return { kind, pipe, list: nodes, otherwise: [nested] };
    }
    const rest = this.list();
    if (rest.stop?.word !== 'end') throw new ParseError(rest.stop ? 'expected end; found {{else}}' : 'unexpected EOF', rest.stop?.offset ?? offset);
    return { kind, pipe, list: nodes, otherwise: rest.nodes };
  }
}

function parsePipe(tokens: readonly Token[], offset: number): Pipe {
  let at = 0;
  const declare: string[] = [];
  let assign = false;
  const op = tokens.findIndex((t) => t.kind === 'declare' || t.kind === 'assign');
  if (op > 0 && tokens.slice(0, op).every((t) => t.kind === 'variable' || t.kind === 'comma')) {
    for (const t of tokens.slice(0, op)) if (t.kind === 'variable') declare.push(t.text);
    assign = tokens[op].kind === 'assign';
    at = op + 1;
  }
  const { pipe, end } = commandsOf(tokens, at, offset);
  if (end < tokens.length) throw new ParseError(`unexpected "${tokens[end].text}" in operand`, tokens[end].offset);
  return { ...pipe, declare, assign };
}

/** Commands from `at` to the end or to an unmatched `)`. */
function commandsOf(tokens: readonly Token[], at: number, offset: number): { pipe: Pipe; end: number } {
  const commands: Command[] = [];
  let operands: Operand[] = [];
  const finish = (): void => {
    if (operands.length === 0) throw new ParseError('missing value for command', tokens[at]?.offset ?? offset);
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
      const inner = commandsOf(tokens, at + 1, t.offset);
      if (tokens[inner.end]?.kind !== 'close') throw new ParseError('unclosed left paren', t.offset);
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

function operandText(operand: Operand): string {
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
      return { kind: 'constant', value: new GoInt(unquote(t).codePointAt(0) ?? 0), token: t };
    case 'number': {
      const text = t.text.replace(/_/g, '');
      if (/i$/.test(text)) throw new ParseError(`complex numbers are not supported here: ${t.text}`, t.offset);
      // Go's integer literals: 0x1F, 0o17 and 017 (octal), 0b101, 42.
      const octal = /^([-+]?)0[oO]?([0-7]+)$/.exec(text);
      if (octal) return { kind: 'constant', value: new GoInt((octal[1] === '-' ? -1 : 1) * parseInt(octal[2], 8)), token: t };
      if (/^[-+]?(0[xX][0-9a-fA-F]+|0[bB][01]+|\d+)$/.test(text)) return { kind: 'constant', value: new GoInt(Number(text.replace(/^[-+]/, '')) * (text.startsWith('-') ? -1 : 1)), token: t };
      return { kind: 'constant', value: Number(text), token: t };
    }
    case 'word':
      if (t.text === 'true' || t.text === 'false') return { kind: 'constant', value: t.text === 'true', token: t };
      if (t.text === 'nil') return { kind: 'constant', value: null, token: t };
      if (t.text.includes('.')) throw new ParseError(`function "${t.text.split('.')[0]}" not defined`, t.offset);
      if (!BUILTINS.has(t.text) && !isPrometheusFunction(t.text)) throw new ParseError(`function "${t.text}" not defined`, t.offset);
      return { kind: 'function', name: t.text, token: t };
    default:
      throw new ParseError(`unexpected "${t.text}" in operand`, t.offset);
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

// ---- Execution ----

class ExecError extends Error {
  constructor(message: string, readonly offset: number, readonly context: string) {
    super(message);
  }
}

class LoopControl {
  constructor(readonly kind: 'break' | 'continue') {}
}

const BUILTINS = new Set(['and', 'or', 'not', 'len', 'index', 'slice', 'print', 'printf', 'println', 'html', 'js', 'urlquery', 'call', 'eq', 'ne', 'lt', 'le', 'gt', 'ge']);

/** Go's truth: false, 0, nil, and empty strings, maps and lists are false. */
function truth(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === '' || value === 0) return false;
  if (value instanceof GoInt) return value.value !== 0;
  if (value instanceof Map) return value.size > 0;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

class Executor {
  output = '';
  private readonly variables: { name: string; value: unknown }[];
  private readonly templates = new Map<string, Node[]>();
  private steps = 0;
  private readonly functions: FunctionContext;

  constructor(root: AlertData, environment: TemplateEnvironment, externalURL: string) {
    this.variables = [
      { name: '$', value: root },
      { name: '$labels', value: root.Labels },
      { name: '$externalLabels', value: root.ExternalLabels },
      { name: '$externalURL', value: root.ExternalURL },
      { name: '$value', value: root.Value },
    ];
    this.functions = { time: environment.time, externalURL, query: environment.query };
  }

  async run(nodes: readonly Node[], dot: unknown): Promise<void> {
    for (const node of nodes) if (node.kind === 'define') this.templates.set(node.name, node.list);
    await this.list(nodes, dot);
  }

  private async list(nodes: readonly Node[], dot: unknown): Promise<void> {
    for (const node of nodes) await this.node(node, dot);
  }

  private async node(node: Node, dot: unknown): Promise<void> {
    if (++this.steps > MAX_STEPS) throw new ExecError('the template runs too long', 0, '');
    switch (node.kind) {
      case 'text':
        this.write(node.text);
        return;
      case 'action': {
        const value = await this.pipe(node.pipe, dot);
        if (node.pipe.declare.length === 0) this.write(printValue(value));
        return;
      }
      case 'if':
      case 'with': {
        const mark = this.variables.length;
        const value = await this.pipe(node.pipe, dot);
        if (truth(value)) await this.list(node.list, node.kind === 'with' ? value : dot);
        else if (node.otherwise) await this.list(node.otherwise, dot);
        this.variables.length = mark;
        return;
      }
      case 'range':
        await this.range(node, dot);
        return;
      case 'template': {
        const body = this.templates.get(node.name);
        if (!body) throw new ExecError(`no such template "${node.name}"`, node.offset, `template "${node.name}"`);
        const value = node.pipe ? await this.pipe(node.pipe, dot) : null;
        const mark = this.variables.length;
        this.variables.push({ name: '$', value });
        await this.list(body, value);
        this.variables.length = mark;
        return;
      }
      case 'define':
        return;
      case 'break':
      case 'continue':
        throw new LoopControl(node.kind);
    }
  }

  private async range(node: ControlNode, dot: unknown): Promise<void> {
    const mark = this.variables.length;
    const value = await this.pipe({ ...node.pipe, declare: [] }, dot);
    let entries: [unknown, unknown][];
    if (Array.isArray(value)) entries = value.map((v, i) => [new GoInt(i), v]);
    else if (value instanceof Map) entries = [...value.keys()].sort().map((k) => [k, value.get(k)]);
    else if (value instanceof GoInt) entries = Array.from({ length: Math.max(0, value.value) }, (_, i) => [new GoInt(i), new GoInt(i)]);
    else if (value === null || value === undefined) entries = [];
    else throw new ExecError(`range can't iterate over ${printValue(value)}`, node.pipe.offset, node.pipe.commands.map((c) => c.text).join(' | '));
    if (entries.length === 0) {
      if (node.otherwise) await this.list(node.otherwise, dot);
      this.variables.length = mark;
      return;
    }
    for (const [key, element] of entries) {
      const inner = this.variables.length;
      const names = node.pipe.declare;
      if (names.length === 1) this.variables.push({ name: names[0], value: element });
      else if (names.length === 2) this.variables.push({ name: names[0], value: key }, { name: names[1], value: element });
      try {
        await this.list(node.list, element);
      } catch (error) {
        if (!(error instanceof LoopControl)) throw error;
        if (error.kind === 'break') break;
      } finally {
        this.variables.length = inner;
      }
    }
    this.variables.length = mark;
  }

  /** The innermost variable of a name. */
  private lookup(name: string): { name: string; value: unknown } | undefined {
    for (let i = this.variables.length - 1; i >= 0; i--) if (this.variables[i].name === name) return this.variables[i];
    return undefined;
  }

  private write(text: string): void {
    this.output += text;
    if (this.output.length > MAX_OUTPUT) throw new ExecError('the template prints more than 1 MB', 0, '');
  }

  private async pipe(pipe: Pipe, dot: unknown): Promise<unknown> {
    let value: unknown = undefined;
    let hasFinal = false;
    for (const command of pipe.commands) {
      value = await this.command(command, dot, value, hasFinal);
      hasFinal = true;
    }
    for (const name of pipe.declare) {
      if (pipe.assign) {
        const found = this.lookup(name);
        if (!found) throw new ExecError(`undefined variable: ${name}`, pipe.offset, name);
        found.value = value;
      } else this.variables.push({ name, value });
    }
    return value;
  }

  private async command(command: Command, dot: unknown, final: unknown, hasFinal: boolean): Promise<unknown> {
    const [first, ...rest] = command.operands;
    if (first.kind === 'function') return this.call(first.name, rest, dot, final, hasFinal, command);
    if (rest.length > 0 || hasFinal) throw new ExecError(`can't give argument to non-function ${operandText(first)}`, command.offset, command.text);
    if (first.kind === 'constant' && first.value === null) throw new ExecError('nil is not a command', command.offset, command.text);
    return this.operand(first, dot);
  }

  private async operand(operand: Operand, dot: unknown): Promise<unknown> {
    switch (operand.kind) {
      case 'constant':
        return operand.value;
      case 'function':
        return this.call(operand.name, [], dot, undefined, false, { operands: [operand], offset: operand.token.offset, text: operand.name });
      case 'variable': {
        const found = this.lookup(operand.name);
        if (!found) throw new ExecError(`undefined variable: ${operand.name}`, operand.token.offset, operand.token.text);
        return this.fields(found.value, operand.fields, operand.token);
      }
      case 'field':
        return this.fields(dot, operand.fields, operand.token);
      case 'pipe':
        return this.fields(await this.pipe(operand.pipe, dot), operand.fields, operand.token);
    }
  }

  private fields(value: unknown, fields: readonly string[], token: Token): unknown {
    let current = value;
    for (const field of fields) {
      if (current instanceof Map) {
        // missingkey=zero: a label that is not there is "" (args' maps hold any value: nil).
        current = current.has(field) ? current.get(field) : [...current.keys()].some((k) => /^arg\d+$/.test(k)) ? null : '';
        continue;
      }
      if (current instanceof AlertData && (field === 'Labels' || field === 'ExternalLabels' || field === 'ExternalURL' || field === 'Value')) {
        current = current[field];
        continue;
      }
      if (current instanceof TemplateSample && (field === 'Labels' || field === 'Value')) {
        current = field === 'Labels' ? current.labels : current.value;
        continue;
      }
      if (current === null || current === undefined) throw new ExecError(`nil pointer evaluating interface {}.${field}`, token.offset, token.text);
      const type = current instanceof AlertData ? 'struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL string; Value interface {} }' : goTypeName(current);
      throw new ExecError(`can't evaluate field ${field} in type ${type}`, token.offset, token.text);
    }
    return current;
  }

  private async call(name: string, argOperands: readonly Operand[], dot: unknown, final: unknown, hasFinal: boolean, command: Command): Promise<unknown> {
    const fail = (message: string): never => {
      throw new ExecError(message, command.offset, command.text);
    };
    // and, or: their arguments are evaluated only as far as needed.
    if (name === 'and' || name === 'or') {
      const all = [...argOperands];
      if (all.length + (hasFinal ? 1 : 0) === 0) fail(`wrong number of args for ${name}: want at least 1 got 0`);
      let value: unknown = undefined;
      for (let i = 0; i < all.length + (hasFinal ? 1 : 0); i++) {
        value = i < all.length ? await this.operand(all[i], dot) : final;
        if (truth(value) === (name === 'or')) return value;
      }
      return value;
    }
    const args: unknown[] = [];
    for (const operand of argOperands) args.push(await this.operand(operand, dot));
    if (hasFinal) args.push(final);
    if (isPrometheusFunction(name)) {
      try {
        return await callPrometheusFunction(name, args, this.functions);
      } catch (error) {
        return fail(error instanceof Error ? error.message : String(error));
      }
    }
    return builtin(name, args, fail);
  }
}

function builtin(name: string, args: unknown[], fail: (message: string) => never): unknown {
  const want = (n: number): void => {
    if (args.length !== n) fail(`wrong number of args for ${name}: want ${n} got ${args.length}`);
  };
  switch (name) {
    case 'not':
      want(1);
      return !truth(args[0]);
    case 'len': {
      want(1);
      const v = args[0];
      if (typeof v === 'string') return new GoInt(new TextEncoder().encode(v).length);
      if (Array.isArray(v)) return new GoInt(v.length);
      if (v instanceof Map) return new GoInt(v.size);
      return fail(`error calling len: len of type ${goTypeName(v)}`);
    }
    case 'index': {
      if (args.length === 0) fail('wrong number of args for index: want at least 1 got 0');
      let v = args[0];
      for (const key of args.slice(1)) {
        if (v instanceof Map) v = v.has(key) ? v.get(key) : '';
        else if (Array.isArray(v) && key instanceof GoInt) {
          if (key.value < 0 || key.value >= v.length) fail(`error calling index: index out of range: ${key.value}`);
          v = v[key.value];
        } else if (typeof v === 'string' && key instanceof GoInt) v = new GoInt(new TextEncoder().encode(v)[key.value] ?? 0);
        else fail(`error calling index: can't index item of type ${goTypeName(v)}`);
      }
      return v;
    }
    case 'slice': {
      const v = args[0];
      const bounds = args.slice(1).map((a) => (a instanceof GoInt ? a.value : NaN));
      if (typeof v === 'string') return v.slice(bounds[0] ?? 0, bounds[1] ?? v.length);
      if (Array.isArray(v)) return v.slice(bounds[0] ?? 0, bounds[1] ?? v.length);
      return fail(`error calling slice: can't slice item of type ${goTypeName(v)}`);
    }
    case 'print':
      return goSprint(args);
    case 'println':
      return `${args.map(printValue).join(' ')}\n`;
    case 'printf': {
      if (typeof args[0] !== 'string') return fail(`wrong type for value; expected string; got ${goTypeName(args[0])}`);
      return sprintf(args[0], args.slice(1));
    }
    case 'html':
      return goSprint(args).replace(/[&<>"'\0]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;', '\0': '\uFFFD' })[c]!);
    case 'js':
      return goSprint(args).replace(/[\\'"<>&=\n\r\t]/g, (c) => ({ '\\': '\\\\', "'": "\\'", '"': '\\"', '<': '\\u003C', '>': '\\u003E', '&': '\\u0026', '=': '\\u003D', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c]!);
    case 'urlquery':
      return encodeURIComponent(goSprint(args)).replace(/%20/g, '+').replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    case 'call':
      return fail('error calling call: templates here have no function values');
    case 'eq': {
      if (args.length < 2) fail(`missing argument for comparison`);
      for (const other of args.slice(1)) if (compare(args[0], other, 'eq', fail) === 0) return true;
      return false;
    }
    case 'ne':
      want(2);
      return compare(args[0], args[1], 'ne', fail) !== 0;
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge': {
      want(2);
      const c = compare(args[0], args[1], name, fail);
      return name === 'lt' ? c < 0 : name === 'le' ? c <= 0 : name === 'gt' ? c > 0 : c >= 0;
    }
    default:
      return fail(`function "${name}" not defined`);
  }
}

/** fmt.Sprint: a space between operands when neither is a string. */
function goSprint(args: readonly unknown[]): string {
  let out = '';
  args.forEach((a, i) => {
    if (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += printValue(a);
  });
  return out;
}

/** Go's comparison of basic values: an int and a float64 are incompatible, as Prometheus users learn with `gt $value 80`. */
function compare(a: unknown, b: unknown, name: string, fail: (message: string) => never): number {
  const kind = (v: unknown): string => (v instanceof GoInt ? 'int' : typeof v === 'number' ? 'float' : typeof v === 'string' ? 'string' : typeof v === 'boolean' ? 'bool' : 'other');
  const ka = kind(a);
  const kb = kind(b);
  if (ka === 'other' || kb === 'other') {
    if (name === 'eq' || name === 'ne') return a === b ? 0 : 1;
    return fail(`error calling ${name}: invalid type for comparison`);
  }
  if (ka !== kb) return fail(`error calling ${name}: incompatible types for comparison`);
  if (ka === 'bool' && name !== 'eq' && name !== 'ne') return fail(`error calling ${name}: invalid type for comparison`);
  const x = a instanceof GoInt ? a.value : (a as number | string | boolean);
  const y = b instanceof GoInt ? b.value : (b as number | string | boolean);
  return x === y ? 0 : x < y ? -1 : 1;
}

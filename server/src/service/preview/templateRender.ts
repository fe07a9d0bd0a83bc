/*
 * Executes an alert's label and annotation templates as Prometheus does (template/template.go and
 * rules/alerting.go): Go's text/template with `missingkey=zero`, over `$labels`, `$value`,
 * `$externalLabels`, `$externalURL` (and `.Labels`, `.Value`, …), with Go's built-in functions and
 * Prometheus' (templateFunctions.ts), `query` run for real through the preview's executor. The
 * text is parsed into a tree by rules/goTemplateTree.ts, on the checker's lexer (rules/goTemplate.ts).
 *
 * A template that fails gives what Prometheus puts in the annotation, `<error expanding template:
 * …>` with Go's error text (its line:column counted, as Prometheus', after the variables' prelude),
 * and the offset of the failing action in the template as written.
 */

import type { Token } from '../rules/goTemplate';
import { MAX_TEMPLATE_DEPTH, operandText, parseTemplateTree, TOO_DEEP, type Command, type ControlNode, type Operand, type Pipe, type TemplateNode } from '../rules/goTemplateTree';
import { GoInt, goTypeName, MAX_PRINTED, printValue, PrintTooLong, sprintf } from './goFormat';
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
const MAX_OUTPUT = MAX_PRINTED;
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
  if (!Array.isArray(parsed)) return parsed.message === TOO_DEEP ? fail(TOO_DEEP, parsed.offset) : parseError(parsed.message, parsed.offset);
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
    // A backstop for a stack smaller than the depth limits assume: a clear answer, not a crash.
    if (error instanceof RangeError && /call stack/i.test(error.message)) return fail(TOO_DEEP, 0);
    throw error;
  }
}

/** The data of an alert template (template.AlertTemplateData): `.Labels`, `.ExternalLabels`, `.ExternalURL`, `.Value`. */
class AlertData {
  constructor(readonly Labels: Map<string, string>, readonly ExternalLabels: Map<string, string>, readonly ExternalURL: string, readonly Value: number) {}
}

/** Parsed templates by text: a label template is rendered at every step of the window for every series. */
const PARSED = new Map<string, TemplateNode[] | { message: string; offset: number }>();
const MAX_PARSED = 500;

function parseTemplate(text: string): TemplateNode[] | { message: string; offset: number } {
  let parsed = PARSED.get(text);
  if (parsed) return parsed;
  parsed = parseTemplateTree(text);
  if (PARSED.size >= MAX_PARSED) PARSED.delete(PARSED.keys().next().value!);
  PARSED.set(text, parsed);
  return parsed;
}

/** Label maps by the object they were read from: a series' labels are rendered at every step. Templates only read them. */
const LABEL_MAPS = new WeakMap<object, Map<string, string>>();

function labelMap(labels: Readonly<Record<string, string>>): Map<string, string> {
  let map = LABEL_MAPS.get(labels);
  if (!map) LABEL_MAPS.set(labels, (map = new Map(Object.entries(labels))));
  return map;
}

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
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
  private readonly templates = new Map<string, TemplateNode[]>();
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

  async run(nodes: readonly TemplateNode[], dot: unknown): Promise<void> {
    for (const node of nodes) if (node.kind === 'define') this.templates.set(node.name, node.list);
    await this.list(nodes, dot);
  }

  /** Nested lists and parenthesised pipelines being run: template calls recurse through it. */
  private depth = 0;

  private async list(nodes: readonly TemplateNode[], dot: unknown): Promise<void> {
    this.enter();
    try {
      for (const node of nodes) await this.node(node, dot);
    } finally {
      this.depth--;
    }
  }

  /**
   * Go stops a template at 100,000 nested `template` calls; the stack here holds less, so calls,
   * controls and parentheses together stop at twice the parser's nesting limit.
   */
  private enter(): void {
    if (++this.depth > 2 * MAX_TEMPLATE_DEPTH) {
      this.depth--;
      throw new ExecError(`exceeded maximum template depth (${2 * MAX_TEMPLATE_DEPTH} in the preview; Prometheus allows 100000)`, 0, '');
    }
  }

  private async node(node: TemplateNode, dot: unknown): Promise<void> {
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
        if (this.depth >= 2 * MAX_TEMPLATE_DEPTH) throw new ExecError(`exceeded maximum template depth (${2 * MAX_TEMPLATE_DEPTH} in the preview; Prometheus allows 100000)`, node.offset, `template "${node.name}"`);
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
    else if (value instanceof GoInt) entries = Array.from({ length: Math.min(Math.max(0, value.value), MAX_STEPS + 1) }, (_, i) => [new GoInt(i), new GoInt(i)]);
    else if (value === null || value === undefined) entries = [];
    else throw new ExecError(`range can't iterate over ${printValue(value)}`, node.pipe.offset, node.pipe.commands.map((c) => c.text).join(' | '));
    if (entries.length === 0) {
      if (node.otherwise) await this.list(node.otherwise, dot);
      this.variables.length = mark;
      return;
    }
    for (const [key, element] of entries) {
      // Every iteration counts, an empty body too: `{{range 1000000000}}{{end}}` stops.
      if (++this.steps > MAX_STEPS) throw new ExecError('the template runs too long', node.pipe.offset, node.pipe.commands.map((c) => c.text).join(' | '));
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
        return operand.integer ? new GoInt(operand.value as number) : operand.value;
      case 'function':
        return this.call(operand.name, [], dot, undefined, false, { operands: [operand], offset: operand.token.offset, text: operand.name });
      case 'variable': {
        const found = this.lookup(operand.name);
        if (!found) throw new ExecError(`undefined variable: ${operand.name}`, operand.token.offset, operand.token.text);
        return this.fields(found.value, operand.fields, operand.token);
      }
      case 'field':
        return this.fields(dot, operand.fields, operand.token);
      case 'pipe': {
        this.enter();
        try {
          return this.fields(await this.pipe(operand.pipe, dot), operand.fields, operand.token);
        } finally {
          this.depth--;
        }
      }
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
      if (typeof v !== 'string' && !Array.isArray(v)) return fail(`error calling slice: can't slice item of type ${goTypeName(v)}`);
      // Go's bounds: ints, 0 ≤ i ≤ j ≤ len; JavaScript's slice would count a negative from the end.
      const bounds: number[] = [];
      for (const a of args.slice(1)) {
        if (!(a instanceof GoInt)) return fail(`error calling slice: cannot index slice/array with type ${goTypeName(a)}`);
        if (a.value < 0 || a.value > v.length) return fail(`error calling slice: index out of range: ${a.value}`);
        bounds.push(a.value);
      }
      if (bounds.length >= 2 && bounds[0] > bounds[1]) return fail(`error calling slice: invalid slice index: ${bounds[0]} > ${bounds[1]}`);
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
      try {
        return sprintf(args[0], args.slice(1));
      } catch (error) {
        if (error instanceof PrintTooLong) return fail(error.message);
        throw error;
      }
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

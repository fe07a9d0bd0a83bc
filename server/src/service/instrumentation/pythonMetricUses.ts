import type { Node } from 'web-tree-sitter';
import type { Problem, QuickFix } from '../diagnostic';
import type { TextRange } from '../promql/syntaxTree';
import { cardinalityLabel } from '../lint/rules/cardinalityLabel';
import { instrumentationCounterDecrease } from '../lint/rules/instrumentationCounterDecrease';
import { instrumentationLabelsMismatch } from '../lint/rules/instrumentationLabelsMismatch';
import { instrumentationLabelsMissing } from '../lint/rules/instrumentationLabelsMissing';
import { instrumentationPerCallDefinition } from '../lint/rules/instrumentationPerCallDefinition';
import type { MetricDefinition } from './metricDefinition';
import type { PythonConstants } from './pythonConstants';
import { bindingReaches } from './pythonBindingScope';
import { type AnchoredNodes, inDocumentOrder, matchOffsets } from './textAnchoredNodes';

/*
 * The checks of how Python code uses the metrics it defines: `.labels(...)` against the label
 * names, a labelled metric used without them, a Counter decremented, label values with no bound,
 * and a definition that runs once per call. A use is tied to a definition through the name the
 * definition is assigned to (`REQUESTS`, `self.requests`), only when that name is bound to one
 * definition in the file and the use is in that binding's scope (pythonBindingScope.ts: a
 * function's parameter or loop variable of the same name is another value): otherwise nothing is said.
 */

/** A constructor call found in the file, with its arguments by parameter name. */
export interface PythonDefinitionSite {
  readonly definition: MetricDefinition;
  readonly call: Node;
  readonly argumentsByName: ReadonlyMap<string, Node>;
  /** `*args` or `**kwargs` in the call: a parameter not seen may still be given. */
  readonly splat: boolean;
}

/** The methods that record a value, and raise on a labelled metric without `.labels(...)`. */
const RECORDING_METHODS: ReadonlySet<string> = new Set(['inc', 'dec', 'set', 'observe', 'time', 'info', 'state', 'count_exceptions', 'track_inprogress', 'set_to_current_time', 'set_function']);

/** A `.labels(` in the text: the call there is one. */
const LABELS_CALL = /\.\s*labels\s*\(/g;

/**
 * Decorators of functions that run once per request or job: routes of FastAPI, Starlette, Flask,
 * aiohttp, Sanic (`@app.get(...)`, `@router.post(...)`, `@app.route(...)`) and Celery tasks
 * (`@app.task`, `@shared_task`).
 */
const ROUTE_DECORATOR = /^@\s*[\w.]+\.(get|post|put|patch|delete|head|options|route|api_route|websocket|middleware|view)\s*\(|^@\s*([\w.]+\.task|shared_task)\b/;
/** Decorators that make a function run its body once per argument set. */
const ONCE_DECORATOR = /^@\s*(functools\.)?(lru_cache|cache|cached_property)\b|^@\s*(cached|memoize|once)\b/;
/** Exception names whose handler suggests the construction is guarded against duplicate registration. */
const GUARD_EXCEPTIONS = /\b(ValueError|Exception|BaseException)\b/;

/** Label values with no bound whatever the label's name: a raw path or URL, an exception's text, a UUID, the clock. */
const UNBOUNDED_VALUES: readonly { readonly pattern: RegExp; readonly what: string }[] = [
  { pattern: /^(request|req|self\.request)\.(url\.path|path|full_path|url|raw_path|path_qs|rel_url|path_info|get_full_path\(\))$/, what: 'the raw request path (one series per URL: ids and query strings included); use the route template' },
  { pattern: /^(str|repr)\((e|ex|exc|err|error|exception|exc_info)\)$/, what: 'the exception\'s message (it often carries ids, paths or values); use type(exc).__name__' },
  { pattern: /^(str\()?(uuid\.)?uuid[1-5]\(\)\)?$/, what: 'a new UUID each time' },
  { pattern: /^(str\()?(time\.(time|time_ns|monotonic|perf_counter)\(\)|(datetime\.)?datetime\.(now|utcnow)\(.*\)(\.isoformat\(\))?)\)?$/, what: 'the clock' },
];

/** An interpolated or concatenated value that carries an identifier of one thing (`{user_id}`, `{request.url}`). */
const ID_LIKE = /\b\w*(?:_id|_ids|Id|uuid|_ip|email|session|token)\b|^id$|\.url\b|\.path\b/;

export function checkPythonUses(sites: readonly PythonDefinitionSite[], anchors: AnchoredNodes, constants: PythonConstants, text: string): Problem[] {
  const problems: Problem[] = [];
  const byBinding = new Map<string, PythonDefinitionSite | null>();
  const assignments = assignmentCounts(text);
  for (const site of sites) {
    const binding = site.definition.binding;
    if (binding) byBinding.set(binding, byBinding.has(binding) || (assignments.get(binding) ?? 0) > 1 ? null : site);
  }
  for (const site of sites) {
    const finding = perCallFinding(site, text);
    if (finding) problems.push(finding);
  }
  const bindings = [...byBinding].filter(([, site]) => site !== null).map(([binding]) => binding);
  // Only a call on a bound metric, or a `.labels(...)` (whose values are checked whatever the
  // receiver), is read from the tree, found from the text: reading every call costs more than the parse.
  const candidates = matchOffsets(text, LABELS_CALL, (m) => m[0].indexOf('labels')).map((offset) => anchors.callOfAttributeAt(offset)).filter((n): n is Node => n !== undefined);
  if (bindings.length > 0) {
    const bound = new RegExp(`(?<![\\w.])(?:${bindings.map(escapeRegExp).join('|')})(?![\\w])`, 'gu');
    candidates.push(...matchOffsets(text, bound).flatMap((offset) => anchors.callsStartingAt(offset)));
  }
  for (const call of inDocumentOrder(candidates)) {
    const fn = call.childForFieldName('function');
    if (fn?.type !== 'attribute') continue;
    const method = fn.childForFieldName('attribute')?.text ?? '';
    const receiver = fn.childForFieldName('object');
    if (!receiver) continue;
    if (method === 'labels') {
      const site = byBinding.get(receiver.text) ?? undefined;
      checkLabelsCall(call, site && bindingReaches(site.definition.binding, site.call, receiver) ? site : undefined, constants, problems);
      continue;
    }
    // `X.labels(...).method(...)` or `X.method(...)`.
    if (!RECORDING_METHODS.has(method)) continue;
    const receiverFunction = receiver.type === 'call' ? receiver.childForFieldName('function') : undefined;
    const labelled = receiverFunction?.type === 'attribute' && receiverFunction.childForFieldName('attribute')?.text === 'labels';
    const bindingNode = labelled ? receiverFunction.childForFieldName('object') : receiver;
    const site = bindingNode ? byBinding.get(bindingNode.text) : undefined;
    if (!site || !bindingReaches(site.definition.binding, site.call, bindingNode!)) continue;
    const definition = site.definition;
    if (definition.metricClass === 'Counter' && method === 'dec') {
      problems.push(problem(instrumentationCounterDecrease, rangeOf(fn.childForFieldName('attribute')!), `a Counter only goes up: prometheus_client's Counter has no dec() (AttributeError); use a Gauge`));
    }
    if (definition.metricClass === 'Counter' && method === 'inc') {
      const amount = firstArgument(call, 'amount');
      const value = amount ? constants.number(amount).value : undefined;
      if (value !== undefined && value < 0) problems.push(problem(instrumentationCounterDecrease, rangeOf(amount!), `a Counter only goes up: inc(${amount!.text}) raises ValueError (Counters can only be incremented by non-negative amounts)`));
    }
    if (!labelled && definition.labelNames && definition.labelNames.length > 0) {
      const names = definition.labelNames.map((l) => l.value ?? '?').join(', ');
      problems.push(problem(instrumentationLabelsMissing, rangeOf(fn.childForFieldName('attribute')!), `${bindingNode!.text} has label names (${names}): .${method}() without .labels(...) raises ValueError (metric is missing label values)`));
    }
  }
  return problems;
}

/** A line that assigns a name or attribute: `NAME = …`, `self.x: int = …` (not `==`). */
const ASSIGNMENT_LINE = /^[ \t]*([\p{L}\p{N}_.]+)[ \t]*(?::[^=\n]*)?=(?!=)/gmu;

/**
 * How many lines assign each name: counted on the text, not the tree, so that an assignment the
 * parser could not read (a snippet among prose, a syntax error) still counts.
 */
function assignmentCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  ASSIGNMENT_LINE.lastIndex = 0;
  for (let match = ASSIGNMENT_LINE.exec(text); match; match = ASSIGNMENT_LINE.exec(text)) counts.set(match[1], (counts.get(match[1]) ?? 0) + 1);
  return counts;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function problem(code: Problem['code'], range: TextRange, message: string, fixes?: readonly QuickFix[]): Problem {
  return { code, severity: code.defaultSeverity, range, message, ...(fixes && fixes.length > 0 ? { fixes } : {}) };
}

function rangeOf(node: Node): TextRange {
  return { start: node.startIndex, end: node.endIndex };
}

function firstArgument(call: Node, keyword: string): Node | undefined {
  for (const arg of call.childForFieldName('arguments')?.namedChildren ?? []) {
    if (!arg || arg.type === 'comment') continue;
    if (arg.type === 'keyword_argument') {
      if (arg.childForFieldName('name')?.text === keyword) return arg.childForFieldName('value') ?? undefined;
      continue;
    }
    return arg.type === 'list_splat' || arg.type === 'dictionary_splat' ? undefined : arg;
  }
  return undefined;
}

function checkLabelsCall(call: Node, site: PythonDefinitionSite | undefined, constants: PythonConstants, problems: Problem[]): void {
  const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => a !== null && a.type !== 'comment');
  const positional = args.filter((a) => a.type !== 'keyword_argument');
  const keywords = args.filter((a) => a.type === 'keyword_argument');
  const splat = args.some((a) => a.type === 'list_splat' || a.type === 'dictionary_splat');
  // A dict passed positionally (`.labels({...})`) is not a label value: the library reads it as one value, but code written so is rare and meant otherwise.
  const labelsRange = rangeOf(call.childForFieldName('arguments') ?? call);
  for (const value of [...positional, ...keywords.map((k) => k.childForFieldName('value'))]) {
    if (!value || value.type === 'list_splat' || value.type === 'dictionary_splat') continue;
    const why = unboundedValue(value, constants);
    if (why) problems.push(problem(cardinalityLabel, rangeOf(value), `label value ${shorten(value.text)} has no bound: ${why}`));
  }
  if (!site || splat) return;
  const definition: MetricDefinition = site.definition;
  if (definition.labelNamesUnresolved !== undefined || site.splat) return;
  const names = definition.labelNames?.map((l) => l.value);
  if (!names || names.length === 0) {
    problems.push(problem(instrumentationLabelsMismatch, labelsRange, `${site.definition.binding} was defined without label names: .labels(...) raises ValueError (No label names were set)`));
    return;
  }
  if (names.some((n) => n === undefined)) return;
  if (positional.length > 0 && keywords.length > 0) {
    problems.push(problem(instrumentationLabelsMismatch, labelsRange, `.labels(...) takes label values either by position or by name, not both (ValueError: Can't pass both *args and **kwargs)`));
  } else if (keywords.length > 0) {
    const given = keywords.map((k) => k.childForFieldName('name')?.text ?? '');
    const missing = names.filter((n) => !given.includes(n!));
    const unknown = given.filter((g) => !names.includes(g));
    if (missing.length > 0 || unknown.length > 0) {
      const said = [missing.length > 0 ? `missing ${missing.join(', ')}` : '', unknown.length > 0 ? `not label names of the metric: ${unknown.join(', ')}` : ''].filter(Boolean).join('; ');
      problems.push(problem(instrumentationLabelsMismatch, labelsRange, `.labels(...) names must be exactly ${names.join(', ')}: ${said} (ValueError: Incorrect label names)`));
    }
  } else if (positional.length !== names.length) {
    problems.push(problem(instrumentationLabelsMismatch, labelsRange, `${positional.length} label value${positional.length === 1 ? '' : 's'} for ${names.length} label names (${names.join(', ')}): ValueError (Incorrect label count)`));
  }
}

function unboundedValue(value: Node, constants: PythonConstants): string | undefined {
  const text = value.text.replace(/\s+/g, '');
  for (const { pattern, what } of UNBOUNDED_VALUES) if (pattern.test(text)) return what;
  if (value.type === 'string' && value.namedChildren.some((c) => c?.type === 'interpolation')) {
    if (constants.string(value).value !== undefined) return undefined;
    const parts = value.namedChildren.filter((c) => c?.type === 'interpolation').map((c) => c!.childForFieldName('expression')?.text ?? '');
    const id = parts.find((p) => ID_LIKE.test(p));
    if (id) return `the f-string interpolates {${id}}, one value per ${/url|path/.test(id) ? 'URL' : 'thing identified'}`;
  }
  return undefined;
}

/**
 * How many times the text calls the function `name(...)`, its `def` left out; textual, so cheap. A
 * method is counted where it is called on `self`, `cls` or `super()`: `x.observe(…)` on a metric
 * is not a call of a method `observe` of the class.
 */
function callsOf(name: string, text: string, method: boolean): number {
  const receiver = method ? '(?:\\bself|\\bcls|\\bsuper\\(\\))\\s*\\.\\s*' : '(?<!\\.\\s*)';
  return text.match(new RegExp(`(?<!\\bdef\\s+)${receiver}\\b${name}\\s*\\(`, 'g'))?.length ?? 0;
}

/** An `if` that constructs only when nothing is there yet: `if key not in METRICS:`, `if self.x is None:`, `if not hasattr(…)`. */
const CREATE_ONCE_CONDITION = /\bnot\s+in\b|\bis\s+None\b|^\s*not\b/;

function perCallFinding(site: PythonDefinitionSite, text: string): Problem | undefined {
  const registry = site.argumentsByName.get('registry');
  if (registry && !/^(prometheus_client\.)?(REGISTRY|registry\.REGISTRY)$/.test(registry.text)) return undefined;
  if (site.splat) return undefined;
  let guarded = false;
  for (let node = site.call.parent; node; node = node.parent) {
    if (node.type === 'try_statement' && node.namedChildren.some((c) => c?.type === 'except_clause' && (GUARD_EXCEPTIONS.test(c.text.split(':')[0]) || /^except\s*:/.test(c.text)))) guarded = true;
    if (node.type === 'if_statement' && CREATE_ONCE_CONDITION.test(node.childForFieldName('condition')?.text ?? '')) guarded = true;
    if (node.type === 'class_definition' || node.type === 'lambda') return undefined;
    if (node.type !== 'function_definition') continue;
    if (guarded) return undefined;
    const name = node.childForFieldName('name')?.text ?? '';
    if (name.startsWith('__') || /^_?(setup|set_up|init|initialize|initialise|create|make|build|register|configure|get_or_create|new)(_|$)/i.test(name)) return undefined;
    const decorators = node.parent?.type === 'decorated_definition' ? node.parent.namedChildren.filter((c) => c?.type === 'decorator').map((c) => c!.text) : [];
    if (decorators.some((d) => ONCE_DECORATOR.test(d))) return undefined;
    const handler = decorators.some((d) => ROUTE_DECORATOR.test(d));
    const definition = node.parent?.type === 'decorated_definition' ? node.parent : node;
    const method = definition.parent?.parent?.type === 'class_definition';
    const calledTimes = handler ? 0 : callsOf(name, text, method);
    if (!handler && calledTimes < 2) return undefined;
    // Outside a handler, a name computed at run time (from the function's arguments) may differ at each call: no certain duplicate.
    if (!handler && site.definition.family === undefined) return undefined;
    const why = handler ? `${name}() handles requests or jobs` : `${name}() is called ${calledTimes} times in this file`;
    const range = site.call.childForFieldName('function') ?? site.call;
    return problem(instrumentationPerCallDefinition, rangeOf(range), `${site.definition.metricClass}(...) is constructed each time ${name}() runs (${why}): the second construction raises ValueError (Duplicated timeseries in CollectorRegistry); define it once at module level`);
  }
  return undefined;
}

function shorten(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > 40 ? `${line.slice(0, 37)}…` : line;
}

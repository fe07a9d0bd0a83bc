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
import { inRanges } from './pythonParseSlices';
import { type AnchoredNodes, type ChainedCall, matchOffsets } from './textAnchoredNodes';
import { builtOnFirstUse } from '../builtOnFirstUse';

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
  /** The call's ancestors, its parent first. */
  readonly ancestors: readonly Node[];
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

/** The findings, and how the bound names resolved (a statement's findings depend on it: pythonUseMemo.ts). */
export interface PythonUses {
  readonly problems: Problem[];
  readonly bindings: string;
}

/** `skipped`: statements not parsed (their findings are known): no use is looked for there. */
export function checkPythonUses(sites: readonly PythonDefinitionSite[], anchors: AnchoredNodes, constants: PythonConstants, text: string, skipped: readonly TextRange[] = []): PythonUses {
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
  // With the scope each definition is made in: whether a use elsewhere is the same metric depends on it (pythonBindingScope.ts).
  const resolution = JSON.stringify([...byBinding].map(([binding, site]) => [binding, site && [site.definition.metricClass, site.definition.labelNames?.map((l) => l.value ?? null), site.definition.labelNamesUnresolved, site.splat, definitionScope(site)]]));
  // Only a call on a bound metric, or a `.labels(...)` (whose values are checked whatever the
  // receiver), is read from the tree, found from the text: reading every call costs more than the
  // parse. A call chained from a bound name is read from the text, the tree confirming its range
  // (textAnchoredNodes.ts `chainAt`); the rest from the tree.
  const calls = new Map<number, UseCall>();
  const labelsRead = new Set<number>();
  if (bindings.length > 0) {
    const bound = new RegExp(`(?<![\\w.])(?:${bindings.map(escapeRegExp).join('|')})(?![\\w])`, 'gu');
    for (const offset of matchOffsets(text, bound)) {
      if (inRanges(skipped, offset)) continue;
      const chain = anchors.chainAt(offset);
      if (!chain) {
        for (const node of anchors.callsStartingAt(offset)) addNodeCall(calls, node);
        continue;
      }
      for (let i = 0; i < chain.length; i++) {
        const call = chain[i];
        if (!call.method || call.receiver === undefined) continue;
        if (call.method.name === 'labels') labelsRead.add(call.method.start);
        addChainedCall(calls, call, call.onPrevious ? chain[i - 1] : undefined);
      }
    }
  }
  for (const offset of matchOffsets(text, LABELS_CALL, (m) => m[0].indexOf('labels'))) {
    if (labelsRead.has(offset) || inRanges(skipped, offset)) continue;
    // A receiver that is a dotted name (`app_metrics.LATENCY.labels(`) is read from the text too.
    const receiver = dottedReceiverStart(text, offset);
    const chained = receiver === undefined ? undefined : anchors.chainAt(receiver)?.find((c) => c.method?.start === offset && c.method.name === 'labels' && !c.onPrevious);
    if (chained) {
      addChainedCall(calls, chained, undefined);
      continue;
    }
    const node = anchors.callOfAttributeAt(offset);
    if (node) addNodeCall(calls, node);
  }
  const ordered = [...calls.values()].sort((a, b) => a.start - b.start || b.end - a.end);
  for (const call of ordered) {
    if (call.method === 'labels') {
      const site = byBinding.get(call.receiver) ?? undefined;
      checkLabelsCall(call, site && bindingReaches(site.definition.binding, site.call, call.node) ? site : undefined, constants, problems);
      continue;
    }
    // `X.labels(...).method(...)` or `X.method(...)`.
    if (!RECORDING_METHODS.has(call.method)) continue;
    const site = call.binding !== undefined ? byBinding.get(call.binding) : undefined;
    if (!site || !bindingReaches(site.definition.binding, site.call, call.node)) continue;
    const definition = site.definition;
    const method = call.method;
    if (definition.metricClass === 'Counter' && method === 'dec') {
      problems.push(problem(instrumentationCounterDecrease, call.methodRange, `a Counter only goes up: prometheus_client's Counter has no dec() (AttributeError); use a Gauge`));
    }
    if (definition.metricClass === 'Counter' && method === 'inc') {
      const amount = firstArgument(call.node, 'amount');
      const value = amount ? constants.number(amount).value : undefined;
      if (value !== undefined && value < 0) problems.push(problem(instrumentationCounterDecrease, rangeOf(amount!), `a Counter only goes up: inc(${amount!.text}) raises ValueError (Counters can only be incremented by non-negative amounts)`));
    }
    if (!call.labelled && definition.labelNames && definition.labelNames.length > 0) {
      const names = definition.labelNames.map((l) => l.value ?? '?').join(', ');
      problems.push(problem(instrumentationLabelsMissing, call.methodRange, `${call.binding} has label names (${names}): .${method}() without .labels(...) raises ValueError (metric is missing label values)`));
    }
  }
  return { problems, bindings: resolution };
}

/**
 * Where a definition's binding lives: in a function, lambda or class (a use parsed apart, outside
 * it, is not the metric), or in the module. Which one is in the whole blocks' text too; said here
 * so that the memo's context names what the scope check read (pythonUseMemo.ts).
 */
function definitionScope(site: PythonDefinitionSite): string {
  const scope = site.ancestors.find((n) => n.type === 'function_definition' || n.type === 'lambda' || n.type === 'class_definition');
  return scope?.type ?? 'module';
}

/** A method call on a metric or a `.labels(...)`, with what the checks read of it. */
interface UseCall {
  readonly node: Node;
  readonly start: number;
  readonly end: number;
  /** Where the arguments start (`(`); they end with the call. */
  readonly arguments: number;
  readonly method: string;
  readonly methodRange: TextRange;
  /** The text of the object the method is called on. */
  readonly receiver: string;
  /** The object is a `.labels(...)` call. */
  readonly labelled: boolean;
  /** The text of what a definition may be bound to: the object, or the object of its `.labels(...)`. */
  readonly binding: string | undefined;
}

/** A call of a chain read from the text (`previous`: the call its method is called on, if any). */
function addChainedCall(calls: Map<number, UseCall>, call: ChainedCall, previous: ChainedCall | undefined): void {
  if (!call.method || call.receiver === undefined) return;
  const labelled = previous?.method?.name === 'labels';
  calls.set(call.node.id, {
    node: call.node, start: call.start, end: call.end, arguments: call.arguments,
    method: call.method.name, methodRange: { start: call.method.start, end: call.method.start + call.method.name.length },
    receiver: call.receiver, labelled, binding: labelled ? previous!.receiver : call.receiver,
  });
}

/**
 * Where the object of the method named at `offset` starts, when it is a dotted name the text
 * shows whole (`a.b` of `a.b.labels(`, not preceded by a bracket, a quote or a dot); undefined
 * otherwise. A guess the tree confirms (textAnchoredNodes.ts `chainAt`).
 */
function dottedReceiverStart(text: string, offset: number): number | undefined {
  let at = offset;
  while (at > 0 && /[ \t\\\n\r]/.test(text[at - 1])) at--;
  if (text[at - 1] !== '.') return undefined;
  at--;
  while (at > 0 && /[ \t\\\n\r]/.test(text[at - 1])) at--;
  const end = at;
  while (at > 0 && /[\p{L}\p{N}_.]/u.test(text[at - 1])) at--;
  if (at === end || !/[\p{L}_]/u.test(text[at]) || /[)\]}"'\p{L}\p{N}_.]/u.test(text[at - 1] ?? ' ')) return undefined;
  return at;
}

/** A call read from the tree alone (where the text and the tree disagree, or a `.labels(` on an unbound receiver). */
function addNodeCall(calls: Map<number, UseCall>, node: Node): void {
  if (calls.has(node.id)) return;
  const fn = node.childForFieldName('function');
  if (fn?.type !== 'attribute') return;
  const attribute = fn.childForFieldName('attribute');
  const receiver = fn.childForFieldName('object');
  const args = node.childForFieldName('arguments');
  if (!attribute || !receiver) return;
  const receiverFunction = receiver.type === 'call' ? receiver.childForFieldName('function') : undefined;
  const labelled = receiverFunction?.type === 'attribute' && receiverFunction.childForFieldName('attribute')?.text === 'labels';
  calls.set(node.id, {
    node, start: node.startIndex, end: node.endIndex, arguments: args?.startIndex ?? node.startIndex,
    method: attribute.text, methodRange: rangeOf(attribute), receiver: receiver.text, labelled,
    binding: labelled ? receiverFunction.childForFieldName('object')?.text : receiver.text,
  });
}

/** A line that assigns a name or attribute: `NAME = …`, `self.x: int = …` (not `==`). */
const ASSIGNMENT_LINE = builtOnFirstUse(() => /^[ \t]*([\p{L}\p{N}_.]+)[ \t]*(?::[^=\n]*)?=(?!=)/gmu);

/**
 * How many lines assign each name: counted on the text, not the tree, so that an assignment the
 * parser could not read (a snippet among prose, a syntax error) still counts.
 */
function assignmentCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  const assignmentLine = ASSIGNMENT_LINE();
  assignmentLine.lastIndex = 0;
  for (let match = assignmentLine.exec(text); match; match = assignmentLine.exec(text)) counts.set(match[1], (counts.get(match[1]) ?? 0) + 1);
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

function checkLabelsCall(call: UseCall, site: PythonDefinitionSite | undefined, constants: PythonConstants, problems: Problem[]): void {
  // Each argument's type asked once: every question crosses into WebAssembly.
  const args = (call.node.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => a !== null).map((node) => ({ node, type: node.type })).filter((a) => a.type !== 'comment');
  const positional = args.filter((a) => a.type !== 'keyword_argument');
  const keywords = args.filter((a) => a.type === 'keyword_argument').map((a) => a.node);
  const splat = args.some((a) => a.type === 'list_splat' || a.type === 'dictionary_splat');
  // A dict passed positionally (`.labels({...})`) is not a label value: the library reads it as one value, but code written so is rare and meant otherwise.
  const labelsRange = { start: call.arguments, end: call.end };
  const values = [...positional, ...keywords.map((k) => k.childForFieldName('value')).filter((v): v is Node => v !== null).map((node) => ({ node, type: node.type }))];
  for (const { node: value, type } of values) {
    if (type === 'list_splat' || type === 'dictionary_splat') continue;
    const why = unboundedValue(value, type, constants);
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

function unboundedValue(value: Node, type: string, constants: PythonConstants): string | undefined {
  const text = value.text.replace(/\s+/g, '');
  for (const { pattern, what } of UNBOUNDED_VALUES) if (pattern.test(text)) return what;
  // Only a string with a prefix other than r, b or u (f"…") interpolates: the others are not asked for their parts.
  if (type === 'string' && !/^[rRbBuU]*["']/.test(text) && value.namedChildren.some((c) => c?.type === 'interpolation')) {
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
  for (let up = 0; up < site.ancestors.length; up++) {
    const node = site.ancestors[up];
    const type = node.type;
    if (type === 'try_statement' && node.namedChildren.some((c) => c?.type === 'except_clause' && (GUARD_EXCEPTIONS.test(c.text.split(':')[0]) || /^except\s*:/.test(c.text)))) guarded = true;
    if (type === 'if_statement' && CREATE_ONCE_CONDITION.test(node.childForFieldName('condition')?.text ?? '')) guarded = true;
    if (type === 'class_definition' || type === 'lambda') return undefined;
    if (type !== 'function_definition') continue;
    if (guarded) return undefined;
    const name = node.childForFieldName('name')?.text ?? '';
    if (name.startsWith('__') || /^_?(setup|set_up|init|initialize|initialise|create|make|build|register|configure|get_or_create|new)(_|$)/i.test(name)) return undefined;
    const parent = site.ancestors[up + 1];
    const decorators = parent?.type === 'decorated_definition' ? parent.namedChildren.filter((c) => c?.type === 'decorator').map((c) => c!.text) : [];
    if (decorators.some((d) => ONCE_DECORATOR.test(d))) return undefined;
    const handler = decorators.some((d) => ROUTE_DECORATOR.test(d));
    // The definition (decorated or not) sits in a block whose parent is the class of a method.
    const method = site.ancestors[parent?.type === 'decorated_definition' ? up + 3 : up + 2]?.type === 'class_definition';
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

import { distance } from 'fastest-levenshtein';
import type { Node } from 'web-tree-sitter';
import type { DiagnosticCode, Problem, QuickFix, Severity } from '../diagnostic';
import type { LintSettings } from '../lint/lintSettings';
import { cardinalityLabel } from '../lint/rules/cardinalityLabel';
import { instrumentationCounterDecrease } from '../lint/rules/instrumentationCounterDecrease';
import { instrumentationLabelsMismatch } from '../lint/rules/instrumentationLabelsMismatch';
import { instrumentationLabelsMissing } from '../lint/rules/instrumentationLabelsMissing';
import { unboundedLabelReason } from '../lint/unboundedLabels';
import type { TextRange } from '../promql/syntaxTree';
import { JsConstants, memberPath, propertyKey, rangeOf, unwrapExpression } from './jsStaticValues';
import type { PromClientDefinition } from './promClientDefinition';
import { jsBindingReaches } from './jsBindingScope';
import type { JsNodes } from './jsNodeIndex';

/*
 * The uses of prom-client metrics in a file, checked against their definitions: `.labels(...)`
 * (positional or one object), `.inc/.dec/.set/.observe/.startTimer/.remove/.zero({ labels }, v)`,
 * found by the binding the definition was stored in (`requests`, `this.requests`) where that
 * binding is in scope (jsBindingScope.ts). What prom-client throws for (lib/util.js `getLabels`,
 * `LabelMap.validate`; lib/counter.js) is an error; what it accepts but records wrongly (a series without the metric's labels) is a warning. Label values
 * that are unbounded whatever the label's name (the raw request path, an error message, an id, a
 * UUID, a timestamp) are `cardinality/label` findings.
 */

/** The methods that record a value and so name every label of the series. */
const RECORDING = new Set(['inc', 'dec', 'set', 'observe', 'setToCurrentTime']);
/** The methods that take labels as their first argument. */
const TAKES_LABELS = new Set([...RECORDING, 'startTimer', 'remove', 'zero']);

export function checkPromClientCallSites(nodes: JsNodes, definitions: readonly PromClientDefinition[], constants: JsConstants, settings: LintSettings): Problem[] {
  const byBinding = new Map<string, PromClientDefinition[]>();
  for (const definition of definitions) {
    if (!definition.binding) continue;
    const list = byBinding.get(definition.binding) ?? [];
    list.push(definition);
    byBinding.set(definition.binding, list);
  }
  if (byBinding.size === 0) return [];
  const problems: Problem[] = [];
  // A labels object bound to a const is checked at each use: its findings are reported once.
  const reported = new Set<string>();
  const report = (code: DiagnosticCode, range: TextRange, message: string, severity: Severity = code.defaultSeverity, fixes?: readonly QuickFix[]): void => {
    const key = `${code.code} ${range.start} ${range.end} ${message}`;
    if (reported.has(key)) return;
    reported.add(key);
    problems.push({ code, severity, range, message, ...(fixes && fixes.length > 0 ? { fixes } : {}) });
  };
  const lookup = (receiver: Node): PromClientDefinition | undefined => {
    const binding = memberPath(receiver.text);
    // Only the definitions whose binding is in scope where the receiver is written (jsBindingScope.ts).
    const found = byBinding.get(binding)?.filter((d) => jsBindingReaches(binding, d.range, receiver));
    if (!found || found.length === 0) return undefined;
    // The same binding assigned twice: only when both agree on what matters here.
    const [first] = found;
    return found.every((d) => d.promClass === first.promClass && sameLabels(d, first)) ? first : undefined;
  };
  const site: Site = { report, settings, constants };
  const timers = timerBindings(nodes, lookup);
  const checked = new Set<number>();
  // Only calls whose text starts with a metric's binding or a timer are read from the tree.
  const receivers = new Set([...byBinding.keys(), ...timers.keys()]);
  for (const call of nodes.calls) {
    if (!startsWithReceiver(call.text, receivers)) continue;
    const callee = call.childForFieldName('function');
    if (callee?.type === 'identifier' && timers.has(callee.text)) {
      // `end({ code })` of `const end = latency.startTimer(…)`: its labels join the timer's and are validated.
      const timer = timers.get(callee.text);
      const first = argumentsOf(call)[0];
      const labels = first ? site.constants.objectLiteral(first) : undefined;
      if (timer && labels) checkLabelObject(site, labels, timer.definition, false);
      else if (timer && !first && !timer.labelled && (timer.definition.labelNames?.length ?? 0) > 0) {
        site.report(instrumentationLabelsMissing, rangeOf(callee),
          `${describe(timer.definition)} has label names (${listNames((timer.definition.labelNames ?? []).map((l) => l.value ?? '?'))}) and neither its .startTimer() nor this ${callee.text}() gives any: prom-client records a series without labels beside the labelled ones`,
          'warning');
      }
      continue;
    }
    if (callee?.type !== 'member_expression') continue;
    const method = callee.childForFieldName('property')?.text;
    if (!method || (method !== 'labels' && !TAKES_LABELS.has(method))) continue;
    const receiverNode = callee.childForFieldName('object');
    if (!receiverNode) continue;
    const receiver = unwrapExpression(receiverNode);
    if (method === 'labels') {
      const definition = checked.has(call.id) ? undefined : lookup(receiver);
      if (definition) checkLabelsCall(site, call, argumentsOf(call), definition, undefined);
      continue;
    }
    const labelsCall = receiver.type === 'call_expression' ? receiver : undefined;
    const labelsCallee = labelsCall?.childForFieldName('function');
    if (labelsCall && labelsCallee?.type === 'member_expression' && labelsCallee.childForFieldName('property')?.text === 'labels') {
      // `x.labels(…).inc()`: the outer call comes first in the walk; check the labels with the method they go to.
      const object = labelsCallee.childForFieldName('object');
      const definition = object ? lookup(unwrapExpression(object)) : undefined;
      checked.add(labelsCall.id);
      if (definition) {
        checkLabelsCall(site, labelsCall, argumentsOf(labelsCall), definition, method);
        checkValue(site, call, method, argumentsOf(call)[0], definition);
      }
      continue;
    }
    const definition = lookup(receiver);
    if (definition) checkDirectCall(site, call, method, argumentsOf(call), definition);
  }
  return problems;
}

/** Whether code starts with one of the names or member paths (`requests`, `this.requests`): `this.requests.inc(1)`. */
function startsWithReceiver(code: string, receivers: ReadonlySet<string>): boolean {
  const head = /^[\w$]+(?:\s*\??\.\s*[\w$]+)*/.exec(code)?.[0];
  if (!head) return false;
  const parts = memberPath(head).split('.');
  for (let i = 1; i <= parts.length; i++) if (receivers.has(parts.slice(0, i).join('.'))) return true;
  return false;
}

/** A timer's end function: the metric it observes, and whether labels were given when it started. */
interface Timer {
  readonly definition: PromClientDefinition;
  readonly labelled: boolean;
}

/**
 * `const end = metric.startTimer(…)` (or `metric.labels(…).startTimer()`): the timers by the name they
 * are bound to; undefined for a name bound to timers that differ (in two functions, say).
 */
function timerBindings(nodes: JsNodes, lookup: (receiver: Node) => PromClientDefinition | undefined): Map<string, Timer | undefined> {
  const timers = new Map<string, Timer | undefined>();
  for (const declarator of nodes.declarators) {
    if (!declarator.text.includes('startTimer')) continue;
    const name = declarator.childForFieldName('name');
    const value = declarator.childForFieldName('value');
    const call = value ? unwrapExpression(value) : undefined;
    const callee = call?.type === 'call_expression' ? call.childForFieldName('function') : undefined;
    if (name?.type !== 'identifier' || callee?.type !== 'member_expression' || callee.childForFieldName('property')?.text !== 'startTimer') continue;
    let receiver = callee.childForFieldName('object');
    receiver = receiver ? unwrapExpression(receiver) : null;
    const labelsCallee = receiver?.type === 'call_expression' ? receiver.childForFieldName('function') : undefined;
    const viaLabels = labelsCallee?.type === 'member_expression' && labelsCallee.childForFieldName('property')?.text === 'labels';
    if (viaLabels) receiver = labelsCallee.childForFieldName('object');
    const definition = receiver ? lookup(unwrapExpression(receiver)) : undefined;
    if (!definition) continue;
    const timer: Timer = { definition, labelled: viaLabels || argumentsOf(call!).length > 0 };
    const known = timers.get(name.text);
    timers.set(name.text, timers.has(name.text) && (known?.definition !== timer.definition || known.labelled !== timer.labelled) ? undefined : timer);
  }
  return timers;
}

interface Site {
  readonly report: (code: DiagnosticCode, range: TextRange, message: string, severity?: Severity, fixes?: readonly QuickFix[]) => void;
  readonly settings: LintSettings;
  readonly constants: JsConstants;
}

function sameLabels(a: PromClientDefinition, b: PromClientDefinition): boolean {
  const names = (d: PromClientDefinition): string => (d.labelNamesComplete ? (d.labelNames ?? []).map((l) => l.value).join(',') : '?');
  return names(a) === names(b);
}

function argumentsOf(call: Node): Node[] {
  return (call.childForFieldName('arguments')?.namedChildren ?? []).filter((arg): arg is Node => !!arg && arg.type !== 'comment');
}

function labelNamesOf(definition: PromClientDefinition): string[] | undefined {
  return definition.labelNamesComplete ? (definition.labelNames ?? []).map((label) => label.value ?? '') : undefined;
}

function describe(definition: PromClientDefinition): string {
  return definition.family ? `"${definition.family}"` : `this ${definition.promClass}`;
}

function listNames(names: readonly string[]): string {
  return names.length === 0 ? 'none' : names.map((name) => `"${name}"`).join(', ');
}

/** Calls that return a number, never a labels object. */
const NUMBER_CALL = /^(Math\.\w+|Number|parseInt|parseFloat|Date\.now|performance\.now)$/;

/** Whether an argument cannot be a labels object: a number, a string, arithmetic, `x.length`, `Math.random()`. */
function isPlainValue(node: Node): boolean {
  const expression = unwrapExpression(node);
  if (['number', 'string', 'template_string', 'unary_expression', 'binary_expression', 'true', 'false'].includes(expression.type)) return true;
  if (expression.type === 'member_expression') return expression.childForFieldName('property')?.text === 'length';
  const callee = expression.type === 'call_expression' ? expression.childForFieldName('function') : undefined;
  return !!callee && NUMBER_CALL.test(memberPath(callee.text));
}

function checkLabelsCall(site: Site, call: Node, args: readonly Node[], definition: PromClientDefinition, chained: string | undefined): void {
  const first = args[0] ? unwrapExpression(args[0]) : undefined;
  const object = first ? site.constants.objectLiteral(first) : undefined;
  if (object) {
    checkLabelObject(site, object, definition, chained !== 'startTimer');
  } else if (args.length !== 1 || (first && isPlainValue(first))) {
    if (args.some((arg) => arg.type === 'spread_element')) return;
    for (const arg of args) checkLabelValue(site, arg);
    const names = labelNamesOf(definition);
    if (names && args.length !== names.length) {
      const range = args.length > 0 ? { start: args[0].startIndex, end: args[args.length - 1].endIndex } : rangeOf(call.childForFieldName('arguments') ?? call);
      site.report(instrumentationLabelsMismatch, range,
        `${args.length} label value${args.length === 1 ? '' : 's'} for the ${names.length} label name${names.length === 1 ? '' : 's'} of ${describe(definition)} (${listNames(names)}): prom-client throws "Invalid number of arguments"`);
    }
  } else if (first) {
    // One argument that may be a labels object or one value (`labels(req.path)`): its count is unknown, its value is not.
    checkLabelValue(site, first);
  }
}

/** The labels object: names unknown to the definition (prom-client throws), names left out (a second, partial series). */
function checkLabelObject(site: Site, object: Node, definition: PromClientDefinition, recordsValue: boolean): void {
  const names = labelNamesOf(definition);
  const given = new Set<string>();
  let open = false;
  let unknown = false;
  for (const member of object.namedChildren) {
    if (!member || member.type === 'comment') continue;
    if (member.type === 'pair') {
      const key = propertyKey(member);
      const value = member.childForFieldName('value');
      if (value) checkLabelValue(site, value);
      if (key === undefined) { open = true; continue; }
      given.add(key);
      const keyNode = member.childForFieldName('key');
      if (names && !names.includes(key) && keyNode) {
        unknown = true;
        reportUnknownLabel(site, key, rangeOf(keyNode), names, definition);
      }
    } else if (member.type === 'shorthand_property_identifier') {
      given.add(member.text);
      checkLabelValue(site, member);
      if (names && !names.includes(member.text)) {
        unknown = true;
        // A shorthand `{ code }` becomes `{ status_code: code }`.
        reportUnknownLabel(site, member.text, rangeOf(member), names, definition, `: ${member.text}`);
      }
    } else {
      open = true;
    }
  }
  // A wrong name is already an error: the missing one is most likely the same label misspelled.
  if (!recordsValue || open || unknown || !names) return;
  const missing = names.filter((name) => !given.has(name));
  if (missing.length > 0) {
    site.report(instrumentationLabelsMismatch, rangeOf(object),
      `no value for ${listNames(missing)}: prom-client records a separate series without ${missing.length === 1 ? 'that label' : 'those labels'}, beside the series that have ${missing.length === 1 ? 'it' : 'them'}`,
      'warning');
  }
}

/** A label name the definition does not have; the fix renames it to the label name it most likely meant. */
function reportUnknownLabel(site: Site, key: string, range: TextRange, names: readonly string[], definition: PromClientDefinition, valueSuffix = ''): void {
  const meant = nearestLabel(key, names);
  const fixes: QuickFix[] = meant ? [{ title: `Use the label name "${meant}"`, safe: false, changes: [{ range, newText: `${meant}${valueSuffix}` }] }] : [];
  site.report(instrumentationLabelsMismatch, range,
    `"${key}" is not a label name of ${describe(definition)} (${listNames(names)}): prom-client throws "Added label "${key}" is not included in initial labelset"${meant ? `; did you mean "${meant}"?` : ''}`,
    undefined, fixes);
}

/** The label name a misspelt one meant: the same but for case and `_` (`statusCode`, `status_code`), else one at a small edit distance; undefined when none or several. */
function nearestLabel(key: string, names: readonly string[]): string | undefined {
  const folded = (name: string): string => name.toLowerCase().replace(/_/g, '');
  const same = names.filter((name) => folded(name) === folded(key));
  if (same.length === 1) return same[0];
  const limit = Math.max(1, Math.floor(key.length / 4));
  const near = names.map((name) => ({ name, d: distance(name, key) })).filter(({ d }) => d <= limit);
  const best = Math.min(...near.map(({ d }) => d));
  const closest = near.filter(({ d }) => d === best);
  return closest.length === 1 ? closest[0].name : undefined;
}

function checkDirectCall(site: Site, call: Node, method: string, args: readonly Node[], definition: PromClientDefinition): void {
  const first = args[0] ? unwrapExpression(args[0]) : undefined;
  let labels: Node | undefined;
  let value: Node | undefined;
  let labelsKnown = true;
  if (definition.exemplars && (method === 'inc' || method === 'observe') && first?.type === 'object' && ['labels', 'value', 'exemplarLabels'].some((key) => JsConstants.property(first, key))) {
    const given = JsConstants.property(first, 'labels');
    labels = given ? unwrapExpression(given) : undefined;
    labelsKnown = !given || labels?.type === 'object';
    value = JsConstants.property(first, 'value');
  } else if (first && site.constants.objectLiteral(first)) {
    // `{ … }`, or `labels` of `const labels = { … }` that nothing changes.
    labels = site.constants.objectLiteral(first);
    value = args[1];
  } else if (!first || isPlainValue(first)) {
    value = first;
  } else {
    labelsKnown = false;
    value = args[1];
  }
  if (labels?.type === 'object') checkLabelObject(site, labels, definition, RECORDING.has(method));
  else if (labelsKnown && RECORDING.has(method) && (definition.labelNames?.length ?? 0) > 0) {
    site.report(instrumentationLabelsMissing, rangeOf(call.childForFieldName('function')?.childForFieldName('property') ?? call),
      `${describe(definition)} has label names (${listNames((definition.labelNames ?? []).map((l) => l.value ?? '?'))}) and this .${method}() gives none: prom-client records a series without labels beside the labelled ones`,
      'warning');
  }
  checkValue(site, call, method, value, definition);
}

/** A Counter decremented: `.dec()` (no such method) or `.inc()` of a negative constant (prom-client throws). */
function checkValue(site: Site, call: Node, method: string, value: Node | undefined, definition: PromClientDefinition): void {
  if (definition.promClass !== 'Counter') return;
  const property = call.childForFieldName('function')?.childForFieldName('property');
  if (method === 'dec' && property) {
    site.report(instrumentationCounterDecrease, rangeOf(property), `a Counter has no .dec(): prom-client throws "dec is not a function"; use a Gauge for ${describe(definition)}`);
  } else if (method === 'inc' && value) {
    const number = site.constants.number(value);
    if (number !== undefined && number < 0) {
      site.report(instrumentationCounterDecrease, rangeOf(value), `${describe(definition)} is a Counter: prom-client throws "It is not possible to decrease a counter" for .inc(${number})`);
    }
  }
}

/** A label value with no bound whatever its label's name. */
function checkLabelValue(site: Site, node: Node): void {
  const reason = unboundedValueReason(node, site.settings, 0);
  if (reason) site.report(cardinalityLabel, rangeOf(node), `${reason}: a new series per value`);
}

const RAW_PATH = /^(req|request|ctx|context|event|c)(\.(req|request|raw))?\.(url|originalUrl|path|href)$/;
const ERROR_TEXT = /^(err|error|e|ex|exception|reason)\.(message|stack)$/;
const CLIENT_ADDRESS = /^(req|request|ctx|context)(\.(req|request|socket|connection))*\.(ip|ips|remoteAddress)$/;
const UUID_CALL = /^(uuid|uuidv[1-7]|v[1-7]|randomUUID|crypto\.randomUUID|nanoid|ulid|cuid|uuid\.v[1-7])$/;
const TIME_CALL = /^(Date\.now|performance\.now|process\.hrtime(\.bigint)?)$/;

function unboundedValueReason(node: Node, settings: LintSettings, depth: number): string | undefined {
  const expression = unwrapExpression(node);
  if (depth > 4) return undefined;
  switch (expression.type) {
    case 'identifier':
    case 'shorthand_property_identifier':
    case 'member_expression': {
      const path = memberPath(expression.text);
      if (RAW_PATH.test(path)) return `${path} is the raw request path (ids, query strings): use the route template instead`;
      if (ERROR_TEXT.test(path)) return `${path} is free text: use an error class or code instead`;
      if (CLIENT_ADDRESS.test(path)) return `${path} is a client address`;
      const last = path.split('.').at(-1) ?? '';
      const snake = last.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
      return snake !== 'id' && unboundedLabelReason(snake, undefined, { settings }) ? `${path} is ${/_id$|uuid|guid/.test(snake) ? 'an id' : 'unbounded by nature'}` : undefined;
    }
    case 'call_expression': {
      const callee = expression.childForFieldName('function');
      const name = callee ? memberPath(callee.text) : '';
      if (UUID_CALL.test(name)) return `${name}() is a new UUID each time`;
      if (TIME_CALL.test(name)) return `${name}() is a timestamp`;
      if (name === 'String' || name.endsWith('.toString') || name.endsWith('.toISOString')) {
        const inner = name === 'String' ? expression.childForFieldName('arguments')?.namedChild(0) : callee?.childForFieldName('object');
        if (inner && /^(err|error|e|ex|exception)$/.test(inner.text)) return `${inner.text} as text is free text: use an error class or code instead`;
        return inner ? unboundedValueReason(inner, settings, depth + 1) : undefined;
      }
      return undefined;
    }
    case 'new_expression':
      return expression.childForFieldName('constructor')?.text === 'Date' ? 'new Date() is a timestamp' : undefined;
    case 'template_string':
      for (const part of expression.namedChildren) {
        const inner = part?.type === 'template_substitution' ? part.namedChild(0) : undefined;
        const reason = inner ? unboundedValueReason(inner, settings, depth + 1) : undefined;
        if (reason) return reason;
      }
      return undefined;
    case 'binary_expression': {
      if (expression.childForFieldName('operator')?.text !== '+') return undefined;
      for (const side of [expression.childForFieldName('left'), expression.childForFieldName('right')]) {
        const reason = side ? unboundedValueReason(side, settings, depth + 1) : undefined;
        if (reason) return reason;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

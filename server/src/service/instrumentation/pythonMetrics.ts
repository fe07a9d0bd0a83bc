import type { Node } from 'web-tree-sitter';
import type { Problem } from '../diagnostic';
import type { LintSettings } from '../lint/lintSettings';
import type { TextRange } from '../promql/syntaxTree';
import { checkDefinition } from './definitionChecks';
import type { MetricClass, MetricDefinition, StaticString } from './metricDefinition';
import { prometheusClientExposedNames, prometheusClientFamily } from './prometheusClientNames';
import { PythonConstants } from './pythonConstants';
import { metricClassAliases } from './pythonClassAliases';
import { checkPythonUses, type PythonDefinitionSite } from './pythonMetricUses';
import { AnchoredNodes, inDocumentOrder, matchOffsets } from './textAnchoredNodes';

/*
 * The reader of Python code that uses prometheus_client: finds every metric constructor (imported
 * under any alias, or module-qualified), reads its arguments as the library's signature orders
 * them (positional or keyword), resolves names and label lists through module constants, and
 * computes the names the library exposes. Then the checks: those of every definition
 * (definitionChecks.ts) and those of the code that uses them (pythonMetricUses.ts).
 */

const METRIC_CLASSES: ReadonlySet<string> = new Set<MetricClass>(['Counter', 'Gauge', 'Histogram', 'Summary', 'Info', 'Enum']);

/** The constructor's parameters in order (`MetricWrapperBase.__init__`, then each class's own). */
const POSITIONAL = ['name', 'documentation', 'labelnames', 'namespace', 'subsystem', 'unit', 'registry', '_labelvalues'];
const POSITIONAL_BY_CLASS: Readonly<Partial<Record<MetricClass, readonly string[]>>> = {
  Histogram: [...POSITIONAL, 'buckets'],
  Gauge: [...POSITIONAL, 'multiprocess_mode'],
  Enum: [...POSITIONAL, 'states'],
};

export interface PythonMetrics {
  readonly definitions: readonly MetricDefinition[];
  readonly problems: readonly Problem[];
  /** How the names metrics are bound to resolved: what the uses' findings depend on besides their text. */
  readonly bindings: string;
}

/**
 * `detached`: statements parsed apart from their block (pythonParseSlices.ts), which the tree shows
 * at module level; `skipped`: statements left out of the parse, their findings known.
 */
export function readPythonMetrics(module: Node, text: string, settings: LintSettings, detached: readonly TextRange[] = [], skipped: readonly TextRange[] = []): PythonMetrics {
  // The tree is asked only where the text names the library or an imported class (textAnchoredNodes.ts).
  const anchors = new AnchoredNodes(module, text);
  const imports = readImports(inDocumentOrder(matchOffsets(text, /prometheus_client/g)
    .map((offset) => anchors.enclosingOfType(offset, IMPORT_STATEMENTS))
    .filter((n): n is Node => n !== undefined)));
  const constants = new PythonConstants(module, text, detached);
  const sites: PythonDefinitionSite[] = [];
  // A constructor call starts with a name the imports bound.
  // Names assigned a class (`_gauge_cls = prometheus_client.Gauge`), called bare or on self/cls.
  for (const [alias, metricClass] of metricClassAliases(text, imports.classes, imports.modules)) imports.aliases.set(alias, metricClass);
  const heads = [...imports.classes.keys(), ...[...imports.modules].map((m) => `${m}.`), ...[...imports.aliases.keys()].flatMap((a) => [a, `self.${a}`, `cls.${a}`])];
  const headPattern = heads.length === 0 ? undefined : new RegExp(`(?<![\\w.])(?:${heads.map(escapeRegExp).join('|')})`, 'gu');
  const candidates = headPattern ? matchOffsets(text, headPattern).flatMap((offset) => anchors.callsStartingAt(offset)) : [];
  for (const call of inDocumentOrder(candidates)) {
    const metricClass = metricClassOf(call, imports);
    if (metricClass) sites.push(readDefinition(call, metricClass, constants, anchors.ancestors(call)));
  }
  const problems: Problem[] = [];
  for (const site of sites) problems.push(...checkDefinition(site.definition, settings));
  const uses = checkPythonUses(sites, anchors, constants, text, skipped);
  for (const problem of uses.problems) problems.push(problem);
  problems.sort((a, b) => a.range.start - b.range.start);
  return { definitions: sites.map((s) => s.definition), problems, bindings: uses.bindings };
}

const IMPORT_STATEMENTS: ReadonlySet<string> = new Set(['import_statement', 'import_from_statement']);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface Imports {
  /** Local name → metric class (`from prometheus_client import Counter as C`). */
  readonly classes: Map<string, MetricClass>;
  /** Names the module is bound to (`prometheus_client`, `prom` of `import prometheus_client as prom`). */
  readonly modules: Set<string>;
  /** Names assigned a class (pythonClassAliases.ts). */
  readonly aliases: Map<string, MetricClass>;
}

function readImports(statements: readonly Node[]): Imports {
  const imports: Imports = { classes: new Map(), modules: new Set(), aliases: new Map() };
  for (const statement of statements) {
    if (statement.type === 'import_from_statement') {
      const from = statement.childForFieldName('module_name')?.text ?? '';
      if (from !== 'prometheus_client' && !from.startsWith('prometheus_client.')) continue;
      for (const name of statement.childrenForFieldName('name')) {
        if (!name) continue;
        const [imported, local] = name.type === 'aliased_import' ? [name.childForFieldName('name')?.text, name.childForFieldName('alias')?.text] : [name.text, name.text];
        if (imported && local && METRIC_CLASSES.has(imported)) imports.classes.set(local, imported as MetricClass);
      }
    } else {
      for (const name of statement.childrenForFieldName('name')) {
        if (!name) continue;
        if (name.type === 'aliased_import') {
          if (name.childForFieldName('name')?.text.startsWith('prometheus_client')) imports.modules.add(name.childForFieldName('alias')?.text ?? '');
        } else if (name.text === 'prometheus_client' || name.text.startsWith('prometheus_client.')) {
          imports.modules.add('prometheus_client');
        }
      }
    }
  }
  return imports;
}

function metricClassOf(call: Node, imports: Imports): MetricClass | undefined {
  const fn = call.childForFieldName('function');
  if (!fn) return undefined;
  if (fn.type === 'identifier') return imports.classes.get(fn.text) ?? imports.aliases.get(fn.text);
  if (fn.type === 'attribute') {
    const attribute = fn.childForFieldName('attribute')?.text ?? '';
    const object = fn.childForFieldName('object')?.text ?? '';
    if (object === 'self' || object === 'cls') return imports.aliases.get(attribute);
    const module = object.split('.')[0];
    if (METRIC_CLASSES.has(attribute) && imports.modules.has(module) && (object === module || object.startsWith('prometheus_client.'))) return attribute as MetricClass;
  }
  return undefined;
}

function rangeOf(node: Node): TextRange {
  return { start: node.startIndex, end: node.endIndex };
}

/** `ancestors`: the call's, its parent first. */
function readDefinition(call: Node, metricClass: MetricClass, constants: PythonConstants, ancestors: readonly Node[]): PythonDefinitionSite {
  const args = new Map<string, Node>();
  let splat = false;
  const positional = POSITIONAL_BY_CLASS[metricClass] ?? POSITIONAL;
  let index = 0;
  for (const arg of call.childForFieldName('arguments')?.namedChildren ?? []) {
    if (!arg || arg.type === 'comment') continue;
    if (arg.type === 'keyword_argument') {
      const name = arg.childForFieldName('name')?.text;
      const value = arg.childForFieldName('value');
      if (name && value) args.set(name, value);
    } else if (arg.type === 'list_splat' || arg.type === 'dictionary_splat') {
      splat = true;
    } else if (index < positional.length) {
      args.set(positional[index++], arg);
    }
  }
  const staticString = (parameter: string): StaticString | undefined => {
    const node = args.get(parameter);
    if (!node) return undefined;
    const resolved = constants.string(node);
    const literal = node.type === 'string' && resolved.value !== undefined && /^["']$/.test(node.firstChild?.text ?? '') && node.text.slice(1, -1) === resolved.value;
    return { value: resolved.value, range: rangeOf(node), ...(resolved.unresolved ? { unresolved: resolved.unresolved } : {}), ...(literal ? { literal } : {}) };
  };
  const nameArgument = staticString('name') ?? (splat ? { value: undefined, range: rangeOf(call), unresolved: 'the name is passed in *args or **kwargs' } : undefined);
  const parts = ['namespace', 'subsystem', 'unit'].map((p) => staticString(p));
  const partsResolved = parts.every((p) => p === undefined || p.value !== undefined) && !(splat && parts.some((p) => p === undefined));
  const family = nameArgument?.value !== undefined && nameArgument.value !== '' && partsResolved
    ? prometheusClientFamily(metricClass, { name: nameArgument.value, namespace: parts[0]?.value, subsystem: parts[1]?.value, unit: parts[2]?.value })
    : undefined;

  let labelNames: StaticString[] | undefined;
  let labelNamesUnresolved: string | undefined;
  const labelNode = args.get('labelnames');
  if (labelNode) {
    const elements = constants.elements(labelNode);
    if (elements.value === undefined) labelNamesUnresolved = elements.unresolved;
    else {
      labelNames = elements.value.map((element) => {
        const resolved = constants.string(element);
        return { value: resolved.value, range: rangeOf(element), ...(resolved.unresolved ? { unresolved: resolved.unresolved } : {}) };
      });
      if (labelNames.length === 0) labelNames = undefined;
    }
  } else if (splat) {
    labelNamesUnresolved = 'the label names may be passed in *args or **kwargs';
  }

  let buckets: { value: number; range: TextRange }[] | undefined;
  const bucketNode = metricClass === 'Histogram' ? args.get('buckets') : undefined;
  if (bucketNode) {
    const elements = constants.elements(bucketNode);
    const values = elements.value?.map((element) => ({ resolved: constants.number(element), range: rangeOf(element) }));
    if (values && values.every((v) => v.resolved.value !== undefined)) buckets = values.map((v) => ({ value: v.resolved.value!, range: v.range }));
  }
  const bucketsUnresolved = metricClass !== 'Histogram' || buckets ? undefined
    : bucketNode ? `"${bucketNode.text}" is not a list of numbers written in this file` : splat ? 'the buckets may be passed in *args or **kwargs' : undefined;

  const multiprocessNode = metricClass === 'Gauge' ? args.get('multiprocess_mode') : undefined;
  const splatText = splat ? call.childForFieldName('arguments')?.namedChildren.find((a) => a?.type === 'list_splat' || a?.type === 'dictionary_splat')?.text : undefined;
  const multiprocessMode = multiprocessNode ? (constants.string(multiprocessNode).value ?? multiprocessNode.text) : metricClass === 'Gauge' ? splatText : undefined;
  const help = args.get('documentation');
  const definition: MetricDefinition = {
    library: 'prometheus_client',
    metricClass,
    range: rangeOf(call),
    nameArgument,
    family,
    exposed: family === undefined ? [] : prometheusClientExposedNames(metricClass, family),
    help: help ? constants.string(help).value : undefined,
    labelNames,
    ...(labelNamesUnresolved ? { labelNamesUnresolved } : {}),
    buckets,
    ...(bucketsUnresolved ? { bucketsUnresolved } : {}),
    binding: bindingOf(call, ancestors),
    ...(multiprocessMode !== undefined ? { multiprocessMode } : {}),
  };
  return { definition, call, ancestors, argumentsByName: args, splat };
}

/** What the constructed metric is assigned to: `REQUESTS`, `self.requests`, `cls.requests`. */
function bindingOf(call: Node, ancestors: readonly Node[]): string | undefined {
  let node = call;
  let up = 0;
  while (ancestors[up]?.type === 'parenthesized_expression') node = ancestors[up++];
  const parent = ancestors[up];
  if (parent?.type !== 'assignment' || parent.childForFieldName('right')?.id !== node.id) return undefined;
  const left = parent.childForFieldName('left');
  return left && (left.type === 'identifier' || left.type === 'attribute') ? left.text : undefined;
}

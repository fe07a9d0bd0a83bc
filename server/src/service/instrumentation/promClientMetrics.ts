import type { Node } from 'web-tree-sitter';
import type { Problem } from '../diagnostic';
import type { TextRange } from '../promql/syntaxTree';
import { JsConstants, memberPath, propertyKey, rangeOf, shorten, unwrapExpression, type NumberItem } from './jsStaticValues';
import type { LintSettings } from '../lint/lintSettings';
import type { StaticString } from './metricDefinition';
import type { PromClientDefinition } from './promClientDefinition';
import { nodesOf, type JsNodes } from './jsNodeIndex';
import { exponentialBuckets, linearBuckets, PROM_CLIENT_CLASSES, promClientExposedNames, promClientFamily, type PromClientClass, type PromClientFormat } from './promClientNames';
import { checkPromClientCallSites } from './promClientCallSites';
import { checkPromClientDefinition } from './promClientDefinitionChecks';

/*
 * The reader of JavaScript and TypeScript code that uses prom-client: it finds the module however it
 * is imported (`require`, `import * as`, default and named imports, under any alias), every
 * `new Counter|Gauge|Histogram|Summary({ … })` of it with the name, help, label names and buckets
 * the configuration object gives, and what each is bound to, so that `.labels()`, `.inc()`,
 * `.observe()`, `.set()` and `.startTimer()` calls find their definition. Works on a tree-sitter
 * tree of the javascript, typescript or tsx grammar; offsets are UTF-16 indexes of the text.
 */

/** How the file reaches prom-client. */
export interface PromClientImports {
  /** Names bound to the whole module (`client` of `require('prom-client')`, `import * as client`). */
  readonly modules: ReadonlySet<string>;
  /** Names bound to one of its metric classes (`Counter`, `C` of `import { Counter as C }`). */
  readonly classes: ReadonlyMap<string, PromClientClass>;
  /** Names bound to its bucket generators. */
  readonly bucketGenerators: ReadonlyMap<string, 'linearBuckets' | 'exponentialBuckets'>;
}

/** What a JavaScript/TypeScript file defines with prom-client, and its findings. */
export interface PromClientRead {
  readonly definitions: readonly PromClientDefinition[];
  readonly problems: readonly Problem[];
}

/** Reads a parsed JavaScript, TypeScript or TSX file (the caller keeps the tree; nothing here holds on to its nodes). */
export function readPromClientMetrics(program: Node, text: string, settings: LintSettings): PromClientRead {
  const nodes = nodesOf(program);
  const imports = readImports(nodes);
  if (imports.modules.size === 0 && imports.classes.size === 0 && imports.bucketGenerators.size === 0) return { definitions: [], problems: [] };
  const constants = new JsConstants(program);
  const formats = registryFormats(text, nodes);
  const definitions: PromClientDefinition[] = [];
  for (const node of nodes.newExpressions) {
    const metricClass = classOf(node.childForFieldName('constructor'), imports);
    if (metricClass) definitions.push(readDefinition(node, metricClass, imports, constants, formats));
  }
  const problems: Problem[] = [];
  for (const definition of definitions) problems.push(...checkPromClientDefinition(definition, settings));
  for (const problem of checkPromClientCallSites(nodes, definitions, constants, settings)) problems.push(problem);
  problems.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  return { definitions, problems };
}

function isPromClientSource(node: Node | null | undefined): boolean {
  if (node?.type !== 'string') return false;
  const value = node.text.slice(1, -1);
  return value === 'prom-client';
}

/** `require('prom-client')`, `await import('prom-client')`. */
function isModuleLoad(node: Node): boolean {
  let expression = unwrapExpression(node);
  if (expression.type === 'await_expression') expression = unwrapExpression(expression.namedChild(0) ?? expression);
  if (expression.type !== 'call_expression') return false;
  const callee = expression.childForFieldName('function');
  const args = expression.childForFieldName('arguments');
  return (callee?.type === 'identifier' && callee.text === 'require') || callee?.type === 'import'
    ? isPromClientSource(args?.namedChild(0))
    : false;
}

function bindExport(name: string, local: string, classes: Map<string, PromClientClass>, generators: Map<string, 'linearBuckets' | 'exponentialBuckets'>): void {
  if (PROM_CLIENT_CLASSES.has(name)) classes.set(local, name as PromClientClass);
  else if (name === 'linearBuckets' || name === 'exponentialBuckets') generators.set(local, name);
}

/** `{ Counter, Histogram: H }` destructured from the module. */
function bindPattern(pattern: Node, classes: Map<string, PromClientClass>, generators: Map<string, 'linearBuckets' | 'exponentialBuckets'>): void {
  for (const part of pattern.namedChildren) {
    if (part?.type === 'shorthand_property_identifier_pattern') bindExport(part.text, part.text, classes, generators);
    else if (part?.type === 'pair_pattern') {
      const key = part.childForFieldName('key');
      const local = part.childForFieldName('value');
      if (key && local?.type === 'identifier') bindExport(key.text, local.text, classes, generators);
    }
  }
}

export function readImports(nodes: JsNodes): PromClientImports {
  const modules = new Set<string>();
  const classes = new Map<string, PromClientClass>();
  const generators = new Map<string, 'linearBuckets' | 'exponentialBuckets'>();
  for (const statement of nodes.imports) {
    const requireClause = statement.namedChildren.find((child) => child?.type === 'import_require_clause');
    if (requireClause) {
      // TypeScript's `import client = require('prom-client')`.
      const name = requireClause.namedChild(0);
      if (name?.type === 'identifier' && isPromClientSource(requireClause.childForFieldName('source'))) modules.add(name.text);
      continue;
    }
    if (!isPromClientSource(statement.childForFieldName('source'))) continue;
    const clause = statement.namedChildren.find((child) => child?.type === 'import_clause');
    for (const part of clause?.namedChildren ?? []) {
      if (part?.type === 'identifier') modules.add(part.text);
      else if (part?.type === 'namespace_import') {
        const name = part.namedChildren.find((child) => child?.type === 'identifier');
        if (name) modules.add(name.text);
      } else if (part?.type === 'named_imports') {
        for (const specifier of part.namedChildren) {
          const name = specifier?.childForFieldName('name');
          if (specifier?.type !== 'import_specifier' || !name) continue;
          bindExport(name.text, specifier.childForFieldName('alias')?.text ?? name.text, classes, generators);
        }
      }
    }
  }
  for (const declarator of nodes.declarators) {
    // Reading a node's fields crosses into WebAssembly: its text (a slice of the source) says first whether it can matter.
    const code = declarator.text;
    if (!code.includes('prom-client') && !(code.startsWith('{') && [...modules].some((module) => code.endsWith(module)))) continue;
    const name = declarator.childForFieldName('name');
    const value = declarator.childForFieldName('value');
    if (!name || !value) continue;
    const expression = unwrapExpression(value);
    if (isModuleLoad(expression)) {
      if (name.type === 'identifier') modules.add(name.text);
      else if (name.type === 'object_pattern') bindPattern(name, classes, generators);
    } else if (expression.type === 'identifier' && modules.has(expression.text) && name.type === 'object_pattern') {
      // `const { Counter } = client`.
      bindPattern(name, classes, generators);
    } else if (expression.type === 'member_expression' && name.type === 'identifier') {
      // `const Counter = require('prom-client').Counter`.
      const object = expression.childForFieldName('object');
      const property = expression.childForFieldName('property');
      if (object && property && isModuleLoad(object)) bindExport(property.text, name.text, classes, generators);
    }
  }
  return { modules, classes, bucketGenerators: generators };
}

/** The metric class a `new` expression constructs, if it is prom-client's. */
function classOf(constructor: Node | null, imports: PromClientImports): PromClientClass | undefined {
  if (!constructor) return undefined;
  const callee = unwrapExpression(constructor);
  if (callee.type === 'identifier') return imports.classes.get(callee.text);
  if (callee.type !== 'member_expression') return undefined;
  const object = callee.childForFieldName('object');
  const property = callee.childForFieldName('property')?.text;
  if (!object || !property || !PROM_CLIENT_CLASSES.has(property)) return undefined;
  const owner = unwrapExpression(object);
  return (owner.type === 'identifier' && imports.modules.has(owner.text)) || isModuleLoad(owner) ? property as PromClientClass : undefined;
}

function readDefinition(node: Node, promClass: PromClientClass, imports: PromClientImports, constants: JsConstants, formats: RegistryFormats): PromClientDefinition {
  const range = rangeOf(node);
  const binding = bindingOf(node);
  const base = { library: 'prom-client' as const, metricClass: promClass, promClass, range, binding };
  const argument = node.childForFieldName('arguments')?.namedChildren.find((child) => child?.type !== 'comment');
  let config = argument ? unwrapExpression(argument) : undefined;
  // A configuration object the file changes after writing it (`opts.labelNames.push(…)`) is not read.
  const changed = config?.type === 'identifier' && constants.propertiesChanged(config.text);
  if (config?.type === 'identifier' && !changed) config = constants.initialiser(config.text, config) ?? config;
  if (config?.type !== 'object') {
    const why = changed ? `the configuration ${shorten(config!.text)} is changed after it is written` : config ? `the configuration ${shorten(config.text)} is not an object literal of this file` : 'the constructor has no configuration';
    return {
      ...base, nameArgument: config ? { value: undefined, range: rangeOf(config), unresolved: why } : undefined, family: undefined, exposed: [],
      help: undefined, labelNames: undefined, labelNamesUnresolved: why, buckets: undefined,
      exemplars: false, labelNamesComplete: false, requestHandler: requestHandlerOf(node),
    };
  }
  const hasSpread = config.namedChildren.some((member) => member?.type === 'spread_element');
  const format = formatOf(JsConstants.property(config, 'registers'), formats);
  const nameNode = JsConstants.property(config, 'name');
  const nameArgument: StaticString | undefined = nameNode
    ? (nameNode.type === 'shorthand_property_identifier' ? withRange(constants.string(nameNode), rangeOf(nameNode)) : constants.string(nameNode))
    : hasSpread ? { value: undefined, range: rangeOf(config), unresolved: 'the name comes from a spread object' } : undefined;
  const name = nameArgument?.value;
  const helpNode = JsConstants.property(config, 'help');
  const help = helpNode ? constants.string(helpNode).value : undefined;
  const labels = readLabelNames(config, constants, hasSpread);
  const buckets = promClass === 'Histogram' ? readBuckets(JsConstants.property(config, 'buckets'), imports, constants) : undefined;
  const exemplarsNode = JsConstants.property(config, 'enableExemplars');
  return {
    ...base,
    nameArgument,
    family: name === undefined ? undefined : promClientFamily(promClass, name, format),
    exposed: name === undefined ? [] : promClientExposedNames(promClass, name, format),
    help,
    labelNames: labels.names,
    ...(labels.unresolved ? { labelNamesUnresolved: labels.unresolved } : {}),
    buckets,
    exemplars: exemplarsNode?.type === 'true',
    labelNamesComplete: labels.complete,
    // A metric given its own registers may be built per request on purpose (a registry per scrape).
    requestHandler: JsConstants.property(config, 'registers') ? undefined : requestHandlerOf(node),
  };
}

function withRange(value: StaticString, range: TextRange): StaticString {
  return { ...value, range };
}

function readLabelNames(config: Node, constants: JsConstants, hasSpread: boolean): { names: readonly StaticString[] | undefined; complete: boolean; unresolved?: string } {
  const node = JsConstants.property(config, 'labelNames');
  if (!node) return hasSpread ? { names: undefined, complete: false, unresolved: 'the label names may come from a spread object' } : { names: undefined, complete: true };
  const list = constants.list(node, (element) => constants.string(element));
  if ('unresolved' in list) return { names: undefined, complete: false, unresolved: list.unresolved };
  const unresolvedItem = list.items.find((item) => item.value === undefined);
  const unresolved = list.incomplete ?? unresolvedItem?.unresolved;
  return { names: list.items, complete: unresolved === undefined, ...(unresolved ? { unresolved } : {}) };
}

/** Buckets written as numbers, a const list, or `linearBuckets`/`exponentialBuckets` of constants; undefined otherwise. */
function readBuckets(node: Node | undefined, imports: PromClientImports, constants: JsConstants): readonly NumberItem[] | undefined {
  if (!node) return undefined;
  const expression = unwrapExpression(node);
  if (expression.type === 'call_expression') return generatedBuckets(expression, imports, constants);
  const list = constants.list(expression, (element) => ({ value: constants.number(element), range: rangeOf(element) }));
  if ('unresolved' in list || list.incomplete) return undefined;
  const items: NumberItem[] = [];
  for (const item of list.items) {
    if (item.value === undefined) return undefined;
    items.push({ value: item.value, range: item.range });
  }
  return items;
}

function generatedBuckets(call: Node, imports: PromClientImports, constants: JsConstants): readonly NumberItem[] | undefined {
  const callee = call.childForFieldName('function');
  let generator: string | undefined;
  if (callee?.type === 'identifier') generator = imports.bucketGenerators.get(callee.text);
  else if (callee?.type === 'member_expression') {
    const object = callee.childForFieldName('object');
    const property = callee.childForFieldName('property')?.text;
    if (object?.type === 'identifier' && imports.modules.has(object.text) && (property === 'linearBuckets' || property === 'exponentialBuckets')) generator = property;
  }
  const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((arg): arg is Node => !!arg && arg.type !== 'comment').map((arg) => constants.number(arg));
  if (!generator || args.length !== 3 || args.some((value) => value === undefined)) return undefined;
  const [a, b, c] = args as [number, number, number];
  const values = generator === 'linearBuckets' ? linearBuckets(a, b, c) : exponentialBuckets(a, b, c);
  const range = rangeOf(call);
  return values?.map((value) => ({ value, range }));
}

/**
 * The exposition each registry writes: a registry switched to OpenMetrics writes every counter
 * sample as `<family>_total`. The default registry is switched by `register.setContentType(…)`;
 * others are created so (`new Registry(Registry.OPENMETRICS_CONTENT_TYPE)`) and bound to a name.
 */
interface RegistryFormats {
  readonly defaultRegistry: PromClientFormat;
  /** The names bound to a registry created for OpenMetrics. */
  readonly openMetricsRegistries: ReadonlySet<string>;
}

const OPENMETRICS = /OPENMETRICS_CONTENT_TYPE|openMetricsContentType/;

function registryFormats(text: string, nodes: JsNodes): RegistryFormats {
  if (!OPENMETRICS.test(text)) return { defaultRegistry: 'prometheus', openMetricsRegistries: new Set() };
  const openMetricsRegistries = new Set<string>();
  for (const declarator of nodes.declarators) {
    if (!OPENMETRICS.test(declarator.text)) continue;
    const name = declarator.childForFieldName('name');
    const value = declarator.childForFieldName('value');
    const created = value ? unwrapExpression(value) : undefined;
    if (name?.type === 'identifier' && created?.type === 'new_expression' && /Registry$/.test(created.childForFieldName('constructor')?.text ?? '') && OPENMETRICS.test(created.childForFieldName('arguments')?.text ?? '')) {
      openMetricsRegistries.add(name.text);
    }
  }
  const switched = /\bsetContentType\s*\([^)]*(OPENMETRICS_CONTENT_TYPE|openMetricsContentType)|\bcontentType\s*=\s*[\w.]*(OPENMETRICS_CONTENT_TYPE|openMetricsContentType)/.test(text);
  return { defaultRegistry: switched ? 'openmetrics' : 'prometheus', openMetricsRegistries };
}

/** The format a definition's `registers` write (the default registry's when it names none). */
function formatOf(registers: Node | undefined, formats: RegistryFormats): PromClientFormat {
  const list = registers ? unwrapExpression(registers) : undefined;
  if (list?.type !== 'array') return formats.defaultRegistry;
  const names = list.namedChildren.filter((element): element is Node => !!element && element.type !== 'comment').map((element) => memberPath(element.text));
  if (names.some((name) => formats.openMetricsRegistries.has(name))) return 'openmetrics';
  return names.some((name) => /(^|\.)(register|globalRegistry)$/.test(name)) ? formats.defaultRegistry : 'prometheus';
}

/** What the new metric is stored in, as call sites write it: `requests`, `this.requests`, `metrics.up`. */
function bindingOf(node: Node): string | undefined {
  let current = node;
  while (current.parent && (current.parent.type === 'parenthesized_expression' || current.parent.type === 'as_expression' || current.parent.type === 'satisfies_expression' || current.parent.type === 'non_null_expression')) current = current.parent;
  const parent = current.parent;
  if (!parent) return undefined;
  switch (parent.type) {
    case 'variable_declarator': {
      const name = parent.childForFieldName('name');
      return name?.type === 'identifier' ? name.text : undefined;
    }
    case 'assignment_expression': {
      const left = parent.childForFieldName('left');
      return left && parent.childForFieldName('right')?.id === current.id ? memberPath(left.text) : undefined;
    }
    case 'public_field_definition':
    case 'field_definition': {
      const name = parent.childForFieldName('name') ?? parent.childForFieldName('property');
      return name ? `this.${name.text}` : undefined;
    }
    case 'pair': {
      // `const metrics = { requests: new Counter(…) }`.
      const object = parent.parent;
      const key = propertyKey(parent);
      const owner = object?.type === 'object' ? object.parent : undefined;
      const ownerName = owner?.type === 'variable_declarator' ? owner.childForFieldName('name') : undefined;
      return key && ownerName?.type === 'identifier' ? `${ownerName.text}.${key}` : undefined;
    }
    default:
      return undefined;
  }
}

const FUNCTIONS = new Set(['function_declaration', 'function_expression', 'arrow_function', 'method_definition', 'generator_function_declaration', 'generator_function']);

/** The methods that register a route handler on Express, Koa routers, Fastify, Hapi-like servers. */
const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options', 'all', 'use', 'route']);

/** Parameters that only a request handler has. */
const HANDLER_PARAMETERS = /^\(\s*(req|request)\s*(:[^,]*)?,\s*(res|reply|response)\b/;

/** The request handler a node is in, as a message names it; undefined when it is not in one. */
/** The condition of an `if` that constructs only when nothing is there yet (`!x`, `x == null`, `x === undefined`, `!map.has(k)`). */
const CREATE_ONCE_CONDITION = /^\(\s*!|(?:===?|!==?)\s*(?:null|undefined)\b|\b(?:null|undefined)\s*(?:===?|!==?)/;

function requestHandlerOf(node: Node): string | undefined {
  let fn: Node | null = node.parent;
  while (fn && !FUNCTIONS.has(fn.type)) {
    // Guarded constructions run once: `register.getSingleMetric('x') ?? new Counter(…)`, `if (!…getSingleMetric(…))`, or a `try` that catches the second registration.
    if (fn.type === 'try_statement' || ((fn.type === 'binary_expression' || fn.type === 'if_statement') && fn.text.includes('getSingleMetric'))) return undefined;
    // …or one that runs only when nothing is there yet: `if (!counter)`, `if (cache[k] === undefined)`, `counter ??= new Counter(…)`.
    if (fn.type === 'if_statement' && CREATE_ONCE_CONDITION.test(fn.childForFieldName('condition')?.text ?? '')) return undefined;
    if (fn.type === 'augmented_assignment_expression' && /^(?:\?\?|\|\|)=$/.test(fn.childForFieldName('operator')?.text ?? '')) return undefined;
    fn = fn.parent;
  }
  if (!fn) return undefined;
  const parameters = fn.childForFieldName('parameters') ?? fn.childForFieldName('parameter');
  const args = fn.parent?.type === 'arguments' ? fn.parent : undefined;
  const call = args?.parent?.type === 'call_expression' ? args.parent : undefined;
  const callee = call?.childForFieldName('function');
  const method = callee?.type === 'member_expression' ? callee.childForFieldName('property')?.text : undefined;
  const first = args?.namedChild(0);
  if (callee && method && ROUTE_METHODS.has(method) && first?.type === 'string') return `${memberPath(callee.text)}(${first.text}, …)`;
  if (parameters && HANDLER_PARAMETERS.test(parameters.text)) {
    const name = fn.childForFieldName('name')?.text;
    return name ? `${name}${parameters.text.replace(/\s+/g, ' ')}` : `${parameters.text.replace(/\s+/g, ' ')} => …`;
  }
  return undefined;
}

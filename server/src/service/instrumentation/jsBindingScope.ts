import type { Node } from 'web-tree-sitter';

/*
 * Whether a name used in JavaScript/TypeScript code is the prom-client metric a definition was
 * stored in, by the language's scoping (to the function, which is coarser than blocks and so
 * only ever silent): a name declared inside a function is that function's own; a module-level
 * name is another value inside a function that declares the same name itself (a parameter, a
 * `const`/`let`/`var`, a loop variable, a `catch` binding); `this.x` of one class is not `this.x`
 * of another. Helpers that take any metric as `counter` or `metric` got the label checks of a
 * definition of that name elsewhere: false errors.
 */

const FUNCTIONS: ReadonlySet<string> = new Set(['function_declaration', 'function_expression', 'function', 'arrow_function', 'method_definition', 'generator_function_declaration', 'generator_function']);
const CLASSES: ReadonlySet<string> = new Set(['class_declaration', 'class', 'abstract_class_declaration']);

/**
 * Whether `use` (a call's receiver, written as `binding`) refers to the metric constructed at
 * `definition` (its offsets in the same tree).
 */
export function jsBindingReaches(binding: string, definition: { readonly start: number; readonly end: number }, use: Node): boolean {
  const constructed = use.tree.rootNode.descendantForIndex(definition.start, definition.end);
  if (!constructed) return true;
  if (binding.includes('.')) {
    if (!binding.startsWith('this.')) return true;
    const definedIn = enclosing(constructed, CLASSES);
    return definedIn === undefined || enclosing(use, CLASSES)?.id === definedIn.id;
  }
  const definedIn = enclosing(constructed, FUNCTIONS);
  if (definedIn !== undefined && !(use.startIndex >= definedIn.startIndex && use.endIndex <= definedIn.endIndex)) return false;
  for (let node = use.parent; node && node.id !== definedIn?.id; node = node.parent) {
    if (FUNCTIONS.has(node.type) && declaresItself(node, binding)) return false;
  }
  return true;
}

function enclosing(node: Node, types: ReadonlySet<string>): Node | undefined {
  for (let n = node.parent; n; n = n.parent) if (types.has(n.type)) return n;
  return undefined;
}

/** Read on the text: a default value or an inner function that mentions the name makes it silent, never wrong. */
function declaresItself(fn: Node, name: string): boolean {
  const word = `(?<![\\w$.])${name.replace(/[$]/g, '\\$')}(?![\\w$])`;
  const parameters = fn.childForFieldName('parameters') ?? fn.childForFieldName('parameter');
  if (parameters && new RegExp(word).test(parameters.text)) return true;
  const body = fn.childForFieldName('body')?.text ?? '';
  return new RegExp(`\\b(?:const|let|var)\\s+(?:[{[][^=;]*)?${word}|\\bcatch\\s*\\(\\s*${word}`).test(body);
}

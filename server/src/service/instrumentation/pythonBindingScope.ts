import type { Node } from 'web-tree-sitter';

/*
 * Whether a name used in Python code is the metric a definition was assigned to, by Python's
 * scoping: a name assigned inside a function is that function's own, one assigned in a class body
 * is not seen from the class's methods; a module-level name is another value inside a function,
 * lambda or comprehension that binds the same name itself (a parameter, a loop variable,
 * `with … as`, `except … as`, `:=`); `self.x` of one class is not `self.x` of another. Real code reuses short names (`counter`, `metric`, `histogram`) for
 * parameters of helpers that take any metric: tying those uses to one definition gave false errors.
 */

const FUNCTION_SCOPES: ReadonlySet<string> = new Set(['function_definition', 'lambda']);
const COMPREHENSIONS: ReadonlySet<string> = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);

/**
 * Whether `use` (the receiver of `.labels(...)`, `.inc()`…, written as `binding`) refers to the
 * metric that `definition` (its constructor call) was assigned to.
 */
export function bindingReaches(binding: string | undefined, definition: Node, use: Node): boolean {
  if (binding === undefined) return false;
  const owner = binding.split('.')[0];
  if (binding.includes('.')) {
    if (owner !== 'self' && owner !== 'cls') return true;
    // `self.x` means the instance of the class whose method assigned it.
    const definedIn = enclosing(definition, (n) => n.type === 'class_definition');
    return definedIn === undefined || enclosing(use, (n) => n.type === 'class_definition')?.id === definedIn.id;
  }
  const definedIn = enclosing(definition, (n) => FUNCTION_SCOPES.has(n.type) || n.type === 'class_definition');
  if (definedIn !== undefined && !within(use, definedIn)) return false;
  for (let node = use.parent; node && node.id !== definedIn?.id; node = node.parent) {
    // A class body's names are not seen from its methods (they write `self.x` or `Class.x`).
    if (definedIn?.type === 'class_definition' && FUNCTION_SCOPES.has(node.type)) return false;
    if ((FUNCTION_SCOPES.has(node.type) || COMPREHENSIONS.has(node.type)) && bindsItself(node, binding)) return false;
  }
  return true;
}

function enclosing(node: Node, test: (n: Node) => boolean): Node | undefined {
  for (let n = node.parent; n; n = n.parent) if (test(n)) return n;
  return undefined;
}

function within(node: Node, ancestor: Node): boolean {
  return node.startIndex >= ancestor.startIndex && node.endIndex <= ancestor.endIndex;
}

/**
 * Whether a function, lambda or comprehension binds `name` of its own (its assignments are
 * counted file-wide by the caller). Read on the text: a default value or a nested function that
 * mentions the name makes it silent, never wrong.
 */
function bindsItself(scope: Node, name: string): boolean {
  const word = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const parameters = scope.childForFieldName('parameters');
  if (parameters && new RegExp(`(?<![\\p{L}\\p{N}_])${word}(?![\\p{L}\\p{N}_])`, 'u').test(parameters.text)) return true;
  if (scope.type === 'lambda') return false;
  const body = COMPREHENSIONS.has(scope.type) ? scope.text : (scope.childForFieldName('body')?.text ?? '');
  return new RegExp(`\\bfor\\s[^:\\n]*?(?<![\\p{L}\\p{N}_.])${word}(?![\\p{L}\\p{N}_])[^:\\n]*?\\sin\\b|\\bas\\s+${word}(?![\\p{L}\\p{N}_])|(?<![\\p{L}\\p{N}_.])${word}\\s*:=`, 'u').test(body);
}

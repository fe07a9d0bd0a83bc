import type { Node } from 'web-tree-sitter';

/*
 * The nodes of a JavaScript/TypeScript tree that the prom-client reader looks at, gathered in one
 * walk: every walk of a web-tree-sitter tree crosses into WebAssembly for each node it returns, and
 * on a 6,000-line file one walk costs about as much as the rest of the reading.
 */

/** The nodes by kind, each list in document order (an enclosing call before the calls inside it). */
export interface JsNodes {
  readonly imports: readonly Node[];
  readonly declarators: readonly Node[];
  readonly newExpressions: readonly Node[];
  readonly calls: readonly Node[];
}

export function nodesOf(program: Node): JsNodes {
  const nodes = { imports: [] as Node[], declarators: [] as Node[], newExpressions: [] as Node[], calls: [] as Node[] };
  for (const node of program.descendantsOfType(['import_statement', 'variable_declarator', 'new_expression', 'call_expression'])) {
    switch (node?.type) {
      case 'import_statement': nodes.imports.push(node); break;
      case 'variable_declarator': nodes.declarators.push(node); break;
      case 'new_expression': nodes.newExpressions.push(node); break;
      case 'call_expression': nodes.calls.push(node); break;
    }
  }
  return nodes;
}

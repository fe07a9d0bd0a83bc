import { AGGREGATIONS } from '../promql/aggregations';
import { enclosingCallAt } from '../promql/completionContext';
import { FUNCTIONS } from '../promql/functions';
import { documentedType } from '../promql/valueType';
import type { PromQLAtOffset } from './promqlAtOffset';

/*
 * Signature help inside the parentheses of a PromQL function or aggregation: the parameters with
 * their types, and which one the cursor is in (a variadic last parameter stays active however many
 * arguments follow it). The answer is the service's own data; lsp/ turns it into LSP's SignatureHelp.
 */

/** The signature of the call around the cursor. */
export interface Signature {
  /** `name(p1: type, p2: type): type`. */
  readonly label: string;
  /** Plain text. */
  readonly documentation: string;
  /** Where each parameter stands in `label`, end exclusive. */
  readonly parameters: readonly { readonly start: number; readonly end: number }[];
  /** The parameter the cursor is in (index into `parameters`). */
  readonly activeParameter: number;
}

export function signatureHelpPromQL(at: PromQLAtOffset): Signature | null {
  const call = enclosingCallAt(at.text, at.offset);
  if (!call) return null;
  let documentation: string;
  let parameters: string[];
  let name: string;
  let returned: string;
  if (call.kind === 'function') {
    const f = FUNCTIONS.get(call.name);
    if (!f) return null;
    parameters = f.parameters.map((p, i) => {
      const optional = f.variadic !== 0 && i === f.parameters.length - 1;
      return `${p.name}${optional ? '?' : ''}: ${documentedType(p.type)}${f.variadic < 0 && i === f.parameters.length - 1 ? ', …' : ''}`;
    });
    name = f.name;
    documentation = f.doc;
    returned = `: ${documentedType(f.returnType)}`;
  } else {
    const a = AGGREGATIONS.get(call.name);
    if (!a) return null;
    parameters = a.parameter ? [`${a.parameter.name}: ${documentedType(a.parameter.type)}`, 'v: instant vector'] : ['v: instant vector'];
    name = a.name;
    documentation = a.doc;
    returned = ': instant vector';
  }
  const count = parameters.length;
  return { ...labelWith(name, parameters, returned), documentation, activeParameter: count === 0 ? 0 : Math.min(call.argument, count - 1) };
}

/** Builds `name(p1, p2): type`, recording where each parameter stands in it. */
function labelWith(name: string, parameters: string[], suffix: string): Pick<Signature, 'label' | 'parameters'> {
  let label = `${name}(`;
  const ranges: { start: number; end: number }[] = [];
  parameters.forEach((p, i) => {
    if (i > 0) label += ', ';
    ranges.push({ start: label.length, end: label.length + p.length });
    label += p;
  });
  return { label: `${label})${suffix}`, parameters: ranges };
}

import type { SignatureHelp, SignatureInformation } from 'vscode-languageserver-types';
import { AGGREGATIONS } from '../promql/aggregations';
import { enclosingCallAt } from '../promql/completionContext';
import { FUNCTIONS } from '../promql/functions';
import { documentedType } from '../promql/valueType';
import type { PromQLAtOffset } from './promqlAtOffset';

/*
 * Signature help inside the parentheses of a PromQL function or aggregation: the parameters with
 * their types, and which one the cursor is in (a variadic last parameter stays active however many
 * arguments follow it).
 */
export function signatureHelpPromQL(at: PromQLAtOffset): SignatureHelp | null {
  const call = enclosingCallAt(at.text, at.offset);
  if (!call) return null;
  let signature: SignatureInformation;
  let count: number;
  if (call.kind === 'function') {
    const f = FUNCTIONS.get(call.name);
    if (!f) return null;
    const parameters = f.parameters.map((p, i) => {
      const optional = f.variadic !== 0 && i === f.parameters.length - 1;
      return `${p.name}${optional ? '?' : ''}: ${documentedType(p.type)}${f.variadic < 0 && i === f.parameters.length - 1 ? ', …' : ''}`;
    });
    signature = { label: '', parameters: [], documentation: f.doc };
    signature.label = labelWith(f.name, parameters, signature, `: ${documentedType(f.returnType)}`);
    count = parameters.length;
  } else {
    const a = AGGREGATIONS.get(call.name);
    if (!a) return null;
    const parameters = a.parameter ? [`${a.parameter.name}: ${documentedType(a.parameter.type)}`, 'v: instant vector'] : ['v: instant vector'];
    signature = { label: '', parameters: [], documentation: a.doc };
    signature.label = labelWith(a.name, parameters, signature, ': instant vector');
    count = parameters.length;
  }
  return { signatures: [signature], activeSignature: 0, activeParameter: count === 0 ? 0 : Math.min(call.argument, count - 1) };
}

/** Builds `name(p1, p2): type`, recording each parameter's offsets in the label (the LSP's [start, end] form). */
function labelWith(name: string, parameters: string[], signature: SignatureInformation, suffix: string): string {
  let label = `${name}(`;
  parameters.forEach((p, i) => {
    if (i > 0) label += ', ';
    signature.parameters!.push({ label: [label.length, label.length + p.length] });
    label += p;
  });
  return `${label})${suffix}`;
}

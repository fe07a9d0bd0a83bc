/** The four value types of PromQL, as Prometheus' type checker names them. */
export type ValueType = 'scalar' | 'vector' | 'matrix' | 'string';

/** The wording Prometheus uses in its messages ("instant vector", "range vector", …). */
export function documentedType(type: ValueType | 'none'): string {
  switch (type) {
    case 'vector':
      return 'instant vector';
    case 'matrix':
      return 'range vector';
    case 'none':
      return 'none';
    default:
      return type;
  }
}

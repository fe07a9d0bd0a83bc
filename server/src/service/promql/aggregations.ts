import type { ValueType } from './valueType';

/** One PromQL aggregation operator (`sum`, `topk`, …). */
export interface PromQLAggregation {
  readonly name: string;
  /** The parameter before the vector (`k` of topk), absent for the plain aggregations. */
  readonly parameter: { readonly name: string; readonly type: ValueType } | null;
  /** Needs `--enable-feature=promql-experimental-functions`. */
  readonly experimental: boolean;
  /** One line of documentation. */
  readonly doc: string;
}

const TABLE: PromQLAggregation[] = [
  { name: 'sum', parameter: null, experimental: false, doc: 'Adds up the sample values of each group.' },
  { name: 'avg', parameter: null, experimental: false, doc: 'The arithmetic mean of the sample values of each group.' },
  { name: 'count', parameter: null, experimental: false, doc: 'How many series each group holds.' },
  { name: 'min', parameter: null, experimental: false, doc: 'The smallest sample value of each group.' },
  { name: 'max', parameter: null, experimental: false, doc: 'The largest sample value of each group.' },
  { name: 'group', parameter: null, experimental: false, doc: 'One series of value 1 per group: which label combinations exist.' },
  { name: 'stddev', parameter: null, experimental: false, doc: 'The population standard deviation of the sample values of each group.' },
  { name: 'stdvar', parameter: null, experimental: false, doc: 'The population variance of the sample values of each group.' },
  { name: 'topk', parameter: { name: 'k', type: 'scalar' }, experimental: false, doc: 'The k series with the largest values in each group, labels kept.' },
  { name: 'bottomk', parameter: { name: 'k', type: 'scalar' }, experimental: false, doc: 'The k series with the smallest values in each group, labels kept.' },
  { name: 'count_values', parameter: { name: 'label', type: 'string' }, experimental: false, doc: 'Counts the series sharing each distinct value, writing the value into the given label.' },
  { name: 'quantile', parameter: { name: 'phi', type: 'scalar' }, experimental: false, doc: 'The φ-quantile (0 ≤ φ ≤ 1) of the sample values of each group.' },
  { name: 'limitk', parameter: { name: 'k', type: 'scalar' }, experimental: true, doc: 'Up to k series of each group, chosen deterministically, labels kept.' },
  { name: 'limit_ratio', parameter: { name: 'ratio', type: 'scalar' }, experimental: true, doc: 'A deterministic sample of about the given ratio (-1 to 1) of the series of each group.' },
];

export const AGGREGATIONS: ReadonlyMap<string, PromQLAggregation> = new Map(TABLE.map((a) => [a.name, a]));

import type { Expr } from '../promql/syntaxTree';
import type { LintRule, PromQLChecks, QueryWalk, RuleFileChecks, RuleGraphCheck } from './lintRule';
import { alertCondition } from './rules/alertCondition';
import { alertFor } from './rules/alertFor';
import { bucketThreshold } from './rules/bucketThreshold';
import { bucketOverflow } from './rules/bucketOverflow';
import { unexposedName } from './rules/unexposedName';
import { cardinalityLabel } from './rules/cardinalityLabel';
import { cardinalitySeries } from './rules/cardinalitySeries';
import { contradictoryMatchers } from './rules/contradictoryMatchers';
import { counterTotal } from './rules/counterTotal';
import { counterWithoutRate } from './rules/counterWithoutRate';
import { forInterval } from './rules/forInterval';
import { histogramLe } from './rules/histogramLe';
import { instrumentationBucketOrder } from './rules/instrumentationBucketOrder';
import { instrumentationBuckets } from './rules/instrumentationBuckets';
import { instrumentationCounterDecrease } from './rules/instrumentationCounterDecrease';
import { instrumentationLabelsMismatch } from './rules/instrumentationLabelsMismatch';
import { instrumentationLabelsMissing } from './rules/instrumentationLabelsMissing';
import { instrumentationMultiprocessGauge } from './rules/instrumentationMultiprocessGauge';
import { instrumentationPerCallDefinition } from './rules/instrumentationPerCallDefinition';
import { instrumentationReservedLabel } from './rules/instrumentationReservedLabel';
import { baseUnit, colon, helpMissing, nameStyle, reservedSuffix, unitPosition } from './rules/naming';
import { queryCost } from './rules/queryCost';
import { rateNonCounter } from './rules/rateNonCounter';
import { rateOfAggregation } from './rules/rateOfAggregation';
import { rateRange } from './rules/rateRange';
import { regexAnchors } from './rules/regexAnchors';
import { regexLiteral } from './rules/regexLiteral';
import { droppedLabel, duplicateRule, recordName } from './rules/ruleFile';
import { evaluationOrder, ruleCycle, unusedRecordingRule } from './rules/ruleGraph';
import { targetLint } from './rules/targetExposition';
import { unknownMetric } from './rules/unknownMetric';
import { vectorMatching } from './rules/vectorMatching';

/*
 * The lint rules, in one list: the table of diagnostic codes takes their ids from here, the docs
 * are written from it, and the linters run it. Adding a rule is one file in `rules/` and one line
 * here. The order is the order of the docs and, for the checks of one node, of the findings.
 */

/** Every lint rule by the name the service's code uses for it (`DIAGNOSTIC_CODES.regexLiteral`). */
export const LINT_CODES = {
  counterTotal, baseUnit, nameStyle, reservedSuffix, unitPosition, colon, helpMissing,
  cardinalityLabel, cardinalitySeries,
  rateNonCounter, histogramLe, rateRange, rateOfAggregation, counterWithoutRate,
  regexLiteral, regexAnchors, contradictoryMatchers, vectorMatching, unknownMetric, queryCost,
  alertCondition, forInterval, alertFor,
  targetLint,
  droppedLabel, duplicateRule, recordName, evaluationOrder, unusedRecordingRule, ruleCycle,
  instrumentationLabelsMismatch, instrumentationLabelsMissing, instrumentationReservedLabel,
  instrumentationBucketOrder, instrumentationBuckets, instrumentationPerCallDefinition,
  instrumentationCounterDecrease, instrumentationMultiprocessGauge,
  bucketThreshold, bucketOverflow, unexposedName,
} as const satisfies Record<string, LintRule>;

export const LINT_RULES: readonly LintRule[] = Object.values(LINT_CODES);

type NodeCheck = (node: Expr, walk: QueryWalk) => void;

/** The PromQL checks of every rule, by the kind of node they read, in the rules' order. */
export const PROMQL_CHECKS: ReadonlyMap<Expr['kind'], readonly NodeCheck[]> = (() => {
  const byKind = new Map<Expr['kind'], NodeCheck[]>();
  for (const rule of LINT_RULES) {
    for (const [kind, check] of Object.entries(rule.promql ?? {}) as [Expr['kind'], PromQLChecks[Expr['kind']]][]) {
      if (!check) continue;
      const list = byKind.get(kind) ?? [];
      list.push(check as NodeCheck);
      byKind.set(kind, list);
    }
  }
  return byKind;
})();

/** The checks of recording rules, in the rules' order. */
export const RECORDING_RULE_CHECKS: readonly NonNullable<RuleFileChecks['recordingRule']>[] = LINT_RULES.flatMap((rule) => (rule.ruleFile?.recordingRule ? [rule.ruleFile.recordingRule] : []));

/** The checks of alerting rules, in the rules' order. */
export const ALERTING_RULE_CHECKS: readonly NonNullable<RuleFileChecks['alertingRule']>[] = LINT_RULES.flatMap((rule) => (rule.ruleFile?.alertingRule ? [rule.ruleFile.alertingRule] : []));

/** The checks against the workspace's rule graph, in the rules' order. */
export const RULE_GRAPH_CHECKS: readonly RuleGraphCheck[] = LINT_RULES.flatMap((rule) => (rule.ruleGraph ? [rule.ruleGraph] : []));

/** The makers of the checks of each `record:` of a rule file, in the rules' order. */
export const RECORD_CHECKS: readonly NonNullable<RuleFileChecks['records']>[] = LINT_RULES.flatMap((rule) => (rule.ruleFile?.records ? [rule.ruleFile.records] : []));

/** The checks of the labels alert templates read, in the rules' order. */
export const TEMPLATE_LABEL_CHECKS: readonly NonNullable<RuleFileChecks['templateLabels']>[] = LINT_RULES.flatMap((rule) => (rule.ruleFile?.templateLabels ? [rule.ruleFile.templateLabels] : []));

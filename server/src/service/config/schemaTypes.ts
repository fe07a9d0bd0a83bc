/*
 * The shape of the Prometheus configuration schema (configSchema.ts): fields with their types,
 * documentation and constraints, taken as facts from Prometheus' own configuration structures. The
 * validator, completion and hover all read it.
 */

/** Value kinds Prometheus' configuration decodes, each validated as Prometheus does. */
export type ScalarKind =
  | 'string'
  | 'bool'
  | 'int'
  | 'float'
  /** model.Duration: `30s`, `5m`, `1h30m`. */
  | 'duration'
  /** units.Base2Bytes: `512MB`, `1GiB`, `0`. */
  | 'size'
  /** An absolute URL (config.URL). */
  | 'url'
  /** A label name (UTF-8 in Prometheus 3.x: any non-empty string). */
  | 'labelName'
  /** A regular expression in RE2 syntax, anchored by Prometheus. */
  | 'regex'
  /** A secret: never echoed in messages. */
  | 'secret'
  /** A path to a file, relative to the configuration file. */
  | 'filePath'
  /** A host:port address. */
  | 'hostPort'
  /** A value whose shape the schema does not describe: accepted as it is. */
  | 'any';

export type FieldType =
  | { readonly kind: ScalarKind }
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  | { readonly kind: 'list'; readonly of: FieldType }
  /** A mapping of free keys (label names, header names…) to values of one type. */
  | { readonly kind: 'map'; readonly keys: 'labelName' | 'string'; readonly of: FieldType }
  /** A mapping with known fields: a named object type of the schema. */
  | { readonly kind: 'object'; readonly type: string };

export interface FieldSpec {
  readonly type: FieldType;
  /** One or two sentences, in our own words. */
  readonly doc: string;
  readonly required?: boolean;
  /** The default Prometheus uses, as written in YAML (`1m`, `http`, `false`). */
  readonly default?: string;
  /** Set when Prometheus still accepts the field but it should no longer be used. */
  readonly deprecated?: string;
}

export interface ObjectSpec {
  readonly doc: string;
  readonly fields: Readonly<Record<string, FieldSpec>>;
  /** Object types whose fields are inlined into this one (Go's `yaml:",inline"`), e.g. the HTTP client settings. */
  readonly inline?: readonly string[];
}

export interface ConfigSchema {
  /** The object type of the whole file. */
  readonly root: string;
  readonly objects: Readonly<Record<string, ObjectSpec>>;
}

import type { PromQLDocument } from './promqlDocument';
import type { YamlDocumentModel } from './yamlDocument';

/*
 * What a parsed document is, for every feature: a `.promql` file's queries, or a YAML file's kind
 * (configuration, rule file, rule tests, scrape configs) with its YAML and embedded queries. Its own
 * module, below the facade and the features, so that they all import it without importing each other.
 */

export type DocumentModel = PromQLDocument | YamlDocumentModel;

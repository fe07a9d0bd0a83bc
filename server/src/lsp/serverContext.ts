import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { Workspace } from '../service/workspace/workspace';
import type { CatalogManager } from '../sources/catalogManager';
import type { Settings } from '../settings/settings';

/*
 * What the handler modules of the LSP edge share (documentSync.ts, languageFeatures.ts,
 * sourceWiring.ts): the connection, the editor's documents, the workspace host, the live sources and
 * the current settings. server.ts builds it once.
 */

export interface ServerContext {
  readonly connection: Connection;
  /** The editor's open documents, kept current by LSP's incremental sync. */
  readonly documents: TextDocuments<TextDocument>;
  readonly workspace: Workspace;
  readonly catalogs: CatalogManager;
  settings(): Settings;
  /** The workspace folders (file: URIs). */
  workspaceFolders(): readonly string[];
  /** A warning for the user (window/showMessage). */
  showWarning(message: string): void;
}

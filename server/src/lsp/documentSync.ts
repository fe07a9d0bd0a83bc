import type { TextDocument } from 'vscode-languageserver-textdocument';
import { FileChangeType, type Diagnostic } from 'vscode-languageserver/node';
import { toLspDiagnostic } from './toLsp';
import { editedSpanOf } from './editorDocuments';
import { isCandidateFile, isMentionFile, languageIdOf, MAX_FILES, MAX_MENTION_FILES, readMentionFile, readWorkspaceFile } from '../fileSystem/workspaceFiles';
import { isWorthParsing, scanWorkspace, walkWorkspace } from '../fileSystem/workspaceScan';
import { isMentionFileName } from '../service/workspace/nameMentions';
import { isProjectMarker } from '../service/workspace/projectScopes';
import { codeLanguage } from '../service/documents/documentLanguage';
import { formatError, runSafeNotification } from './runSafe';
import type { ServerContext } from './serverContext';

/*
 * Documents and sync: what the editor and the file system say changes reaches the workspace host,
 * and its findings go back as published diagnostics. Open documents are handed in on every change
 * and validated once a burst of keystrokes ends; closed files are read from disk (the workspace scan
 * of workspaceScan.ts, the file watcher, a closed document); the workspace's other files are read
 * for the recording-rule names they mention, and its code (Python, JavaScript, TypeScript) for the
 * metrics it defines (the workspace's pre-check leaves code without a client library unparsed).
 */

/** Quiet time after the last change before a document is validated again. */
const VALIDATION_DELAY_MS = 75;
/** Quiet time before the other open documents are validated again after a change (the rule graph spans files). */
const REVALIDATION_DELAY_MS = 300;

export interface DocumentSync {
  /** Publishes the findings of an open document now. */
  validate(document: TextDocument): void;
  /** Validates every open document again soon (debounced), but `except`. */
  revalidateAll(except?: string): void;
  /**
   * Reads the workspace's candidate files that are not open, a slice at a time, then validates the
   * open documents again. True when it ended, false when a newer scan replaced it.
   */
  scanWorkspace(): Promise<boolean>;
  /** Reads the workspace's other files for the names they mention, once, a slice at a time. */
  readMentionFiles(): Promise<void>;
  /**
   * After a completion on the document: the validation its keystroke scheduled starts over. An
   * answer is written on a later turn of the event loop (vscode-jsonrpc queues writes with
   * setImmediate); a validation that fell due meanwhile would run first, and the answer would wait
   * for the validation of the whole file. The same version is validated, a little later.
   */
  postponeValidation(uri: string): void;
  /** The last scan: whether it is done, how long it took and how many files it has read (serverStats). */
  scanStatus(): { readonly scanDone: boolean; readonly scanMs: number; readonly scannedFiles: number };
}

/**
 * `extraDiagnostics`: what else is said of a document (what a Prometheus server answered to a query
 * run from it); `grammarsLoading`: the load of a code grammar under way, which the walk waits for.
 */
export function registerDocumentSync(context: ServerContext, extraDiagnostics: (document: TextDocument) => Diagnostic[], grammarsLoading: () => Promise<void> | undefined = () => undefined): DocumentSync {
  const { connection, documents, workspace } = context;

  const validate = (document: TextDocument): void => {
    runSafeNotification(connection, 'validation', () => {
      const findings = workspace.findings(document.uri).map((p) => toLspDiagnostic(document, p));
      void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: [...findings, ...extraDiagnostics(document)] });
    });
  };

  let revalidation: NodeJS.Timeout | undefined;
  const revalidateAll = (except?: string): void => {
    clearTimeout(revalidation);
    revalidation = setTimeout(() => {
      for (const document of documents.all()) if (document.uri !== except) validate(document);
    }, REVALIDATION_DELAY_MS);
  };

  /**
   * A closed file, as it is on disk now (gone when it cannot be read); one a textual look says is
   * another tool's (workspaceScan.ts) is not parsed, only read for its names and the tool it names.
   */
  const applyClosedFile = (uri: string, text: string | null, mayBePrometheus: boolean): void => {
    workspace.applyChange(uri, text, { languageId: languageIdOf(uri), mayBePrometheus });
  };
  const readClosedFile = (uri: string): void => {
    const text = readWorkspaceFile(uri);
    applyClosedFile(uri, text, text !== null && isWorthParsing(uri, text, workspace.forcedKind(uri)));
  };

  let scan = { done: false, ms: 0, files: 0 };
  /** The number of the current scan: new settings start a new one, and the one before stops. */
  let scanNumber = 0;
  const scanFolders = async (): Promise<boolean> => {
    const number = ++scanNumber;
    const started = performance.now();
    scan = { done: false, ms: 0, files: 0 };
    try {
      for await (const file of scanWorkspace(context.workspaceFolders(), { forcedKind: (uri) => workspace.forcedKind(uri) })) {
        if (number !== scanNumber) return false;
        scan.files++;
        if (!documents.get(file.uri)) runSafeNotification(connection, 'workspace indexing', () => applyClosedFile(file.uri, file.text, file.mayBePrometheus));
      }
    } catch (error) {
      connection.console.error(formatError('workspace indexing', error, 'stack'));
    }
    // The project markers, which scope what a project's code says of itself (multiprocess mode).
    const markers: string[] = [];
    for await (const file of walkWorkspace(context.workspaceFolders(), isProjectMarker, MAX_FILES, undefined, isProjectMarker)) markers.push(file.uri);
    if (number !== scanNumber) return false;
    workspace.setProjects(context.workspaceFolders(), markers);
    scan = { done: true, ms: performance.now() - started, files: scan.files };
    revalidateAll();
    return true;
  };

  /**
   * The workspace's other files (dashboards, docs, code), read once for the recording-rule names
   * they mention; the file watcher keeps them current after that, and settings do not change them.
   * A large tree takes seconds to walk and read: it is done a slice of about 10 ms at a time
   * (workspaceScan.ts), so that requests are answered in between, and the rule files are
   * validated again at the end.
   */
  /** A file that is no candidate: code is read for its metrics (and words), the others for their words. */
  const applyOtherFile = (uri: string): void => {
    const text = readMentionFile(uri);
    if (!codeLanguage({ uri, languageId: '' })) workspace.setMentions(uri, text);
    else if (!documents.get(uri)) workspace.applyChange(uri, text); // an open one is read from the editor's text
  };

  let mentionsRead = false;
  const readMentionFiles = async (): Promise<void> => {
    if (mentionsRead) return;
    mentionsRead = true;
    let files = 0;
    for await (const file of walkWorkspace(context.workspaceFolders(), isMentionFileName, MAX_MENTION_FILES)) {
      files++;
      runSafeNotification(connection, 'workspace indexing', () => applyOtherFile(file.uri));
      // The first instrumented module starts loading its grammar: the rest are read with it, not again after.
      const loading = grammarsLoading();
      if (loading) await loading;
    }
    if (files > 0) revalidateAll();
  };

  /**
   * A burst of keystrokes is validated once, shortly after it ends: a large rule file takes long to
   * parse, and requests (completion, hover) parse the current version themselves when they need it.
   */
  const pending = new Map<string, NodeJS.Timeout>();
  const scheduleValidation = (uri: string): void => {
    clearTimeout(pending.get(uri));
    pending.set(uri, setTimeout(() => {
      pending.delete(uri);
      const document = documents.get(uri);
      if (!document) return;
      validate(document);
      revalidateAll(uri);
    }, VALIDATION_DELAY_MS));
  };
  documents.onDidChangeContent((event) => {
    workspace.applyEditorDocument(event.document, editedSpanOf(event.document));
    scheduleValidation(event.document.uri);
  });
  const postponeValidation = (uri: string): void => {
    if (pending.has(uri)) scheduleValidation(uri);
  };
  documents.onDidClose((event) => {
    const uri = event.document.uri;
    clearTimeout(pending.get(uri));
    pending.delete(uri);
    void connection.sendDiagnostics({ uri, diagnostics: [] });
    runSafeNotification(connection, 'indexing', () => readClosedFile(uri));
  });
  connection.onDidChangeWatchedFiles((params) => {
    runSafeNotification(connection, 'file changes', () => {
      for (const change of params.changes) {
        if (documents.get(change.uri)) continue; // open documents are indexed from the editor's text
        if (change.type === FileChangeType.Deleted) workspace.applyChange(change.uri, null);
        else if (isCandidateFile(change.uri)) readClosedFile(change.uri);
        else if (isMentionFile(change.uri, context.workspaceFolders())) applyOtherFile(change.uri);
      }
      revalidateAll();
    });
  });

  const scanStatus = (): ReturnType<DocumentSync['scanStatus']> => ({ scanDone: scan.done, scanMs: scan.ms, scannedFiles: scan.files });
  return { validate, revalidateAll, scanWorkspace: scanFolders, readMentionFiles, postponeValidation, scanStatus };
}

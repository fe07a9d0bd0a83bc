import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';
import {
  createProtocolConnection, InitializeRequest, PublishDiagnosticsNotification, StreamMessageReader, StreamMessageWriter,
  ExitNotification, ShutdownRequest, InitializedNotification, ShowMessageNotification, LogMessageNotification, DidOpenTextDocumentNotification, DidChangeTextDocumentNotification, DidCloseTextDocumentNotification,
  type ClientCapabilities, type Diagnostic, type InitializeResult, type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { REPO_ROOT } from './paths';

/**
 * A client that speaks LSP to `prometheus-lsp serve --stdio` exactly as Neovim, Helix or Emacs do:
 * a child process, JSON-RPC over its stdin and stdout.
 */
export class StdioLanguageClient {
  private readonly process: ChildProcessWithoutNullStreams;
  readonly connection: ProtocolConnection;
  private readonly diagnostics = new Map<string, { version: number | undefined; diagnostics: Diagnostic[] }>();
  private readonly waiters: (() => void)[] = [];
  stderr = '';
  /** `window/showMessage` notifications received, in order. */
  readonly shownMessages: { type: number; message: string }[] = [];
  /** `window/logMessage` notifications received (what an editor writes to the server's log), in order. */
  readonly loggedMessages: { type: number; message: string }[] = [];
  /** The last `prometheus/sourceStatus` notification's sources. */
  sourceStatuses: { id: string; label: string; kind: string; state: string; message?: string; metricCount: number; server?: { product: string; version?: string } }[] = [];

  /**
   * @param nodeArgs options for node itself (`--expose-gc` for exact heap figures)
   * @param command the command line an editor's configuration gives instead (with the environment it runs in)
   */
  constructor(nodeArgs: readonly string[] = [], command?: { command: string; args: readonly string[]; env: NodeJS.ProcessEnv }) {
    this.process = command
      ? spawn(command.command, [...command.args], { stdio: 'pipe', env: command.env })
      : spawn(process.execPath, [...nodeArgs, path.join(REPO_ROOT, 'bin', 'prometheus-lsp.js'), 'serve', '--stdio'], { stdio: 'pipe' });
    this.process.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout), new StreamMessageWriter(this.process.stdin));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.diagnostics.set(params.uri, { version: params.version, diagnostics: params.diagnostics });
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.connection.onNotification(ShowMessageNotification.type, (params) => {
      this.shownMessages.push(params);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.connection.onNotification(LogMessageNotification.type, (params) => {
      this.loggedMessages.push(params);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.connection.onNotification('prometheus/sourceStatus', (params: { sources: StdioLanguageClient['sourceStatuses'] }) => {
      this.sourceStatuses = params.sources;
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.connection.listen();
  }

  /** Waits until `condition` holds (checked on every notification and every 100 ms), or fails after `timeoutMs`. */
  async waitUntil(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; sources: ${JSON.stringify(this.sourceStatuses)}; messages: ${JSON.stringify(this.shownMessages)}; stderr: ${this.stderr}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 100));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Initializes, with a workspace folder when given, and sends `initialized` as editors do. */
  async initialize(workspaceFolder?: string, initializationOptions?: unknown, capabilities: ClientCapabilities = {}): Promise<InitializeResult> {
    const folders = workspaceFolder ? [{ uri: workspaceFolder, name: 'workspace' }] : null;
    const result = await this.connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: workspaceFolder ?? null, capabilities, workspaceFolders: folders, initializationOptions });
    void this.connection.sendNotification(InitializedNotification.type, {});
    return result;
  }

  open(uri: string, languageId: string, text: string): void {
    void this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Replaces the whole text, as a client with full sync does. */
  change(uri: string, version: number, text: string): void {
    void this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  /** An incremental change: replaces `range` with `text`. */
  edit(uri: string, version: number, range: { start: { line: number; character: number }; end: { line: number; character: number } }, text: string): void {
    void this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ range, text }] });
  }

  close(uri: string): void {
    void this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** Waits until the diagnostics published for `uri` satisfy `accept`, or fails after `timeoutMs`. */
  async diagnosticsFor(uri: string, accept: (d: Diagnostic[], version: number | undefined) => boolean, timeoutMs = 10_000): Promise<Diagnostic[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const current = this.diagnostics.get(uri);
      if (current && accept(current.diagnostics, current.version)) return current.diagnostics;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; last: ${JSON.stringify(current)}; stderr: ${this.stderr}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Shuts the server down as an editor does; kills it if it does not leave. Returns its exit code. */
  /** The server process' id (to read its memory and open files from /proc). */
  get pid(): number {
    return this.process.pid ?? -1;
  }

  async stop(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.process.once('exit', (code) => resolve(code)));
    try {
      await Promise.race([this.connection.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 2000))]);
      void this.connection.sendNotification(ExitNotification.type);
    } catch {
      // the server may already be gone
    }
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 5000);
    const code = await exited;
    clearTimeout(timer);
    this.connection.dispose();
    return code;
  }
}

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createEditorWorkspace, EXPECTED_COMPLETION, EXPECTED_DIAGNOSTICS, type EditorWorkspace } from '../support/editorWorkspace';

/*
 * The README's Emacs snippet, loaded as init file of a batch Emacs (Debian's Emacs 28 with eglot
 * 1.9 and yaml-mode): eglot starts `prometheus-lsp serve --stdio` itself. This script opens the
 * rule file (eglot-ensure connects when the command that opened it ends, so it runs the
 * post-command hook as the command loop would), waits for flymake's diagnostics, then asks for
 * completion in the .promql file through eglot's connection, and writes what it got.
 */
const DRIVER = `
(package-initialize)
(require 'eglot)
(require 'yaml-mode)
(load (getenv "PROMETHEUS_LSP_INIT") nil t)
(defun prometheus-lsp-test-wait (what predicate)
  (let ((deadline (+ (float-time) 30)))
    (while (and (not (funcall predicate)) (< (float-time) deadline))
      (accept-process-output nil 0.1))
    (unless (funcall predicate) (error "timed out waiting for %s" what))))
(let ((root default-directory) (expected (getenv "PROMETHEUS_LSP_EXPECT")) (result nil))
  (condition-case err
      (progn
        (find-file (expand-file-name "rules/inference.rules.yml" root))
        (run-hooks 'post-command-hook)
        (push (cons 'rulesMode (symbol-name major-mode)) result)
        (prometheus-lsp-test-wait "diagnostics" (lambda () (>= (length (flymake-diagnostics)) 3)))
        (push (cons 'diagnostics
                    (vconcat (mapcar (lambda (d)
                                       (list (cons 'line (1- (line-number-at-pos (flymake-diagnostic-beg d))))
                                             (cons 'message (flymake-diagnostic-text d))))
                                     (flymake-diagnostics))))
              result)
        (find-file (expand-file-name "queries.promql" root))
        (run-hooks 'post-command-hook)
        (push (cons 'queryMode (symbol-name major-mode)) result)
        (goto-char (point-min))
        (end-of-line)
        (let ((labels nil) (tries 0))
          (while (and (< tries 60) (not (member expected labels)))
            (setq tries (1+ tries))
            (let* ((response (jsonrpc-request (eglot--current-server-or-lose) :textDocument/completion
                                              (eglot--TextDocumentPositionParams)))
                   (items (if (vectorp response) response (plist-get response :items))))
              (setq labels (mapcar (lambda (item) (plist-get item :label)) items)))
            (unless (member expected labels) (accept-process-output nil 0.5)))
          (push (cons 'completion (vconcat labels)) result)))
    (error (push (cons 'error (error-message-string err)) result)))
  (with-temp-file (getenv "PROMETHEUS_LSP_RESULT") (insert (json-encode result))))
(kill-emacs 0)
`;

describe('the README\'s Emacs snippet, in Emacs with eglot', function () {
  this.timeout(120_000);
  let workspace: EditorWorkspace;
  before(async function () {
    if (spawnSync('emacs', ['--version']).status !== 0) throw new Error('emacs is not installed: run scripts/install-test-services.sh (Debian packages emacs-nox, elpa-eglot, elpa-yaml-mode)');
    workspace = await createEditorWorkspace();
    // A project (project.el finds it by its VC root), as users' repositories are: one server for its files.
    spawnSync('git', ['init', '-q', workspace.dir]);
  });
  after(async () => workspace?.dispose());

  it('starts the server over stdio, shows the rule file\'s diagnostics and completes live metric names', () => {
    const init = workspace.writeSnippet('prometheus-lsp for Emacs', 'init.el');
    const driver = workspace.writeFile('driver.el', DRIVER);
    const result = workspace.runEditor<{ error?: string; rulesMode: string; queryMode: string; diagnostics: { line: number; message: string }[]; completion: string[] }>(
      'Emacs', 'emacs', ['--batch', '-l', driver], { PROMETHEUS_LSP_INIT: init, PROMETHEUS_LSP_EXPECT: EXPECTED_COMPLETION });
    assert.equal(result.error, undefined);
    assert.equal(result.rulesMode, 'yaml-mode');
    assert.equal(result.queryMode, 'promql-mode');
    // eglot writes "source [code]: message".
    const codes = result.diagnostics.map((d) => `${d.line} ${/\[([^\]]+)\]/.exec(d.message)?.[1]}`).sort();
    assert.deepEqual(codes, EXPECTED_DIAGNOSTICS, JSON.stringify(result.diagnostics));
    assert.ok(result.completion.includes(EXPECTED_COMPLETION), `completion: ${result.completion.join(', ')}`);
  });
});

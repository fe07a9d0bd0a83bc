import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createEditorWorkspace, EXPECTED_COMPLETION, EXPECTED_DIAGNOSTICS, type EditorWorkspace } from '../support/editorWorkspace';

/*
 * The README's Neovim snippet, as init.lua of a headless Neovim (Debian's 0.7.2): Neovim starts
 * `prometheus-lsp serve --stdio` itself, and this script (run inside Neovim) opens the rule file,
 * waits for its diagnostics, then asks for completion in the .promql file, and writes what it got.
 */
const DRIVER = `
local result = { diagnostics = {}, completion = {} }
local function finish()
  local file = io.open(os.getenv('PROMETHEUS_LSP_RESULT'), 'w')
  file:write(vim.fn.json_encode(result))
  file:close()
  vim.cmd('qa!')
end
local ok, err = pcall(function()
  vim.cmd('edit rules/inference.rules.yml')
  local rules = vim.api.nvim_get_current_buf()
  result.rulesFiletype = vim.bo[rules].filetype
  vim.wait(30000, function() return #vim.diagnostic.get(rules) >= 2 end, 100)
  for _, d in ipairs(vim.diagnostic.get(rules)) do
    local lsp = d.user_data and d.user_data.lsp or {}
    table.insert(result.diagnostics, { line = d.lnum, code = lsp.code or d.code, message = d.message })
  end
  vim.cmd('edit queries.promql')
  local query = vim.api.nvim_get_current_buf()
  result.queryFiletype = vim.bo[query].filetype
  local params = { textDocument = { uri = vim.uri_from_bufnr(query) }, position = { line = 0, character = 15 } }
  for _ = 1, 60 do
    result.completion = {}
    for _, response in pairs(vim.lsp.buf_request_sync(query, 'textDocument/completion', params, 5000) or {}) do
      local items = response.result and (response.result.items or response.result) or {}
      for _, item in ipairs(items) do table.insert(result.completion, item.label) end
    end
    if vim.tbl_contains(result.completion, '${EXPECTED_COMPLETION}') then break end
    vim.wait(500)
  end
end)
if not ok then result.error = tostring(err) end
finish()
`;

describe('the README\'s Neovim snippet, in Neovim', function () {
  this.timeout(120_000);
  let workspace: EditorWorkspace;
  before(async function () {
    if (spawnSync('nvim', ['--version']).status !== 0) throw new Error('nvim is not installed: run scripts/install-test-services.sh (Debian package neovim)');
    workspace = await createEditorWorkspace();
  });
  after(async () => workspace?.dispose());

  it('starts the server over stdio, shows the rule file\'s diagnostics and completes live metric names', () => {
    const init = workspace.writeSnippet('prometheus-lsp for Neovim', 'init.lua');
    const driver = workspace.writeFile('driver.lua', DRIVER);
    const result = workspace.runEditor<{ error?: string; rulesFiletype: string; queryFiletype: string; diagnostics: { line: number; code: string; message: string }[]; completion: string[] }>(
      'Neovim', 'nvim', ['--headless', '-u', init, '-c', `luafile ${driver}`]);
    assert.equal(result.error, undefined);
    assert.equal(result.rulesFiletype, 'yaml');
    assert.equal(result.queryFiletype, 'promql');
    const codes = result.diagnostics.map((d) => `${d.line} ${d.code}`).sort();
    assert.deepEqual(codes, EXPECTED_DIAGNOSTICS, JSON.stringify(result.diagnostics));
    assert.ok(result.completion.includes(EXPECTED_COMPLETION), `completion: ${result.completion.join(', ')}`);
  });
});

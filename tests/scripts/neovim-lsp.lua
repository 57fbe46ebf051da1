-- Run by tests/scripts/neovim-lsp.sh inside headless Neovim: a real editor
-- client (Neovim's built-in LSP client, configured by
-- editors/neovim/mops.lua) against `mopsc lsp` on tests/fixtures/lsp.
-- Prints one line per check and `neovim-lsp: N passed, M failed`; exits
-- non-zero on failure.

local repo = os.getenv('MOPS_REPO')
local bin = os.getenv('MOPSC')
local ws = os.getenv('MOPS_WS')
local timeout = 20000

local passed, failed = 0, 0
local function check(name, ok, detail)
  if ok then
    passed = passed + 1
    print('ok   ' .. name)
  else
    failed = failed + 1
    print('FAIL ' .. name .. ': ' .. vim.inspect(detail))
  end
end

local function finish()
  print(string.format('neovim-lsp: %d passed, %d failed', passed, failed))
  for _, c in pairs(vim.lsp.get_active_clients()) do
    c.stop()
  end
  vim.wait(2000, function()
    return #vim.lsp.get_active_clients() == 0
  end)
  if failed > 0 then
    vim.cmd('cquit 1')
  else
    vim.cmd('qall!')
  end
end

local ok, err = pcall(function()
  dofile(repo .. '/editors/neovim/mops.lua').setup({ cmd = { bin, 'lsp' } })
  vim.cmd('edit ' .. ws .. '/launch.mops')
  local buf = vim.api.nvim_get_current_buf()
  check('filetype', vim.bo[buf].filetype == 'mops', vim.bo[buf].filetype)

  local attached = vim.wait(timeout, function()
    return #vim.lsp.buf_get_clients(buf) > 0
  end)
  check('server attached', attached, 'no client')
  if not attached then
    return
  end

  -- diagnostics: E021 for `sfdc`
  vim.wait(timeout, function()
    return #vim.diagnostic.get(buf) > 0
  end)
  local diags = vim.diagnostic.get(buf)
  local found = nil
  for _, d in ipairs(diags) do
    if d.message:find('undefined tool `sfdc`', 1, true) then
      found = d
    end
  end
  check('diagnostics', found ~= nil and found.lnum == 8, diags)

  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  local function at(line0, needle, delta)
    local col = lines[line0 + 1]:find(needle, 1, true)
    return {
      textDocument = { uri = vim.uri_from_bufnr(buf) },
      position = { line = line0, character = col - 1 + (delta or 0) },
    }
  end
  local function request(method, params)
    local res = vim.lsp.buf_request_sync(buf, method, params, timeout) or {}
    for _, r in pairs(res) do
      if r.error then
        return nil, r.error
      end
      return r.result
    end
    return nil, 'no answer'
  end

  -- hover on the `duration` attribute: its schema documentation
  local hover = request('textDocument/hover', at(7, 'duration', 2))
  local text = hover and hover.contents and hover.contents.value or ''
  check('hover', text:find('How long the step runs.', 1, true) ~= nil, hover)

  -- definition of `salesforce` (line 8): the tool in stack.mops
  local def = request('textDocument/definition', at(7, 'salesforce', 3))
  if def and def[1] then
    def = def[1]
  end
  local uri = def and (def.uri or def.targetUri) or ''
  local range = def and (def.range or def.targetSelectionRange)
  check('definition', uri:match('stack%.mops$') ~= nil and range and range.start.line == 0, def)

  -- completion of the value of `tool =`: the declared tools
  local comp = request('textDocument/completion', at(7, 'salesforce', 0))
  local items = comp and (comp.items or comp) or {}
  local labels = {}
  for _, i in ipairs(items) do
    labels[i.label] = true
  end
  check('completion', labels['salesforce'] and labels['hubspot'] and not labels['owner'], labels)

  -- formatting: the edits make `owner="…"` canonical
  local edits = request('textDocument/formatting', {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    options = { tabSize = 2, insertSpaces = true },
  })
  if edits then
    vim.lsp.util.apply_text_edits(edits, buf, 'utf-16')
  end
  local formatted = vim.api.nvim_buf_get_lines(buf, 5, 6, false)[1]
  check('formatting', formatted == '  owner = "dana@acme.io"', { edits = edits, line = formatted })

  -- document symbols: the campaign and its steps
  local syms = request('textDocument/documentSymbol', { textDocument = { uri = vim.uri_from_bufnr(buf) } })
  local s = syms and syms[1]
  check('document symbols', s and s.name == 'launch' and s.children and #s.children == 2, syms)
end)
if not ok then
  check('no Lua error', false, err)
end
finish()

-- Neovim client for the mops language server (`mopsc lsp`), built-in LSP
-- client only: no plugin needed. Works with Neovim 0.7 (Debian 12's
-- package) and later.
--
-- In init.lua:
--
--   dofile('/path/to/mopsc/editors/neovim/mops.lua').setup()
--   -- or, with options:
--   dofile('/path/to/mopsc/editors/neovim/mops.lua').setup({
--     cmd = { '/path/to/mopsc', 'lsp' },   -- default: { 'mopsc', 'lsp' }
--   })
--
-- `.mops` files get the `mops` filetype and `#` comments; the server is
-- started once per workspace root (the nearest directory holding
-- `mops.toml`, else the file's directory) and attached to every mops buffer
-- of that root. Then: diagnostics as you type, `K` (vim.lsp.buf.hover),
-- `gd` if mapped to vim.lsp.buf.definition, <C-x><C-o> completion
-- (omnifunc), vim.lsp.buf.formatting() (0.7) or vim.lsp.buf.format() (0.8+),
-- vim.lsp.buf.code_action().

local M = {}

local clients = {} -- root -> client id (Neovim 0.7 has no vim.lsp.start)

local function root_of(path)
  local dir = vim.fn.fnamemodify(path, ':p:h')
  local found = vim.fn.findfile('mops.toml', dir .. ';')
  if found ~= '' then
    return vim.fn.fnamemodify(found, ':p:h')
  end
  return dir
end

local function start(bufnr, opts)
  local path = vim.api.nvim_buf_get_name(bufnr)
  local root = root_of(path)
  local config = {
    name = 'mops',
    cmd = opts.cmd,
    root_dir = root,
    workspace_folders = nil,
  }
  vim.bo[bufnr].omnifunc = 'v:lua.vim.lsp.omnifunc'
  if vim.lsp.start then
    vim.lsp.start(config, { bufnr = bufnr })
    return
  end
  local id = clients[root]
  if id == nil or vim.lsp.get_client_by_id(id) == nil then
    id = vim.lsp.start_client(config)
    clients[root] = id
  end
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
end

function M.setup(opts)
  opts = opts or {}
  opts.cmd = opts.cmd or { 'mopsc', 'lsp' }
  local group = vim.api.nvim_create_augroup('mops_lsp', { clear = true })
  vim.api.nvim_create_autocmd({ 'BufRead', 'BufNewFile' }, {
    group = group,
    pattern = '*.mops',
    callback = function(args)
      vim.bo[args.buf].filetype = 'mops'
    end,
  })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = 'mops',
    callback = function(args)
      vim.bo[args.buf].commentstring = '# %s'
      start(args.buf, opts)
    end,
  })
end

return M

-- Headless Neovim as a user's editor: start `jrnl-rej lsp` for the open journal file, wait for
-- its diagnostics, apply the "I replied today" code action, wait for the new diagnostics,
-- save the buffer and write what the user saw to $JRNL_NVIM_OUT (JSON).
-- Works on Neovim 0.7 (vim.lsp.start_client) and 0.8+ (vim.lsp.start).
local out = os.getenv("JRNL_NVIM_OUT")
local seen = { steps = {} }

local function diagnostics(bufnr)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(list, { line = d.lnum, col = d.col, end_col = d.end_col, code = d.code,
      severity = d.severity, message = d.message })
  end
  table.sort(list, function(a, b) return a.line < b.line or (a.line == b.line and a.col < b.col) end)
  return list
end

local function has(bufnr, code)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.code == code then return d end
  end
end

local function run()
  local bufnr = vim.api.nvim_get_current_buf()
  local config = {
    name = "jrnl-rej",
    cmd = { os.getenv("JRNL_NVIM_PYTHON"), "-m", "jrnl_rej", "lsp" },
    root_dir = os.getenv("JRNL_NVIM_ROOT"),
  }
  if vim.lsp.start then
    assert(vim.lsp.start(config), "vim.lsp.start gave no client")
  else
    local id = assert(vim.lsp.start_client(config), "vim.lsp.start_client gave no client")
    vim.lsp.buf_attach_client(bufnr, id)
  end

  assert(vim.wait(30000, function() return has(bufnr, "overdue-reply") ~= nil end, 50),
    "no overdue-reply diagnostic within 30 s")
  seen.before = diagnostics(bufnr)

  local target = has(bufnr, "overdue-reply")
  vim.api.nvim_win_set_cursor(0, { target.lnum + 1, target.col })
  local params = vim.lsp.util.make_range_params()
  params.context = { diagnostics = {} }
  local answers = vim.lsp.buf_request_sync(bufnr, "textDocument/codeAction", params, 20000) or {}
  local chosen
  seen.titles = {}
  for _, answer in pairs(answers) do
    for _, action in ipairs(answer.result or {}) do
      table.insert(seen.titles, action.title)
      if action.title == "I replied today" then chosen = action end
    end
  end
  assert(chosen and chosen.edit, "no 'I replied today' action with an edit")
  vim.lsp.util.apply_workspace_edit(chosen.edit, "utf-16")

  assert(vim.wait(30000, function() return has(bufnr, "overdue-reply") == nil end, 50),
    "overdue-reply still shown 30 s after the edit")
  seen.after = diagnostics(bufnr)
  vim.cmd("silent write")
  seen.buffer = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
end

local ok, err = pcall(run)
seen.ok, seen.error = ok, ok and nil or tostring(err)
if not ok then seen.after = diagnostics(vim.api.nvim_get_current_buf()) end
vim.fn.writefile({ vim.fn.json_encode(seen) }, out)
vim.cmd("qall!")

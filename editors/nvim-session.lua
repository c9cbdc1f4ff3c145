-- A headless Neovim session against `prepbook lsp`, written out as a transcript: open a guide
-- of the demo site, type a broken link, read the diagnostics, take the quick fix, ask for
-- completion in a link and after `#`, jump to a definition, hover a key. Run it through
-- nvim-session.sh, which copies the demo site to a temporary folder first.
--
-- Written against Neovim 0.7's API (`vim.lsp.start_client`), which Debian ships and newer
-- releases keep; the README shows the `vim.lsp.config` setup of 0.11 and later.

local root = assert(vim.env.SITE, 'SITE: the site folder')
local bin = vim.env.PREPBOOK or 'prepbook'
local function say(line) io.stdout:write(line .. '\n') end

local id = vim.lsp.start_client({ name = 'prepbook', cmd = { bin, 'lsp', root }, root_dir = root })
vim.cmd('edit ' .. root .. '/content/frameworks/data-driven-star.md')
vim.lsp.buf_attach_client(0, id)
local client = vim.lsp.get_client_by_id(id)
vim.wait(20000, function() return client.initialized end, 50)
say('> opened content/frameworks/data-driven-star.md; the server speaks '
  .. tostring(client.offset_encoding))

local function request(method, params)
  local answers = vim.lsp.buf_request_sync(0, method, params, 20000) or {}
  for _, answer in pairs(answers) do return answer.result end
end
local function at(line, character)
  return { textDocument = vim.lsp.util.make_text_document_params(), position = { line = line, character = character } }
end
local function show_diagnostics()
  for _, d in ipairs(vim.diagnostic.get(0)) do
    say(string.format('  %d:%d %s[%s] %s', d.lnum + 1, d.col + 1,
      d.severity == vim.diagnostic.severity.ERROR and 'error' or 'warning',
      d.code or (d.user_data and d.user_data.lsp.code) or '?', d.message:gsub('\n', ' | ')))
  end
end

-- Type a link with a typo at the end of the guide.
local last = vim.api.nvim_buf_line_count(0)
local typed = 'Compare with [working backwards](working-backward.md).'
vim.api.nvim_buf_set_lines(0, last, last, false, { '', typed })
say('> typed at line ' .. (last + 2) .. ': ' .. typed)
vim.wait(20000, function() return #vim.diagnostic.get(0) > 0 end, 20)
say('< diagnostics:')
show_diagnostics()

-- The quick fix the diagnostic offers.
local diagnostic = vim.lsp.diagnostic.get_line_diagnostics(0, last + 1)
local actions = request('textDocument/codeAction', {
  textDocument = vim.lsp.util.make_text_document_params(),
  range = diagnostic[1] and diagnostic[1].range or { start = { line = last + 1, character = 0 }, ['end'] = { line = last + 1, character = 0 } },
  context = { diagnostics = diagnostic },
}) or {}
for _, action in ipairs(actions) do
  say('< code action: ' .. action.title)
  vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
  break
end
say('> applied; the line is now: ' .. vim.api.nvim_buf_get_lines(0, last + 1, last + 2, false)[1])
vim.wait(20000, function() return #vim.diagnostic.get(0) == 0 end, 20)
say('< diagnostics: ' .. #vim.diagnostic.get(0))

-- Completion of a link's target, then of an anchor.
vim.api.nvim_buf_set_lines(0, last + 2, last + 2, false, { 'See [the STAR guide](' })
say('> typed: See [the STAR guide](')
local items = request('textDocument/completion', at(last + 2, 21)) or {}
for i, item in ipairs(items) do
  if i > 5 then say('  … ' .. (#items - 5) .. ' more') break end
  say('< completion: ' .. item.label .. ' → ' .. item.textEdit.newText)
end
vim.api.nvim_buf_set_lines(0, last + 2, last + 3, false, { 'See [backwards](working-backwards.md#' })
say('> typed: See [backwards](working-backwards.md#')
items = request('textDocument/completion', at(last + 2, 38)) or {}
for _, item in ipairs(items) do say('< anchor: #' .. item.label .. ' (' .. (item.detail or '') .. ')') end

-- Go to definition on the fixed link.
local location = request('textDocument/definition', at(last + 1, 20))
if location then
  say('< definition: ' .. vim.uri_to_fname(location.uri):sub(#root + 2) .. ':' .. (location.range.start.line + 1))
end

-- Hover on a front-matter key.
local hover = request('textDocument/hover', at(1, 1))
if hover then say('< hover on line 2: ' .. hover.contents.value:gsub('\n', ' ')) end

vim.lsp.stop_client(id)
vim.cmd('qa!')

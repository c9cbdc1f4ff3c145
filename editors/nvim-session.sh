#!/bin/sh
# Drives a headless Neovim session against `prepbook lsp` on a copy of the demo site and prints
# what was typed and what the server answered (editors/nvim-session.lua).
#   editors/nvim-session.sh [path/to/prepbook]   (default: target/debug/prepbook)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$here/target/debug/prepbook}
site=$(mktemp -d)
trap 'rm -rf "$site"' EXIT
cp -r "$here/book.toml" "$here/content" "$site/"
[ -d "$here/static" ] && cp -r "$here/static" "$site/"
SITE=$site PREPBOOK=$bin nvim --headless -u NONE -i NONE -n \
  -c "luafile $here/editors/nvim-session.lua" 2>/dev/null

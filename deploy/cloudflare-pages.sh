#!/bin/sh
# The build command of a Cloudflare Pages project: in its Settings > Build, set the build
# command to `sh deploy/cloudflare-pages.sh` and the output directory to `public` (or use
# wrangler.toml beside this file). It builds with a released prepbook, checked against its
# SHA-256, instead of compiling it; the site's address comes from base-url in book.toml.
set -eu
sh deploy/install-prepbook.sh
.prepbook/prepbook build

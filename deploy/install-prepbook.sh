#!/bin/sh
# Installs a released prepbook (Linux x86_64) into .prepbook/, after checking the archive
# against its SHA-256, for hosts that build the site on their own machines (Netlify,
# Cloudflare Pages): seconds instead of compiling prepbook. PREPBOOK_VERSION picks the release.
set -eu
version="${PREPBOOK_VERSION:-0.1.0}"
repo="${PREPBOOK_REPO:-prepbook/prepbook}"
archive="prepbook-x86_64-unknown-linux-gnu.tar.gz"
url="https://github.com/$repo/releases/download/v$version/$archive"
mkdir -p .prepbook
cd .prepbook
curl -fsSLO "$url"
curl -fsSLO "$url.sha256"
sha256sum -c "$archive.sha256"
tar -xzf "$archive" prepbook
./prepbook --version

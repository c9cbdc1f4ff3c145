#!/bin/sh
# Fills fuzz/corpus/<target>/ with the fixtures' guides and book.toml files, the seeds every
# target starts from. Run from the repository root before `cargo +nightly fuzz run <target>`.
set -eu
for target in front_matter guide book_toml links_and_slugs; do
    mkdir -p "fuzz/corpus/$target"
    find tests/fixtures -type f \( -name '*.md' -o -name '*.toml' \) | while read -r file; do
        cp "$file" "fuzz/corpus/$target/$(printf '%s' "$file" | tr '/' '_')"
    done
done

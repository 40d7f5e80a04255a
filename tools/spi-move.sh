#!/usr/bin/env bash
# Moves the helpers that connectors and the test kit build on out of sdk-core's internal packages
# into the extension API package dev.posbridge.core.spi, and rewrites every Java reference.
#
# Moved packages (whole, main and test sources):
#   dev.posbridge.core.internal.http     -> dev.posbridge.core.spi
#   dev.posbridge.core.internal.data     -> dev.posbridge.core.spi
#   dev.posbridge.core.internal.connect  -> dev.posbridge.core.spi
#   dev.posbridge.core.internal.webhook  -> dev.posbridge.core.spi
# dev.posbridge.core.internal.sync and .reconcile stay internal to sdk-core.
#
# Usage (from anywhere inside the repository):   tools/spi-move.sh
# Then review and commit:                         git commit -m "..."   (the script only stages)
#
# Idempotent: on a tree where the move is done it moves nothing and rewrites nothing, and on a
# tree where someone added new files to the old packages or new references to the old names
# (e.g. after merging a branch written before the move) it moves and rewrites just those.
set -euo pipefail

cd "$(git rev-parse --show-toplevel)"

OLD_PACKAGES="http data connect webhook"
NEW_PACKAGE=dev.posbridge.core.spi

for root in sdk-core/src/main/java sdk-core/src/test/java; do
  spi_dir="$root/dev/posbridge/core/spi"
  for old in $OLD_PACKAGES; do
    old_dir="$root/dev/posbridge/core/internal/$old"
    [ -d "$old_dir" ] || continue
    for f in "$old_dir"/*; do
      [ -f "$f" ] || continue
      name=$(basename "$f")
      mkdir -p "$spi_dir"
      if [ -e "$spi_dir/$name" ]; then
        if [ "$name" = package-info.java ]; then
          # The spi package keeps one package-info; the old packages' ones are dropped.
          git rm -q -f "$f"
          continue
        fi
        echo "spi-move: $spi_dir/$name exists already; not moving $f" >&2
        exit 1
      fi
      if git ls-files --error-unmatch "$f" >/dev/null 2>&1; then
        git mv "$f" "$spi_dir/$name"
      else
        mv "$f" "$spi_dir/$name"
        git add "$spi_dir/$name"
      fi
    done
    rmdir "$old_dir" 2>/dev/null || true
  done
done

# Rewrite package declarations, imports (plain, static, wildcard) and qualified names in every
# Java file of the repository, tracked or new (build output excluded).
old_regex='dev\.posbridge\.core\.internal\.\(http\|data\|connect\|webhook\)\b'
mapfile -d '' rewritten < <(git ls-files -z --cached --others --exclude-standard -- '*.java' \
  | xargs -0 -r grep -lZ "$old_regex" -- 2>/dev/null || true)
for f in "${rewritten[@]}"; do
  sed -i "s/$old_regex/$NEW_PACKAGE/g" "$f"
done

# Files now in the spi package no longer need to import spi types.
self_import='^import dev\.posbridge\.core\.spi\.[A-Za-z0-9_]*;$'
for f in sdk-core/src/main/java/dev/posbridge/core/spi/*.java \
    sdk-core/src/test/java/dev/posbridge/core/spi/*.java; do
  [ -f "$f" ] || continue
  if grep -q "$self_import" "$f"; then
    sed -i "/$self_import/d" "$f"
    rewritten+=("$f")
  fi
done

# Stage what the script changed (moves are staged by git mv already).
for f in "${rewritten[@]}"; do
  git add -- "$f"
done
echo "spi-move: ${#rewritten[@]} file(s) rewritten"

#!/usr/bin/env bash
# Records the commit the classes are built from, for every run's provenance (run by Maven in
# initialize):
#   src/build/git-properties.sh <checkout-dir> <file>
# writes git.commit.id (git rev-parse HEAD where <checkout-dir> is) and git.dirty (true when any
# file, tracked or untracked but not ignored, differs from that commit: an untracked source file is
# compiled into the jar too). It asks git itself because git-commit-id-maven-plugin 9.0.2 recorded
# the main checkout's HEAD in a linked worktree (its issue #882). Outside a git checkout, or
# without git, it writes nothing and says so; a run then records the commit of the checkout holding
# the jar, or "unknown".
set -euo pipefail
dir="$1"
file="$2"
rm -f "$file"
if ! command -v git > /dev/null; then
  echo "prism: no git on PATH: the build records no commit" >&2
  exit 0
fi
if ! commit="$(git -C "$dir" rev-parse --verify HEAD 2> /dev/null)"; then
  echo "prism: $dir is not in a git checkout with a commit: the build records no commit" >&2
  exit 0
fi
dirty=false
[ -z "$(git -C "$dir" status --porcelain 2> /dev/null)" ] || dirty=true
mkdir -p "$(dirname "$file")"
printf 'git.commit.id=%s\ngit.dirty=%s\n' "$commit" "$dirty" > "$file"

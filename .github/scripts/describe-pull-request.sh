#!/usr/bin/env bash
# Describe a pull request's policy change with the BASE branch's code.
#
# Runs in the privileged review job, from a checkout of the base commit (this file is the base
# branch's copy). The pull request's commits are fetched as git objects only: nothing of the
# pull request is checked out, installed or run. `playbook diff` reads playbook/ and schemas/ of
# both commits from git objects with the strict loader, which never executes anything.
#
# Usage: describe-pull-request.sh PR_NUMBER BASE_SHA HEAD_SHA OUT_DIR
# Writes OUT_DIR/comment.md (the comment body) and OUT_DIR/exit-code (playbook diff's exit code).
# Exits 0 when the diff is a result (0 no policy change, 1 changes), 2 when it is not (a git
# error, an unreadable revision, a side that does not validate): then the workflow fails.
set -euo pipefail

number=${1:-} base_tip=${2:-} head=${3:-} out=${4:-}
playbook=${PLAYBOOK:-.venv/bin/playbook}
python=${PLAYBOOK_PYTHON:-.venv/bin/python}
remote=${PLAYBOOK_REMOTE:-origin}

fail() { echo "describe-pull-request: $*" >&2; exit 2; }
[[ $number =~ ^[1-9][0-9]{0,9}$ ]] || fail "not a pull-request number: '$number'"
[[ $base_tip =~ ^[0-9a-f]{40}$ ]] || fail "not a commit id: '$base_tip'"
[[ $head =~ ^[0-9a-f]{40}$ ]] || fail "not a commit id: '$head'"
[[ -n $out ]] || fail "no output folder given"
mkdir -p "$out"

# Objects only: no checkout, no submodules, no tags; git runs no hook on fetch.
git fetch --quiet --no-tags --no-recurse-submodules "$remote" "+refs/pull/${number}/head:refs/remotes/pull/${number}/head"
# The token actions/checkout left is needed for that fetch only: drop it before any data is read.
git config --local --unset-all 'http.https://github.com/.extraheader' >/dev/null 2>&1 || true
git cat-file -e "${head}^{commit}" 2>/dev/null || fail "commit $head is not the head of pull request #$number (pushed since?)"
git cat-file -e "${base_tip}^{commit}" 2>/dev/null || fail "base commit $base_tip is not in this clone"
# What the pull request changes: from where it branched off, as GitHub shows it.
fork_point=$(git merge-base "$base_tip" "$head") || fail "pull request #$number shares no history with the base"

set +e
"$playbook" diff "$fork_point" "$head" --format markdown >"$out/diff.md" 2>"$out/diff.err"
status=$?
set -e
echo "$status" >"$out/exit-code"
git diff --name-only --no-renames -z "$fork_point" "$head" >"$out/changed"
# What a change to levels.yml or ticket-fields.yml does to ticket volume, over the export the base
# configures: the base's calibrate reads both revisions from git objects. Never fails the review.
"$python" -m macros.calibrate.review "$fork_point" "$head" >"$out/calibration.md" 2>"$out/calibration.err" || true
"$python" -m macros.diff.comment --status "$status" --diff "$out/diff.md" --errors "$out/diff.err" \
  --changed "$out/changed" --base-commit "$(git rev-parse HEAD)" --calibration "$out/calibration.md" >"$out/comment.md"
# 0 no policy change and 1 changes found are results; anything else (2, a crash) is a failure.
case "$status" in
  0|1) exit 0 ;;
  *) cat "$out/diff.err" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# The shell logic of the GitHub Action (action.yml), kept here so a test can run it (docs/ci.md).
#
#   preflight.sh run     runs `runas-guard preflight`, writes every format to the output directory,
#                        prints the text report to the log, appends the Markdown to the job summary
#                        and records the exit code as a step output; exits 0 so the SARIF upload runs.
#   preflight.sh finish  exits with the recorded code (the action's last step, after the upload).
#
# Inputs come from the environment, as the action passes them (never interpolated into the script):
#   INPUT_PROJECT (default .), INPUT_BASE (required), INPUT_HEAD (default HEAD), INPUT_MANIFEST,
#   INPUT_FAIL_ON, INPUT_FORMATS (default sarif,markdown), INPUT_OUTPUT_DIR (default
#   runas-guard-results), INPUT_ALLOW_INCOMPLETE (true|false), RUNAS_GUARD_BIN (the executable,
#   default runas-guard on PATH), and GitHub's GITHUB_OUTPUT and GITHUB_STEP_SUMMARY (each optional).
set -euo pipefail

fail() {
  printf 'runas-guard action: %s\n' "$1" >&2
  exit 2
}

output() {
  if [[ -n "${GITHUB_OUTPUT:-}" ]]; then printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"; fi
}

# True when the comma-separated list $1 names the format $2.
has_format() {
  [[ ",${1// /}," == *",$2,"* ]]
}

run() {
  local project="${INPUT_PROJECT:-.}"
  local base="${INPUT_BASE:-}"
  local head="${INPUT_HEAD:-HEAD}"
  local formats="${INPUT_FORMATS:-sarif,markdown}"
  local dir="${INPUT_OUTPUT_DIR:-runas-guard-results}"
  local bin="${RUNAS_GUARD_BIN:-runas-guard}"
  [[ -n "$base" ]] ||
    fail 'no base ref: set the base input (on pull_request events it defaults to the base commit)'
  [[ "$base" != -* && "$head" != -* ]] || fail "a ref cannot start with '-': base $base, head $head"
  formats="${formats// /}"
  # The text report always goes to the log too.
  has_format "$formats" text || formats="$formats,text"

  # actions/checkout fetches one commit by default: fetch the base (a commit id, or origin/BRANCH)
  # when it is missing and a remote exists. Failing that, preflight names the `git fetch` to run.
  if ! git cat-file -e "${base}^{commit}" 2>/dev/null && git remote get-url origin >/dev/null 2>&1; then
    local refspec=''
    if [[ "$base" =~ ^[0-9a-f]{40}$ ]]; then refspec="$base"
    elif [[ "$base" == origin/* ]]; then refspec="+refs/heads/${base#origin/}:refs/remotes/$base"
    fi
    if [[ -n "$refspec" ]]; then
      git fetch --no-tags --quiet --depth=1 origin "$refspec" ||
        printf 'runas-guard action: could not fetch %s from origin\n' "$base" >&2
    fi
  fi

  # --flag=value: a value is never read as a flag of its own.
  local args=(preflight "--project=$project" "--base=$base" "--head=$head"
    "--format=$formats" "--output-dir=$dir")
  [[ -z "${INPUT_MANIFEST:-}" ]] || args+=("--manifest=$INPUT_MANIFEST")
  [[ -z "${INPUT_FAIL_ON:-}" ]] || args+=("--fail-on=$INPUT_FAIL_ON")
  [[ "${INPUT_ALLOW_INCOMPLETE:-false}" != true ]] || args+=(--allow-incomplete)

  # A previous run's files must not pass for this one's (exit 2 writes nothing).
  rm -f "$dir"/runas-guard.{txt,json,sarif,junit.xml,md}
  local code=0
  "$bin" "${args[@]}" || code=$?
  output exit-code "$code"

  if [[ -f "$dir/runas-guard.txt" ]]; then cat "$dir/runas-guard.txt"; fi
  if [[ -f "$dir/runas-guard.sarif" ]]; then output sarif "$dir/runas-guard.sarif"; fi
  if [[ -f "$dir/runas-guard.md" ]]; then
    output markdown "$dir/runas-guard.md"
    if [[ -n "${GITHUB_STEP_SUMMARY:-}" ]]; then cat "$dir/runas-guard.md" >>"$GITHUB_STEP_SUMMARY"; fi
  elif [[ "$code" -ge 2 && -n "${GITHUB_STEP_SUMMARY:-}" ]]; then
    # Nothing was written (exit 2: bad input, exit 3: collection): the log has the reason.
    printf '## runas-guard preflight: exit %s\n\nNo report was written; the job log says why.\n' \
      "$code" >>"$GITHUB_STEP_SUMMARY"
  fi
  printf 'runas-guard preflight exited %s\n' "$code"
}

finish() {
  local code="${RUNAS_GUARD_EXIT_CODE:-}"
  [[ "$code" =~ ^[0-9]+$ ]] || fail 'preflight did not record an exit code (its step failed)'
  exit "$code"
}

case "${1:-}" in
  run) run ;;
  finish) finish ;;
  *) fail "usage: preflight.sh run|finish" ;;
esac

#!/bin/sh
# src/ipmerge.bash-completion in bash: it knows every option of
# ipmerge --help (and no other), completes option values, offers rules
# files before other files, and keeps to the options of the chosen mode.
# Run on its own and, where bash-completion is installed, after it.
. "$top_srcdir/tests/lib.sh"
command -v bash >/dev/null 2>&1 || skip "bash not installed"
tmpdir_setup
comp=$top_srcdir/src/ipmerge.bash-completion

"$IPMERGE" --help > "$TMPD/help" || fail "ipmerge --help failed"
sed -n 's/^  \(-[a-zA-Z0-9?], \)\{0,1\}\(--[a-z0-9-]*\).*/\2/p' "$TMPD/help" | sort -u > "$TMPD/want-long"
sed -n 's/^  \(-[a-zA-Z0-9]\), --.*/\1/p' "$TMPD/help" | sort -u > "$TMPD/want-short"

mkdir "$TMPD/dir" "$TMPD/dir/layers"
: > "$TMPD/dir/host.rules"
: > "$TMPD/dir/docker-ref.rules"
: > "$TMPD/dir/notes.txt"
: > "$TMPD/dir/layers/policy.rules"

# complete WORD...: the replies for the last word, one a line, sorted.
cat > "$TMPD/complete.bash" <<'EOF'
[ -n "$BASH_COMPLETION_SCRIPT" ] && . "$BASH_COMPLETION_SCRIPT"
. "$COMP_FILE"
complete -p ipmerge > /dev/null || { echo "no completion for ipmerge" >&2; exit 1; }
COMP_WORDS=("$@")
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
COMP_LINE="$*"
COMP_POINT=${#COMP_LINE}
COMPREPLY=()
_ipmerge ipmerge "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\n' "${COMPREPLY[@]}" | sed '/^$/d' | LC_ALL=C sort
EOF

complete () {
  (cd "$TMPD/dir" && COMP_FILE=$comp bash "$TMPD/complete.bash" "$@")
}

expect () {  # expect 'WANTED REPLIES' WORD...
  want=$1; shift
  got=$(complete "$@" | tr '\n' ' ' | sed 's/ $//')
  [ "$got" = "$want" ] || fail "${where}completing '$*': got '$got', expected '$want'"
}

run_checks () {
  complete ipmerge --  | grep -- '^--' > "$TMPD/got-long" || fail "${where}no long option offered"
  diff -u "$TMPD/want-long" "$TMPD/got-long" \
    || fail "${where}long options differ between --help (-) and the completion (+)"
  complete ipmerge - | grep -v -- '^--' > "$TMPD/got-short"
  diff -u "$TMPD/want-short" "$TMPD/got-short" \
    || fail "${where}short options differ between --help (-) and the completion (+)"

  expect '--canonical --check --color' ipmerge --c
  expect 'always auto never' ipmerge --color ''
  expect 'always auto' ipmerge --color = a
  expect '--color=always --color=auto' ipmerge --color=a
  expect 'json unified' ipmerge --diff --format ''
  expect 'json text' ipmerge --plan --format ''
  expect '--drop' ipmerge --plan --dr
  expect '' ipmerge --plan --backup
  expect 'json sarif text' ipmerge --check --format ''
  expect 'docker-ref.rules host.rules layers' ipmerge --check --host ''
  expect '--format' ipmerge --check --f
  expect '--host' ipmerge --check --h
  expect '' ipmerge --take ''
  # rules files (and directories) first; other files when none matches
  expect 'docker-ref.rules host.rules layers' ipmerge ''
  expect 'docker-ref.rules' ipmerge d
  expect 'notes.txt' ipmerge n
  expect 'layers/policy.rules' ipmerge layers/
  expect 'docker-ref.rules host.rules layers notes.txt' ipmerge -o ''
  # once a mode is chosen, only its options (no second mode)
  expect '--stat --strict' ipmerge --diff --st
  expect '' ipmerge --check --delta
  expect '--strict' ipmerge --check --st
  expect '--strict' ipmerge --textconv --st
  expect '--label' ipmerge --diff --la
  expect '' ipmerge --diff --label ''
  expect '--backup=numbered' ipmerge -o x --backup=n
  expect 'docker-ref.rules' ipmerge -o x --backup d
  expect '' ipmerge --version ''
}

where=""
run_checks
bc=/usr/share/bash-completion/bash_completion
if [ -r "$bc" ]; then
  where="with bash-completion: "
  BASH_COMPLETION_SCRIPT=$bc; export BASH_COMPLETION_SCRIPT
  run_checks
else
  echo "note: bash-completion not installed, checked the completion on its own"
fi
echo "completion: $(wc -l < "$TMPD/want-long") long options in sync with --help"

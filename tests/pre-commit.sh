#!/bin/sh
# .pre-commit-hooks.yaml with Debian's pre-commit, offline: a scratch hooks
# repository holding that file (a local path: git clones it without the
# network), a scratch project using its ipmerge-check hook (language:
# system, the ipmerge under test first on PATH).  A commit of a rules file
# with an error is refused and the message names FILE:LINE; files that do
# not match the pattern are not checked; a clean file commits.
. "$top_srcdir/tests/lib.sh"
command -v git >/dev/null 2>&1 || skip "git not installed (Debian package git)"
command -v pre-commit >/dev/null 2>&1 || skip "pre-commit not installed (Debian package pre-commit)"
tmpdir_setup
bindir=$(cd "$(dirname "$IPMERGE")" && pwd) || exit 99
[ "$(basename "$IPMERGE")" = ipmerge ] || { mkdir "$TMPD/bin"; ln -s "$IPMERGE" "$TMPD/bin/ipmerge"; bindir=$TMPD/bin; }
PATH=$bindir:$PATH
# nothing of the user's: pre-commit's cache, git's identity and config
PRE_COMMIT_HOME=$TMPD/cache
HOME=$TMPD/home
GIT_CONFIG_NOSYSTEM=1
GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.org
GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.org
export PATH PRE_COMMIT_HOME HOME GIT_CONFIG_NOSYSTEM GIT_AUTHOR_NAME \
  GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL
mkdir "$HOME"

hooks=$TMPD/hooks
mkdir "$hooks" && cd "$hooks" || exit 99
git init -q . && cp "$top_srcdir/.pre-commit-hooks.yaml" . \
  && git add .pre-commit-hooks.yaml && git commit -q -m hooks || fail "cannot make the hooks repository"
rev=$(git rev-parse HEAD)

project=$TMPD/project
mkdir "$project" && cd "$project" || exit 99
git init -q . || exit 99
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $hooks
    rev: $rev
    hooks:
      - id: ipmerge-check
YAML
printf '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\nCOMMIT\n' > good.rules
printf '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A INPUT -p tcp --dport 70000 -j ACCPET\nCOMMIT\n' > bad.rules
printf 'not rules at all\n' > notes.txt
git add .pre-commit-config.yaml good.rules notes.txt && git commit -q -m start \
  || fail "cannot make the project repository"
pre-commit install > "$TMPD/install" 2>&1 || { cat "$TMPD/install"; fail "pre-commit install failed"; }

# a rules file with an error: the commit is refused, with FILE:LINE:COL
git add bad.rules
if git commit -q -m bad > "$TMPD/out" 2>&1; then
  cat "$TMPD/out"; fail "the commit of bad.rules went through"
fi
grep -q 'bad.rules:5:25: error: ' "$TMPD/out" || { cat "$TMPD/out"; fail "the hook did not say bad.rules:5:25"; }
grep -q 'ipmerge --check' "$TMPD/out" || { cat "$TMPD/out"; fail "the hook is not named ipmerge --check"; }

# fixed: it commits; a text file that is no rules file is not checked
printf '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A INPUT -p tcp --dport 7000 -j ACCEPT\nCOMMIT\n' > bad.rules
printf 'still not rules\n' >> notes.txt
git add bad.rules notes.txt
git commit -q -m fixed > "$TMPD/out" 2>&1 || { cat "$TMPD/out"; fail "the commit of a clean bad.rules was refused"; }

# pre-commit run --all-files checks every rules file, warnings fail it too
printf '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:OLD - [0:0]\nCOMMIT\n' > unused.rules
git add unused.rules
pre-commit run --all-files > "$TMPD/out" 2>&1 && { cat "$TMPD/out"; fail "a warning did not fail the hook"; }
grep -q 'unused.rules:5:1: warning: user chain OLD' "$TMPD/out" || { cat "$TMPD/out"; fail "no warning for unused.rules"; }
grep -q 'notes.txt' "$TMPD/out" && { cat "$TMPD/out"; fail "notes.txt was checked"; }
echo "pre-commit: ipmerge-check refuses bad.rules, passes clean files"

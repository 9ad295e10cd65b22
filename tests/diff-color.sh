#!/bin/sh
# --color for --diff, like git: 'auto' colours only a terminal (and not
# with NO_COLOR or TERM=dumb), 'always' also a pipe, 'never' nothing.
. "$top_srcdir/tests/lib.sh"
tmpdir_setup
d="$top_srcdir/tests/golden/diff"
esc=$(printf '\033')

has_sgr () { grep -q "$esc\[" "$1"; }

"$IPMERGE" --diff "$d/long-a.rules" "$d/long-b.rules" > "$TMPD/out"
has_sgr "$TMPD/out" && fail "auto coloured a pipe"
"$IPMERGE" --diff --color=always "$d/long-a.rules" "$d/long-b.rules" > "$TMPD/out"
has_sgr "$TMPD/out" || fail "always did not colour"
grep -q "^$esc\[31m--A INPUT -s 10.0.12.0/24 -j ACCEPT$esc\[m\$" "$TMPD/out" \
  || fail "removed rule not red"
grep -q "^$esc\[32m+-A INPUT -s 10.0.12.0/24 -j DROP$esc\[m\$" "$TMPD/out" \
  || fail "added rule not green"
grep -q "^$esc\[36m@@ -9,7 +8,7 @@$esc\[m \*filter INPUT\$" "$TMPD/out" \
  || fail "hunk header not cyan"
grep -q "^$esc\[1m--- " "$TMPD/out" || fail "header not bold"
"$IPMERGE" --diff --color=never "$d/long-a.rules" "$d/long-b.rules" > "$TMPD/out"
has_sgr "$TMPD/out" && fail "never coloured"

# A terminal, through script(1) from util-linux when there is one.
if script -qec true /dev/null > /dev/null 2>&1; then
  script -qec "'$IPMERGE' --diff '$d/long-a.rules' '$d/long-b.rules'" /dev/null > "$TMPD/out" 2>&1
  has_sgr "$TMPD/out" || fail "auto did not colour a terminal"
  NO_COLOR=1 script -qec "'$IPMERGE' --diff '$d/long-a.rules' '$d/long-b.rules'" /dev/null > "$TMPD/out" 2>&1
  has_sgr "$TMPD/out" && fail "auto coloured with NO_COLOR set"
  TERM=dumb script -qec "'$IPMERGE' --diff '$d/long-a.rules' '$d/long-b.rules'" /dev/null > "$TMPD/out" 2>&1
  has_sgr "$TMPD/out" && fail "auto coloured TERM=dumb"
else
  echo "note: script(1) not usable, terminal case not checked"
fi
exit 0

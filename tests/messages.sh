#!/bin/sh
# Messages, the same in every mode: each line on stderr is
# "ipmerge: FILE:LINE:COL: error|warning: ..." (then the line and a caret)
# or "ipmerge: ..." for the command line and whole files; nothing on stdout
# on error; colour only on a terminal (not with NO_COLOR or TERM=dumb);
# -q silences warnings and never errors; -v gives one note per merged rule
# and per new chain, naming the layer's FILE:LINE.
. "$top_srcdir/tests/lib.sh"
tmpdir_setup
s=$top_srcdir/samples
esc=$(printf '\033')
cd "$TMPD" || exit 99

printf '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp --dport 70000 -j ACCEPT\nCOMMIT\n' > bad.rules
# a whole ruleset (every built-in chain declared): --check reports the
# unused chain, which in an overlay could be the host's
printf '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:UNUSED - [0:0]\n-A INPUT -j ACCEPT\nCOMMIT\n' > warn.rules

# check_stderr FILE: every line is a diagnostic, a quoted line, a caret,
# or an "ipmerge: " message.
check_stderr () {
  bad=$(grep -v -e '^ipmerge: [^ ]*:[0-9][0-9]*:[0-9][0-9]*: \(error\|warning\): ' \
                -e '^  ' -e '^ipmerge: ' "$1")
  [ -z "$bad" ] || { cat "$1"; fail "$2: stray line on stderr: $bad"; }
}

# errors, one per mode and a few command-line ones; nothing on stdout
n=0
while IFS='|' read -r stdin args; do
  n=$((n + 1))
  # shellcheck disable=SC2086 # args are words
  "$IPMERGE" $args < "$stdin" > out 2> err
  st=$?
  [ $st = 2 ] || { cat err; fail "'ipmerge $args' exit status $st, expected 2"; }
  [ -s out ] && fail "'ipmerge $args' wrote to stdout on error"
  [ -s err ] || fail "'ipmerge $args' said nothing"
  check_stderr err "ipmerge $args"
done <<EOF
$s/broken-host.rules|bad.rules
$s/broken-host.rules|--delta bad.rules
bad.rules|--canonical
/dev/null|--canonical bad.rules
/dev/null|--check bad.rules
/dev/null|--diff bad.rules $s/docker-ref.rules
/dev/null|--check no-such-file.rules
/dev/null|no-such-file.rules
/dev/null|--diff a
/dev/null|--bogus
/dev/null|--color=sometimes --check warn.rules
/dev/null|$s/docker-ref.rules
/dev/null|--strict --check warn.rules
EOF
"$IPMERGE" --canonical < bad.rules 2> err > /dev/null
grep -q '^ipmerge: <stdin>:3:25: error: ' err || { cat err; fail "stdin is not named <stdin> at 3:25"; }
"$IPMERGE" --check bad.rules 2> err
grep -q '^ipmerge: bad.rules:3:25: error: ' err || { cat err; fail "no FILE:LINE:COL: error:"; }
sed -n 3p err | grep -q '^                          ^$' || { cat err; fail "the caret is not under column 25"; }

# -q: warnings gone, errors kept
"$IPMERGE" --check warn.rules 2> err; st=$?
[ $st = 1 ] && grep -q '^ipmerge: warn.rules:5:[0-9]*: warning: ' err || { cat err; fail "--check: no warning"; }
"$IPMERGE" -q --check warn.rules 2> err; st=$?
[ $st = 1 ] && [ ! -s err ] || { cat err; fail "-q --check: warnings printed (or wrong status $st)"; }
"$IPMERGE" -q --check bad.rules 2> err
grep -q ': error: ' err || fail "-q silenced an error"

# colour: none into a file, with --color=always, and on a terminal unless
# NO_COLOR or TERM=dumb
"$IPMERGE" --check bad.rules 2> err
grep -q "$esc" err && fail "colour in a file"
"$IPMERGE" --color=always --check bad.rules 2> err
grep -q "$esc\[" err || fail "--color=always did not colour the diagnostics"
if script -qec true /dev/null > /dev/null 2>&1; then
  TERM=xterm script -qec "'$IPMERGE' --check bad.rules" /dev/null > tty 2>&1
  grep -q "$esc\[" tty || fail "no colour on a terminal"
  TERM=xterm NO_COLOR=1 script -qec "'$IPMERGE' --check bad.rules" /dev/null > tty 2>&1
  grep -q "$esc\[" tty && fail "colour on a terminal with NO_COLOR set"
  TERM=dumb script -qec "'$IPMERGE' --check bad.rules" /dev/null > tty 2>&1
  grep -q "$esc\[" tty && fail "colour on a terminal with TERM=dumb"
else
  echo "note: script(1) not usable, terminal case not checked"
fi

# -v: one note per added rule and per new chain of the sample merge,
# each naming the layer FILE:LINE; nothing without -v
"$IPMERGE" "$s/docker-ref.rules" "$s/policy-9999.rules" < "$s/broken-host.rules" > out 2> err \
  || { cat err; fail "the sample merge failed"; }
[ -s err ] && { cat err; fail "the merge printed on stderr without -v"; }
"$IPMERGE" -v "$s/docker-ref.rules" "$s/policy-9999.rules" < "$s/broken-host.rules" > out.v 2> err \
  || { cat err; fail "the sample merge with -v failed"; }
cmp -s out out.v || fail "-v changed the output"
"$IPMERGE" --diff --format json "$s/broken-host.rules" out > diff.json
added=$(sed -n 's/.*"summary": {.*"added": \([0-9]*\),.*/\1/p' diff.json)
chains=$(grep -c '"status": "added"' diff.json)
notes=$(grep -c '^\(ipmerge: \)\{0,1\}[^ ]*\.rules:[0-9][0-9]*\(:[0-9][0-9]*\)\{0,1\}: note: ' err)
# the json counts an added chain's rules in "added" too: one note per rule
[ "$notes" = $((added + chains)) ] \
  || { cat err; fail "-v: $notes notes for $added added rules and $chains new chains"; }
grep -q "policy-9999.rules:[0-9]*.*: note: .*so before .-A INPUT -j REJECT.*which rejects every packet: no rule after it is reached" err \
  || { cat err; fail "-v: the 9999 rule's placement before the final REJECT is not explained"; }
echo "messages: $n error cases, -q, colour and -v as documented"

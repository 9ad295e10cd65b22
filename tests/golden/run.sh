#!/bin/sh
# Golden tests: tests/golden/<group>/<name>.cmd holds the ipmerge arguments
# (one line, run inside the group folder); <name>.in, when present, is stdin.
# Expected, all three always compared: <name>.out (stdout; absent = empty),
# <name>.err (stderr; absent = empty), <name>.status (exit status; absent = 0).
# GOLDEN_UPDATE=1 rewrites the expected files from the current behaviour.
. "$top_srcdir/tests/lib.sh"
tmpdir_setup
failed=0
passed=0
for cmd in "$top_srcdir"/tests/golden/*/*.cmd; do
  [ -e "$cmd" ] || continue
  dir=$(dirname "$cmd")
  name=$(basename "$cmd" .cmd)
  stdin=/dev/null
  [ -e "$dir/$name.in" ] && stdin="$dir/$name.in"
  args=$(cat "$cmd")
  ( cd "$dir" && eval "\"\$IPMERGE\" $args" ) < "$stdin" > "$TMPD/out" 2> "$TMPD/err"
  status=$?
  if [ "${GOLDEN_UPDATE:-}" = 1 ]; then
    if [ -s "$TMPD/out" ]; then cp "$TMPD/out" "$dir/$name.out"; else rm -f "$dir/$name.out"; fi
    if [ -s "$TMPD/err" ]; then cp "$TMPD/err" "$dir/$name.err"; else rm -f "$dir/$name.err"; fi
    if [ "$status" != 0 ]; then echo "$status" > "$dir/$name.status"; else rm -f "$dir/$name.status"; fi
    continue
  fi
  want_status=0
  [ -e "$dir/$name.status" ] && want_status=$(cat "$dir/$name.status")
  ok=1
  if [ "$status" != "$want_status" ]; then
    echo "$dir/$name: exit status $status, expected $want_status"; ok=0
  fi
  if [ -e "$dir/$name.out" ]; then
    diff -u "$dir/$name.out" "$TMPD/out" || ok=0
  elif [ -s "$TMPD/out" ]; then
    echo "$dir/$name: unexpected output on stdout:"; head -5 "$TMPD/out"; ok=0
  fi
  if [ -e "$dir/$name.err" ]; then
    diff -u "$dir/$name.err" "$TMPD/err" || ok=0
  elif [ -s "$TMPD/err" ]; then
    echo "$dir/$name: unexpected output on stderr:"; head -5 "$TMPD/err"; ok=0
  fi
  if [ $ok = 1 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $dir/$name"; fi
done
echo "golden: $passed passed, $failed failed"
[ $failed = 0 ]

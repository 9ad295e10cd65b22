#!/bin/sh
# make check: replays the seed corpus (and every golden input) through the
# fuzz harnesses built as plain programs; a property violation aborts.
. "$top_srcdir/tests/lib.sh"
status=0
for h in canonical merge diff; do
  "$top_builddir/tests/fuzz/replay-$h" "$top_srcdir/tests/fuzz/corpus/$h" || status=1
done
# golden inputs are good canonical seeds as well
set -- "$top_srcdir"/tests/golden/*/*.in
[ -e "$1" ] && { "$top_builddir/tests/fuzz/replay-canonical" "$@" || status=1; }
exit $status

#!/bin/sh
# Include cycles between the modules of src/ (a module is foo.c + foo.h;
# diff-format.c belongs to diff).  An edge A -> B is a file of A with
# '#include "B.h"'.  Every elementary cycle of that graph must be listed in
# tests/include-cycles.allow (today's, to be removed as each is fixed); the
# test fails on a cycle the list lacks and on a listed one that is gone.
# The intended direction is in HACKING.md, "Layout and dependency direction".
. "$top_srcdir/tests/lib.sh"
tmpdir_setup
src=$top_srcdir/src
allow=${INCLUDE_CYCLES_ALLOW:-$top_srcdir/tests/include-cycles.allow}
[ -r "$allow" ] || { echo "include-cycles: cannot read $allow" >&2; exit 99; }

# The module of a file: its name without .c/.h, or for a .c without its
# own header, the longest NAME- prefix that has one (diff-format -> diff).
module_of() {
  m=${1%.[ch]}
  case $1 in
    *.c)
      n=$m
      while [ ! -e "$src/$n.h" ] && [ "${n%-*}" != "$n" ]; do n=${n%-*}; done
      [ -e "$src/$n.h" ] && m=$n ;;
  esac
  echo "$m"
}

: > "$TMPD/edges"
for path in "$src"/*.c "$src"/*.h; do
  [ -e "$path" ] || continue
  file=$(basename "$path")
  from=$(module_of "$file")
  sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$path" |
  while IFS= read -r inc; do
    [ -e "$src/$inc" ] || continue          # config.h, grammar/*.def
    to=$(module_of "$inc")
    [ "$from" = "$to" ] || printf '%s %s %s\n' "$from" "$to" "$file"
  done >> "$TMPD/edges"
done
[ -s "$TMPD/edges" ] || { echo "include-cycles: no include found in $src" >&2; exit 99; }

# Every elementary cycle once, written from its smallest module:
# "a -> b -> c -> a".  From each start S the search only visits modules
# greater than S, so each cycle is found from its smallest module alone.
awk '
  { if (!(($1, $2) in edge)) { edge[$1, $2] = 1; out[$1] = out[$1] " " $2 }
    node[$1] = 1; node[$2] = 1 }
  function walk(start, at, path,    n, next_, k, list) {
    n = split(out[at], list, " ")
    for (k = 1; k <= n; k++) {
      next_ = list[k]
      if (next_ == start)
        print path " -> " start
      else if (next_ > start && !(next_ in on_path)) {
        on_path[next_] = 1
        walk(start, next_, path " -> " next_)
        delete on_path[next_]
      }
    }
  }
  END { for (s in node) { on_path[s] = 1; walk(s, s, s); delete on_path[s] } }
' "$TMPD/edges" | LC_ALL=C sort -u > "$TMPD/found"

# The allow-list without comments and blanks, spaced as above.
sed -e 's/#.*//' -e 's/[[:space:]][[:space:]]*/ /g' -e 's/^ //' -e 's/ $//' \
  "$allow" | grep . | LC_ALL=C sort -u > "$TMPD/allowed" || :

rc=0
LC_ALL=C comm -23 "$TMPD/found" "$TMPD/allowed" > "$TMPD/new"
LC_ALL=C comm -13 "$TMPD/found" "$TMPD/allowed" > "$TMPD/gone"
while IFS= read -r cycle; do
  echo "NEW CYCLE: $cycle"
  # the includes that make it, hop by hop
  set -- $(echo "$cycle" | sed 's/ -> / /g')
  while [ $# -ge 2 ]; do
    awk -v a="$1" -v b="$2" '$1 == a && $2 == b { printf "  %s includes %s.h\n", $3, b }' "$TMPD/edges"
    shift
  done
  rc=1
done < "$TMPD/new"
while IFS= read -r cycle; do
  echo "GONE: $cycle is no cycle any more; remove it from $allow"
  rc=1
done < "$TMPD/gone"
echo "include-cycles: $(wc -l < "$TMPD/found") cycles, $(wc -l < "$TMPD/allowed") allowed"
[ $rc = 0 ] || echo "FAIL: the include cycles of src/ are not those of $allow"
exit $rc

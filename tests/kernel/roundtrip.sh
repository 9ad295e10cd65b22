#!/bin/sh
# Kernel roundtrip of realistic full dumps (tests/corpus/dumps/NAME.v4.rules,
# NAME.v6.rules for ip6tables; NAME.v4.ipset, when present, holds the ipsets
# the dump matches on, in "ipset restore" form).  Needs root and unshare -n;
# every iptables and ipset call runs in a throwaway network namespace.
#
# (a) ipmerge --canonical DUMP is restored with iptables-nft-restore and with
#     iptables-legacy-restore and saved again; the saved text, minus the '#'
#     lines, must equal ipmerge's output byte for byte.  The two backends
#     print the tables in different orders (nft: a fixed order; legacy: the
#     reverse of their creation), so the save is taken table by table
#     ("save -t T") in the order of ipmerge's output.  Where a backend is
#     known to print a rule otherwise (tests/corpus/backend-differences.tsv:
#     backend, dump, ipmerge's line, the backend's line, why), that backend's
#     line is expected instead; an entry that no dump uses is a failure.
# (b) Real iptables-save output (DUMP restored and saved as a whole, for nft
#     and legacy, without and with -c; the -c variant is first loaded with
#     non-zero counters) fed to ipmerge --canonical comes back unchanged
#     apart from the '#' lines.  Also for "iptables-nft-save 2>&1" while
#     legacy tables exist: nft-save then writes "# Warning: iptables-legacy
#     tables present, ..." to stderr, which lands at the start of the text
#     or, past 8 KiB, in the middle of a rule line; ipmerge must give back the
#     clean save.
. "$top_srcdir/tests/lib.sh"
require_netns
for tool in ip6tables-nft-restore ip6tables-legacy-restore ip6tables-nft-save ip6tables-legacy-save; do
  command -v "$tool" >/dev/null 2>&1 || skip "$tool not installed"
done
require_ipset
tmpdir_setup

dumps=${ROUNDTRIP_DUMPS:-$top_srcdir/tests/corpus/dumps}
differences=${ROUNDTRIP_DIFFERENCES:-$top_srcdir/tests/corpus/backend-differences.tsv}
[ -r "$differences" ] || { echo "roundtrip: cannot read $differences" >&2; exit 99; }
: > "$TMPD/used"
passed=0
failed=0

pass () { passed=$((passed + 1)); }
flunk () {
  failed=$((failed + 1))
  echo "FAIL: $*"
}

# compare NAME WANT GOT: WANT and GOT are files that must be byte-identical.
compare () {
  if cmp -s "$2" "$3"; then
    pass
  else
    flunk "$1"
    diff -u "$2" "$3" | head -40
  fi
}

# canonical FAMILY IN OUT: ipmerge --canonical IN > OUT; non-zero on failure
# (the reason is printed).
canonical () {
  if [ "$1" = 6 ]; then
    "$IPMERGE" -6 --canonical "$2" > "$3" 2> "$TMPD/ipmerge.err"
  else
    "$IPMERGE" --canonical "$2" > "$3" 2> "$TMPD/ipmerge.err"
  fi
  _st=$?
  [ $_st = 0 ] && return 0
  echo "  ipmerge --canonical exited $_st:"
  head -5 "$TMPD/ipmerge.err" | sed 's/^/  /'
  return 1
}

# expect_backend BACKEND NAME < CANONICAL: ipmerge's output with the lines
# that BACKEND prints otherwise for dump NAME replaced by what it prints;
# appends the entries it used to $TMPD/used.
expect_backend () {
  awk -F '\t' -v backend="$1" -v dump="$2" -v used="$TMPD/used" '
    FNR == NR {
      if ($0 !~ /^#/ && NF >= 4 && $1 == backend && $2 == dump) want[$3] = $4
      next
    }
    $0 in want { print backend "\t" dump "\t" $0 >> used; print want[$0]; next }
    { print }' "$differences" -
}

# add_counters < SAVE-C-OUTPUT: gives every built-in chain and every rule
# distinct non-zero counters.
add_counters () {
  awk '
    /^:/ && $2 != "-" { n++; sub(/\[[0-9]+:[0-9]+\]$/, "[" n ":" n * 97 "]") }
    /^\[[0-9]+:[0-9]+\] -A / { n++; sub(/^\[[0-9]+:[0-9]+\]/, "[" n ":" n * 131 "]") }
    { print }'
}

# mixed_save FILE SETS: in a throwaway namespace that also holds a legacy
# table, restores FILE with iptables-nft-restore and prints
# "iptables-nft-save 2>&1".
mixed_save () {
  _prefix=iptables
  [ "${IPT_FAMILY:-4}" = 6 ] && _prefix=ip6tables
  # shellcheck disable=SC2016 # expanded by the inner shell
  unshare -n -- sh -c '
    printf "*raw\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n" |
      "$1-legacy-restore" || exit 3
    if [ -n "$3" ]; then ipset restore < "$3" || exit 4; fi
    "$1-nft-restore" < "$2" || exit 3
    "$1-nft-save" 2>&1' sh "$_prefix" "$1" "$2"
}

found=0
for dump in "$dumps"/*.rules; do
  [ -e "$dump" ] || continue
  found=1
  name=$(basename "$dump" .rules)
  case $name in
    *.v6) family=6 ;;
    *) family=4 ;;
  esac
  IPT_FAMILY=$family
  sets=
  [ -e "$dumps/$name.ipset" ] && sets="$dumps/$name.ipset"

  # (a) ipmerge's canonical form is what the kernel prints back.
  if canonical "$family" "$dump" "$TMPD/canon"; then
    tables=$(sed -n 's/^\*//p' "$TMPD/canon")
    for backend in nft legacy; do
      # shellcheck disable=SC2086 # one word per table
      if kernel_save "$backend" "$TMPD/canon" "$sets" "" "" $tables \
          > "$TMPD/saved" 2> "$TMPD/err"; then
        grep -v '^#' "$TMPD/saved" > "$TMPD/saved.nc"
        expect_backend "$backend" "$name" < "$TMPD/canon" > "$TMPD/want"
        compare "(a) $name: $backend restore+save of ipmerge --canonical" \
          "$TMPD/want" "$TMPD/saved.nc"
      else
        flunk "(a) $name: $backend restore of ipmerge --canonical failed"
        head -5 "$TMPD/err"
      fi
    done
  else
    flunk "(a) $name: nft"
    flunk "(a) $name: legacy"
  fi

  # (b) real iptables-save output is already canonical.
  for backend in nft legacy; do
    if ! kernel_save "$backend" "$dump" "$sets" "" "" > "$TMPD/real" 2> "$TMPD/err" ||
       ! kernel_save "$backend" "$dump" "$sets" "" -c > "$TMPD/real0-c" 2>> "$TMPD/err"; then
      echo "roundtrip: the kernel rejects $dump ($backend):" >&2
      cat "$TMPD/err" >&2
      exit 99
    fi
    add_counters < "$TMPD/real0-c" > "$TMPD/counted"
    if ! kernel_save "$backend" "$TMPD/counted" "$sets" -c -c > "$TMPD/real-c" 2> "$TMPD/err"; then
      echo "roundtrip: the kernel rejects its own save of $dump with counters ($backend):" >&2
      cat "$TMPD/err" >&2
      exit 99
    fi
    for variant in real real-c; do
      grep -v '^#' "$TMPD/$variant" > "$TMPD/$variant.nc"
      if canonical "$family" "$TMPD/$variant" "$TMPD/out"; then
        compare "(b) $name: ipmerge --canonical of iptables-$backend-save${variant#real}" \
          "$TMPD/$variant.nc" "$TMPD/out"
      else
        flunk "(b) $name: ipmerge --canonical of iptables-$backend-save${variant#real}"
      fi
    done
  done

  # (b) iptables-nft-save 2>&1 with the legacy-tables warning spliced in.
  kernel_save nft "$dump" "$sets" "" "" | grep -v '^#' > "$TMPD/clean.nc"
  if ! mixed_save "$dump" "$sets" > "$TMPD/mixed" 2> "$TMPD/err"; then
    echo "roundtrip: the kernel rejects $dump (nft with legacy tables):" >&2
    cat "$TMPD/err" >&2
    exit 99
  fi
  if canonical "$family" "$TMPD/mixed" "$TMPD/out"; then
    compare "(b) $name: ipmerge --canonical of iptables-nft-save 2>&1 (legacy tables warning)" \
      "$TMPD/clean.nc" "$TMPD/out"
  else
    flunk "(b) $name: ipmerge --canonical of iptables-nft-save 2>&1 (legacy tables warning)"
  fi
done
[ $found = 1 ] || { echo "roundtrip: no dump in $dumps" >&2; exit 99; }

# Every known difference still shows: one that no longer does is stale.
while IFS="$(printf '\t')" read -r backend dump line rest; do
  case $backend in ''|'#'*) continue ;; esac
  if grep -qxF "$backend	$dump	$line" "$TMPD/used"; then
    pass
  else
    flunk "backend-differences.tsv: '$backend $dump $line' was not used (no such line in ipmerge's output)"
  fi
done < "$differences"

echo "roundtrip: $passed passed, $failed failed"
[ $failed = 0 ]

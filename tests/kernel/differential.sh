#!/bin/sh
# Kernel-differential test: generated whole rulesets (tests/gen: every
# module of the kernel-oracle corpus and of tests/canon where both backends
# agree, user chains, jumps and gotos, four tables, counters), IPv4 and
# IPv6, iptables-nft and iptables-legacy.  For each seed and backend, in
# throwaway namespaces:
#   1. restore(x) saved (S1) == restore(ipmerge --canonical x) saved (S2),
#      and ipmerge --canonical S1 == S1 (ipmerge's canonical text is the
#      kernel's);
#   2. host x merged with a reference layer: every host rule and every
#      layer rule is in the kernel's save of the merge, per chain, counting
#      duplicates, and nothing else is;
#   3. host x merged with an overlay (-D -I -N -F -P): the kernel's save has
#      exactly the rules of the host with the overlay's commands applied;
#   4. restore(host) + the --delta of both layers with --noflush saves as
#      restore(the merge of both layers).
# A failure prints the seed, the failing chain and, for 1, the one rule that
# fails alone (if there is one), and keeps the files in $KDIFF_KEEP.
#
# make check: a few fixed seeds.  KERNEL_LONG_MINUTES=N (make
# check-kernel-long): seeds from $KDIFF_FIRST_SEED on, for N minutes, with a
# progress line per seed and a summary.
. "$top_srcdir/tests/lib.sh"
require_netns
tmpdir_setup
gen=$top_builddir/tests/gen/gen-rules
[ -x "$gen" ] || skip "$gen not built"
keep=${KDIFF_KEEP:-$top_builddir/differential-failures}
seeds_run=0
rules_checked=0
rules_unmerged=0
known_seen=0
known_checked=0
known_list=$top_srcdir/tests/kernel/differential-known.tsv
failures=0
failed_here=0

# flunk WHAT: one failure of the current seed ($seed $fam $backend).
flunk () {
  failures=$((failures + 1))
  failed_here=1
  echo "FAIL: seed $seed -$fam $backend: $*"
}

# save_of FILE [RESTORE-OPT FILE2]: restore FILE (then FILE2 with
# RESTORE-OPT) in a fresh namespace and print the save without '#' lines.
save_of () {
  # shellcheck disable=SC2016 # expanded by the inner shell
  unshare -n -- sh -c '
    p=$1 f=$2 opt=$3 f2=$4
    $p-restore < "$f" || exit 3
    if [ -n "$f2" ]; then $p-restore $opt < "$f2" || exit 4; fi
    $p-save' sh "$prefix-$backend" "$1" "${2:-}" "${3:-}" | grep -v '^#'
}

# rules_of DUMP: "table chain spec" for each -A line (counters dropped),
# sorted, duplicates kept.
rules_of () {
  awk '/^\*/ { t = substr($0, 2); next }
       { sub(/^\[[0-9]+:[0-9]+\] /, "") }
       /^-A / { c = $2; sub(/^-A [^ ]+ ?/, ""); print t " " c " " $0 }' "$1" | LC_ALL=C sort
}

# not_merged STDERR: "table chain spec" of each layer rule ipmerge left out
# with a warning because an earlier rule of its own layer takes every
# packet (see the manual: such a rule is never merged).
not_merged () {
  sed -n "s/^.*warning: '-A \([^ ]*\) \(.*\)' is not merged into \([a-z]*\) [^ ]*: in its own layer .*/\3 \1 \2/p" "$1" |
    LC_ALL=C sort
}

# minus A B: the sorted multiset A less one copy of each line of B.
minus () {
  awk 'FILENAME == ARGV[1] { b[$0]++; next } b[$0] > 0 { b[$0]--; next } { print }' "$2" "$1"
}

# chain_of LINE-OF-A-SAVE: the chain a save line is about.
chain_of () {
  printf '%s\n' "$1" | sed -n 's/^[-+]\(\[[0-9:]*\] \)\{0,1\}-A \([^ ]*\) .*/\2/p; s/^[-+]:\([^ ]*\) .*/\1/p' | head -1
}

# only_chain DUMP CHAIN [RULE-NUMBER]: DUMP with every table's declarations
# but only CHAIN's rules (only its Nth, with RULE-NUMBER).
only_chain () {
  awk -v c="$2" -v n="${3:-0}" '
    { line = $0; sub(/^\[[0-9]+:[0-9]+\] /, "", line) }
    line ~ /^-A / { split(line, w, " "); if (w[2] != c) next; k++; if (n && k != n) next }
    { print }' "$1"
}

# keep_files DIR FILE...: the files of a failure, for a reproducer.
keep_files () {
  _dir=$1; shift
  mkdir -p "$_dir" && cp "$@" "$_dir/"
  echo "  files kept in $_dir"
}

# same_canon DUMP: restore(DUMP) saves as restore(ipmerge --canonical DUMP).
same_canon () {
  "$IPMERGE" -"$fam" --canonical < "$1" > "$TMPD/min-c" 2>/dev/null || return 1
  save_of "$1" > "$TMPD/min-s1" && save_of "$TMPD/min-c" > "$TMPD/min-s2" &&
    cmp -s "$TMPD/min-s1" "$TMPD/min-s2"
}

# minimize X DIFF-LINE: the failing chain of X, and its one rule that fails
# alone, if any.
minimize () {
  _chain=$(chain_of "$2")
  [ -n "$_chain" ] || return
  only_chain "$1" "$_chain" > "$TMPD/repro-chain"
  if same_canon "$TMPD/repro-chain"; then
    echo "  the chain $_chain alone does not fail; the whole ruleset is the reproducer"
    return
  fi
  _n=$(grep -c -E "^(\[[0-9:]+\] )?-A $_chain " "$TMPD/repro-chain")
  _k=1
  while [ "$_k" -le "$_n" ]; do
    only_chain "$1" "$_chain" "$_k" > "$TMPD/repro-rule"
    if ! same_canon "$TMPD/repro-rule"; then
      echo "  reproducer (one rule; restore it and ipmerge -$fam --canonical of it, compare the saves):"
      grep -E "^(\*|(\[[0-9:]+\] )?-A )" "$TMPD/repro-rule" | sed 's/^/    /'
      cp "$TMPD/repro-rule" "$TMPD/repro"
      return
    fi
    _k=$((_k + 1))
  done
  echo "  reproducer: the chain $_chain ($_n rules; no rule fails alone):"
  grep -E "^(\*|(\[[0-9:]+\] )?-A $_chain )" "$TMPD/repro-chain" | sed 's/^/    /'
  cp "$TMPD/repro-chain" "$TMPD/repro"
}

# delta_culprit DELTA RESTORE-STDERR X X-CANON: the delta line the restore
# refused, and the rule of X it is about (the same chain and position in
# ipmerge --canonical X), as a one-rule reproducer.
delta_culprit () {
  _n=$(sed -n 's/.*line \([0-9]*\) failed.*/\1/p' "$2" | head -1)
  [ -n "$_n" ] || return
  _line=$(sed -n "${_n}p" "$1")
  echo "  the delta's line $_n: $_line"
  _chain=$(printf '%s\n' "$_line" | awk '{ print $2 }')
  _spec=$(printf '%s\n' "$_line" | sed 's/^-[CDI] [^ ]* //')
  _table=$(awk -v n="$_n" 'NR <= n && /^\*/ { t = substr($0, 2) } NR == n { print t; exit }' "$1")
  # the position of the rule in its chain in X-CANON, then that rule of X
  _k=$(awk -v t="$_table" -v c="$_chain" -v s="$_spec" '
    /^\*/ { tt = substr($0, 2); next }
    { l = $0; sub(/^\[[0-9]+:[0-9]+\] /, "", l) }
    tt == t && l ~ /^-A / { split(l, w, " "); if (w[2] != c) next; k++; sp = l; sub(/^-A [^ ]+ ?/, "", sp); if (sp == s) { print k; exit } }' "$4")
  [ -n "$_k" ] || return
  culprit=$(awk -v t="$_table" -v c="$_chain" -v n="$_k" '
    /^\*/ { tt = substr($0, 2); next }
    { l = $0; sub(/^\[[0-9]+:[0-9]+\] /, "", l) }
    tt == t && l ~ /^-A / { split(l, w, " "); if (w[2] != c) next; k++; if (k == n) { sub(/^-A [^ ]+ ?/, "", l); print l; exit } }' "$3")
  awk -v t="$_table" -v c="$_chain" -v n="$_k" '
    /^\*/ { tt = substr($0, 2); on = tt == t }
    !on { next }
    { l = $0; sub(/^\[[0-9]+:[0-9]+\] /, "", l) }
    l ~ /^-A / { split(l, w, " "); if (w[2] != c) next; k++; if (k != n) next; print l; next }
    { print }' "$3" > "$TMPD/repro"
  printf '*%s\n-C %s %s\nCOMMIT\n' "$_table" "$_chain" "$_spec" > "$TMPD/repro-check"
  echo "  the host rule as written in x:"
  grep -E "^-A " "$TMPD/repro" | sed 's/^/    /'
  if save_of "$TMPD/repro" --noflush "$TMPD/repro-check" > /dev/null 2>&1; then
    echo "  (alone, -C of ipmerge's text matches it: the failure needs the whole chain)"
  else
    echo "  reproducer: restore that rule, then restore --noflush '-C $_chain $_spec' (ipmerge's canonical text): refused"
  fi
}

# known_as SPEC: the id of the row of differential-known.tsv for this
# family and backend whose ERE matches SPEC (a host rule as written).
known_as () {
  awk -F '\t' -v f="$fam" -v b="$backend" -v s="$1" '
    /^#/ || NF < 9 { next }
    ($3 == "*" || $3 == f) && ($4 == "*" || $4 == b) && s ~ $7 { print $1; exit }' "$known_list"
}

# check_known: the example of each known failure still fails (or its row
# is stale and must go).
check_known () {
  seed=known
  while IFS='	' read -r id _first kfam kbackend table chain _ere example _why; do
    case $id in ''|'#'*) continue ;; esac
    for fam in 4 6; do
      [ "$kfam" = "*" ] || [ "$kfam" = "$fam" ] || continue
      prefix=iptables
      [ "$fam" = 6 ] && prefix=ip6tables
      export IPT_FAMILY="$fam"
      printf '*%s\n:%s ACCEPT [0:0]\n-A %s %s\n-A %s -s %s -j ACCEPT\nCOMMIT\n' "$table" "$chain" \
        "$chain" "$example" "$chain" "$( [ "$fam" = 6 ] && echo 2001:db8::9/128 || echo 192.0.2.9/32)" > "$TMPD/k-host"
      _canon=$("$IPMERGE" -"$fam" --canonical < "$TMPD/k-host" | sed -n "s/^-A $chain //p" | head -1)
      printf '*%s\n-D %s %s\nCOMMIT\n' "$table" "$chain" "$_canon" > "$TMPD/k-ovl"
      if ! "$IPMERGE" -"$fam" --delta "$TMPD/k-ovl" < "$TMPD/k-host" > "$TMPD/k-delta" 2> "$TMPD/err"; then
        backend=any; flunk "known failure $id: ipmerge --delta failed"; cat "$TMPD/err"; continue
      fi
      for backend in nft legacy; do
        [ "$kbackend" = "*" ] || [ "$kbackend" = "$backend" ] || continue
        if save_of "$TMPD/k-host" --noflush "$TMPD/k-delta" > /dev/null 2>&1; then
          flunk "known failure $id no longer fails (the kernel took the delta): remove its row from $known_list"
        else
          known_checked=$((known_checked + 1))
        fi
      done
    done
  done < "$known_list"
}

# expected_overlay HOST-CANON OVERLAY: HOST with OVERLAY's -D/-F/-X/-N/-A/-I
# applied, as a dump (rules in no particular order: only the multiset of
# rules per chain is compared).
expected_overlay () {
  awk '
    FNR == 1 { file++ }
    /^\*/ { t = substr($0, 2); if (!(t in seen)) { seen[t] = 1; order[++nt] = t } ; next }
    /^COMMIT/ { next }
    /^:/ { split($0, w, " "); ch = substr(w[1], 2)
           if (!((t, ch) in decl)) { decl[t, ch] = (file == 1 ? $0 : ":" ch " - [0:0]"); dorder[t, ++nd[t]] = ch }
           next }
    { line = $0; sub(/^\[[0-9]+:[0-9]+\] /, "", line) }
    line ~ /^-[AIDFXN] / {
      split(line, w, " "); op = w[1]; ch = w[2]
      spec = line; sub(/^-[AIDFXN] [^ ]+ ?/, "", spec)
      if (op == "-I" && spec ~ /^[0-9]+( |$)/) sub(/^[0-9]+ ?/, "", spec)
      if (op == "-N") { if (!((t, ch) in decl)) { decl[t, ch] = ":" ch " - [0:0]"; dorder[t, ++nd[t]] = ch } }
      else if (op == "-A" || op == "-I") cnt[t, ch, spec]++
      else if (op == "-D") { if (cnt[t, ch, spec] > 0) cnt[t, ch, spec]-- }
      else if (op == "-F" || op == "-X") {
        for (k in cnt) { split(k, kk, SUBSEP); if (kk[1] == t && kk[2] == ch) delete cnt[k] }
        if (op == "-X") delete decl[t, ch]
      }
      if (!((t, ch, spec) in sorder) && (op == "-A" || op == "-I")) { sorder[t, ch, spec] = 1; rl[t, ++nr[t]] = ch SUBSEP spec }
    }
    END {
      for (i = 1; i <= nt; i++) {
        t = order[i]; print "*" t
        for (j = 1; j <= nd[t]; j++) if ((t, dorder[t, j]) in decl) print decl[t, dorder[t, j]]
        for (j = 1; j <= nr[t]; j++) {
          split(rl[t, j], r, SUBSEP)
          for (m = 0; m < cnt[t, r[1], r[2]]; m++) print "-A " r[1] (r[2] == "" ? "" : " " r[2])
        }
        print "COMMIT"
      }
    }' "$1" "$2"
}

# show_chain CHAIN FILE...: the lines of each FILE about CHAIN.
show_chain () {
  _c=$1; shift
  for _f do
    echo "  $(basename "$_f"):"
    grep -E "^(\*|:$_c |(\[[0-9:]+\] )?-[AIDF] $_c( |$))" "$_f" | sed 's/^/    /' | head -60
  done
}

# run_seed SEED FAMILY SIZE: every check, both backends.
run_seed () {
  seed=$1 fam=$2 size=$3
  prefix=iptables
  [ "$fam" = 6 ] && prefix=ip6tables
  export IPT_FAMILY="$fam"
  d=$TMPD/s
  rm -rf "$d"; mkdir -p "$d"
  backend=generator
  if ! { "$gen" -"$fam" --canon host "$seed" "$size" > "$d/x" &&
         "$IPMERGE" -"$fam" --canonical < "$d/x" > "$d/x.canon" &&
         "$gen" -"$fam" --canon reference "$seed" "$d/x.canon" > "$d/ref" &&
         "$gen" -"$fam" --canon overlay "$seed" "$d/x.canon" "$d/ref" > "$d/ovl" &&
         "$IPMERGE" -"$fam" --canonical < "$d/ref" > "$d/ref.canon" &&
         "$IPMERGE" -"$fam" "$d/ref" < "$d/x" > "$d/merged-ref" 2> "$d/warn-ref" &&
         "$IPMERGE" -"$fam" "$d/ovl" < "$d/x" > "$d/merged-ovl" 2> "$d/warn-ovl" &&
         "$IPMERGE" -"$fam" "$d/ref" "$d/ovl" < "$d/x" > "$d/merged" &&
         "$IPMERGE" -"$fam" --delta "$d/ref" "$d/ovl" < "$d/x" > "$d/delta"; } 2> "$d/err"; then
    flunk "the generator or ipmerge failed"; sed 's/^/  /' "$d/err" | head -20
    keep_files "$keep/seed-$seed-$fam" "$d"/*
    return
  fi
  expected_overlay "$d/x.canon" "$d/ovl" > "$d/expected-ovl"
  if ! "$IPMERGE" -"$fam" --canonical < "$d/expected-ovl" > "$d/expected-ovl.canon" 2> "$d/err"; then
    flunk "the overlay model does not parse"; sed 's/^/  /' "$d/err" | head; return
  fi
  rules_of "$d/x.canon" > "$d/r-host"
  not_merged "$d/warn-ref" > "$d/r-ref-unmerged"
  rules_of "$d/ref.canon" > "$d/r-ref-all"
  minus "$d/r-ref-all" "$d/r-ref-unmerged" > "$d/r-ref"
  not_merged "$d/warn-ovl" > "$d/r-ovl-unmerged"
  rules_of "$d/expected-ovl.canon" > "$d/r-ovl-all"
  minus "$d/r-ovl-all" "$d/r-ovl-unmerged" > "$d/r-ovl"
  rules_unmerged=$((rules_unmerged + $(cat "$d/r-ref-unmerged" "$d/r-ovl-unmerged" | wc -l)))
  for backend in nft legacy; do
    failed_here=0
    b=$d/$backend
    # 1. the kernel keeps what ipmerge --canonical prints
    if ! save_of "$d/x" > "$b.s1"; then flunk "the kernel refused x"; continue; fi
    if ! save_of "$d/x.canon" > "$b.s2"; then
      flunk "the kernel refused ipmerge --canonical x"
    elif ! cmp -s "$b.s1" "$b.s2"; then
      flunk "restore(x) and restore(ipmerge --canonical x) save differently"
      diff -u "$b.s1" "$b.s2" > "$b.diff"; head -20 "$b.diff"
      minimize "$d/x" "$(grep -E '^[-+]' "$b.diff" | grep -v -E '^(---|[+]{3}) ' | head -1)"
    fi
    "$IPMERGE" -"$fam" --canonical < "$b.s1" | grep -v '^#' > "$b.s1.canon"
    if ! cmp -s "$b.s1" "$b.s1.canon"; then
      flunk "ipmerge --canonical of the kernel's save is not the save"
      diff -u "$b.s1" "$b.s1.canon" | head -20
    fi
    rules_checked=$((rules_checked + $(wc -l < "$d/r-host")))
    # 2. a reference layer: the kernel has every rule of both, and no other
    if ! save_of "$d/merged-ref" > "$b.k-ref"; then
      flunk "the kernel refused the merge with the reference"
    else
      rules_of "$b.k-ref" > "$b.r-kref"
      if ! awk 'FILENAME == ARGV[1] { h[$0]++; next }
                FILENAME == ARGV[2] { r[$0]++; next }
                { k[$0]++ }
                END {
                  for (x in h) if (k[x] < h[x]) { print "  missing (host, " h[x] "x, kernel " k[x] + 0 "x): " x; bad = 1 }
                  for (x in r) if (k[x] < r[x]) { print "  missing (layer, " r[x] "x, kernel " k[x] + 0 "x): " x; bad = 1 }
                  for (x in k) if (!(x in h) && !(x in r)) { print "  in neither host nor layer: " x; bad = 1 }
                  exit bad
                }' "$d/r-host" "$d/r-ref" "$b.r-kref" > "$b.ref-report"; then
        flunk "the merge with the reference lost or invented rules"
        head -20 "$b.ref-report"
        show_chain "$(sed -n '1s/^[^:]*: [^ ]* \([^ ]*\).*/\1/p' "$b.ref-report")" \
          "$d/x.canon" "$d/ref.canon" "$b.k-ref"
      fi
      rules_checked=$((rules_checked + $(wc -l < "$d/r-ref")))
    fi
    # 3. an overlay: the host's rules with its commands applied
    if ! save_of "$d/merged-ovl" > "$b.k-ovl"; then
      flunk "the kernel refused the merge with the overlay"
    else
      rules_of "$b.k-ovl" > "$b.r-kovl"
      if ! cmp -s "$d/r-ovl" "$b.r-kovl"; then
        flunk "the merge with the overlay is not host + overlay"
        diff "$d/r-ovl" "$b.r-kovl" | head -20
        _c=$(diff "$d/r-ovl" "$b.r-kovl" | sed -n 's/^[<>] [^ ]* \([^ ]*\) .*/\1/p' | head -1)
        show_chain "$_c" "$d/x.canon" "$d/ovl" "$b.k-ovl"
      fi
      rules_checked=$((rules_checked + $(wc -l < "$d/r-ovl")))
    fi
    # 4. the delta of both layers on the restored host
    if ! save_of "$d/merged" > "$b.want"; then
      flunk "the kernel refused the merge of both layers"
    elif ! save_of "$d/x" --noflush "$d/delta" > "$b.got" 2> "$b.delta-err"; then
      culprit=
      delta_culprit "$d/delta" "$b.delta-err" "$d/x" "$d/x.canon" > "$b.culprit"
      _id=$( [ -n "$culprit" ] && known_as "$culprit")
      if [ -n "$_id" ]; then
        known_seen=$((known_seen + 1))
        echo "KNOWN: seed $seed -$fam $backend: the kernel refused the delta: $_id (tests/kernel/differential-known.tsv)"
      else
        flunk "the kernel refused the delta (restore --noflush)"
      fi
      sed 's/^/  /' "$b.delta-err" | head -3
      cat "$b.culprit"
    elif ! cmp -s "$b.want" "$b.got"; then
      flunk "restore(host) + --delta != restore(merge)"
      diff -u "$b.want" "$b.got" | head -20
    fi
    if [ "$failed_here" = 1 ]; then
      echo "  reproduce: $gen -$fam --canon host $seed $size > x (top_srcdir=$top_srcdir), then as above"
      keep_files "$keep/seed-$seed-$fam-$backend" "$d"/x "$d"/x.canon "$d"/ref "$d"/ovl "$d"/delta \
        "$d"/merged* "$d"/expected-ovl* "$b".*
      if [ -f "$TMPD/repro" ]; then cp "$TMPD/repro" "$keep/seed-$seed-$fam-$backend/"; fi
      rm -f "$TMPD/repro"
    fi
  done
  seeds_run=$((seeds_run + 1))
}

check_known
if [ -n "${KERNEL_LONG_MINUTES:-}" ]; then
  deadline=$(( $(date +%s) + KERNEL_LONG_MINUTES * 60 ))
  seed=${KDIFF_FIRST_SEED:-1000}
  echo "differential: seeds from $seed for $KERNEL_LONG_MINUTES minutes"
  while [ "$(date +%s)" -lt "$deadline" ]; do
    s=$seed
    for fam in 4 6; do
      # sizes from 50 to 2000 rules, by seed
      run_seed "$s" "$fam" $(( 50 + (s * 7919) % 1950 ))
    done
    seed=$((s + 1))
    echo "differential: seed $s done; $seeds_run runs, $rules_checked rules checked, $failures failures ($(( (deadline - $(date +%s)) / 60 )) min left)"
  done
else
  for s in 1 2 3; do
    for fam in 4 6; do run_seed "$s" "$fam" 400; done
  done
fi
echo "differential: $seeds_run seed runs (x both backends), $rules_checked rules checked ($rules_unmerged layer rules left out as unreachable, with a warning), $failures failures, $known_seen known failures met ($known_checked known-failure examples still fail)"
[ "$failures" = 0 ]

#!/bin/sh
# make bench: times ipmerge against the standard text tools on generated
# kube-proxy-shaped dumps.  Not a pass/fail test: it prints a table.
#   --sizes "1000 5000 20000 60000"   Services per dump (2 endpoints each);
#                                     the largest also without per-endpoint
#                                     comments, and once 1000 Services with
#                                     100 endpoints each
#   --runs N                          runs per measurement, median reported
#   --out DIR                         where the dumps go (default bench-out)
set -eu
: "${IPMERGE:?}" "${GEN_KUBE:?}" "${top_srcdir:?}"
MEASURE=${MEASURE:-$(dirname "$GEN_KUBE")/measure}
sizes="1000 5000 20000 60000"
runs=3
out=bench-out
while [ $# -gt 0 ]; do
  case $1 in
    --sizes) sizes=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "bench: unknown option $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$out"
layers=""
for f in "$top_srcdir"/samples/docker-ref.rules "$top_srcdir"/samples/policy-9999.rules; do
  [ -f "$f" ] && layers="$layers $f"
done

# median SECONDS of $runs runs; sets MED_T, MED_RSS (KB of the median run's peak)
median () {
  in=$1; shift
  : > "$out/.times"
  i=0
  while [ $i -lt "$runs" ]; do
    "$MEASURE" "$in" /dev/null "$@" >> "$out/.times"
    i=$((i + 1))
  done
  set -- $(sort -n "$out/.times" | sed -n "$(( (runs + 1) / 2 ))p")
  MED_T=$1; MED_RSS=$2; MED_EXIT=$3
}

row () {  # name file
  bytes=$(wc -c < "$2"); lines=$(wc -l < "$2")
  awk -v n="$1" -v t="$MED_T" -v b="$bytes" -v l="$lines" -v r="$MED_RSS" -v s="${SORT_T:-0}" -v d="${DIFF_T:-0}" -v e="$MED_EXIT" '
    BEGIN {
      mbs = t > 0 ? b / 1e6 / t : 0; lps = t > 0 ? l / t : 0
      rs = s > 0 ? sprintf("%.2f", t / s) : "-"
      rd = d > 0 ? sprintf("%.2f", t / d) : "-"
      printf "  %-34s %9.3f %9.1f %11.0f %9.1f %8s %8s%s\n", n, t, mbs, lps, r / 1024, rs, rd, (e == 0 || e == 1) ? "" : "  (exit " e ")"
    }'
}

echo "ipmerge benchmark on $(uname -m), $(nproc) cores, $(awk '/model name/ {sub(/.*: /, ""); print; exit}' /proc/cpuinfo 2>/dev/null)"
echo "median of $runs runs; MB/s and lines/s of the input; RSS = peak resident set of the command"
for n in $sizes; do
  for variant in comments nocomments wide; do
    case $variant in
      comments) f="$out/kube-$n.rules"; args="--services $n" ;;
      nocomments) [ "$n" = "$(echo $sizes | awk '{print $NF}')" ] || continue
                  f="$out/kube-$n-nocomments.rules"; args="--services $n --no-endpoint-comments" ;;
      wide) [ "$n" = "$(echo $sizes | awk '{print $1}')" ] || continue
            f="$out/kube-1000-x100.rules"; args="--services 1000 --endpoints 100 --no-endpoint-comments" ;;
    esac
    [ -s "$f" ] || "$GEN_KUBE" $args --seed 1 > "$f"
    [ -s "$f.churn" ] || "$GEN_KUBE" $args --seed 1 --churn 1 > "$f.churn"
    echo
    echo "$(basename "$f"): $(wc -l < "$f") lines, $(( $(wc -c < "$f") / 1000000 )) MB"
    printf "  %-34s %9s %9s %11s %9s %8s %8s\n" command seconds MB/s lines/s RSS_MB "/sort" "/diff"
    SORT_T=0; DIFF_T=0
    median "$f" env LC_ALL=C sort;                 SORT_T=$MED_T; row "LC_ALL=C sort" "$f"
    median - diff "$f" "$f.churn";                DIFF_T=$MED_T; row "diff (1% churn pair)" "$f"
    median "$f" md5sum;                            row "md5sum" "$f"
    median "$f" "$IPMERGE" --canonical;            row "ipmerge --canonical" "$f"
    if [ -n "$layers" ]; then
      median "$f" "$IPMERGE" $layers;              row "ipmerge merge (docker+9999)" "$f"
      median "$f" "$IPMERGE" --delta $layers;      row "ipmerge --delta" "$f"
    fi
    median - "$IPMERGE" --diff "$f" "$f.churn";    row "ipmerge --diff (1% churn)" "$f"
    if [ "$(id -u)" = 0 ] && command -v iptables-legacy-restore >/dev/null && unshare -n true 2>/dev/null; then
      median "$f" unshare -n iptables-legacy-restore --test; row "iptables-legacy-restore --test" "$f"
    fi
  done
done

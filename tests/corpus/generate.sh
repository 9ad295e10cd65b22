#!/bin/sh
# Kernel oracle for the spelling corpus.  Run by hand, as root (not by make
# check):
#
#   sh tests/corpus/generate.sh [SPELLINGS [EXPECTED [REJECTIONS]]]
#
# For every case of SPELLINGS (default tests/corpus/spellings.tsv) it builds the
# one-rule dump (tests/corpus/lib.sh: corpus_dump), restores it with
# iptables-nft-restore and with iptables-legacy-restore (ip6tables-* for
# family 6), each in its own throwaway network namespace (unshare -n), saves,
# and writes EXPECTED (default tests/corpus/expected.tsv), tab-separated:
#
#   id family table chain input-spec nft-canonical legacy-canonical
#
# where a canonical is the words after "-A CHAIN " in the save output,
# "REJECTED" when the restore failed, "NONE" when it succeeded without a rule,
# several rules joined by "<NL>".  REJECTIONS (default
# tests/corpus/rejections.txt) gets the restore's error message of every
# rejected case.
#
# Never touches the machine's own namespace: every iptables and ipset call
# runs inside "unshare -n".  The ipsets that the set cases name are created
# in each namespace (package ipset).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

spellings=${1:-$here/spellings.tsv}
expected=${2:-$here/expected.tsv}
rejections=${3:-$here/rejections.txt}

die () { echo "generate.sh: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root (it needs unshare -n)"
command -v unshare >/dev/null 2>&1 || die "unshare not installed (util-linux)"
unshare -n true 2>/dev/null || die "cannot create a network namespace"
command -v ipset >/dev/null 2>&1 || die "ipset not installed"
for tool in iptables-nft-restore iptables-nft-save iptables-legacy-restore \
    iptables-legacy-save ip6tables-nft-restore ip6tables-nft-save \
    ip6tables-legacy-restore ip6tables-legacy-save; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool not installed"
done

work=$(mktemp -d "${TMPDIR:-/tmp}/ipmerge-corpus.XXXXXX")
trap 'rm -rf "$work"' EXIT

# The sets named by the set cases, in "ipset restore" form.
cat > "$work/sets" <<'SETS'
create foo hash:ip family inet
create bar hash:net family inet
create cali40all-ipam-pools hash:net family inet
create cali40masq-ipam-pools hash:net family inet
create KUBE-CLUSTER-IP hash:ip,port family inet
create ports hash:ip,port family inet
create foo6 hash:ip family inet6
SETS

# The script run inside each namespace: $1 = restore command, $2 = save
# command, $3 = sets file, $4 = dump.  Exit 3 = the restore failed.
cat > "$work/oracle.sh" <<'ORACLE'
set -u
ipset restore < "$3" || exit 4
"$1" < "$4" || exit 3
"$2"
ORACLE

# oracle BACKEND FAMILY CHAIN DUMP: prints the canonical rules (or REJECTED).
oracle () {
  _p=iptables
  [ "$2" = 6 ] && _p=ip6tables
  _rc=0
  unshare -n -- sh "$work/oracle.sh" "$_p-$1-restore" "$_p-$1-save" \
    "$work/sets" "$4" > "$work/out" 2> "$work/err" || _rc=$?
  case $_rc in
    0) grep -v '^#' "$work/out" | corpus_rules "$3" ;;
    3) echo REJECTED
       printf '%s\t%s\t%s\n' "$id" "$1" \
         "$(grep -v -e '^Error occurred at line' -e '^Try ' "$work/err" | tr '\n' ' ' | sed 's/ *$//')" \
         >> "$work/rejections" ;;
    *) cat "$work/err" >&2; die "case $id: the namespace set-up failed ($_rc)" ;;
  esac
}

: > "$work/rejections"
{
  echo "# Kernel oracle for tests/corpus/$(basename "$spellings"), written by tests/corpus/generate.sh."
  echo "# $(iptables-nft-save --version 2>&1 | head -1); iptables-legacy; kernel $(uname -r)"
  echo "# Columns: id family table chain input-spec nft-canonical legacy-canonical"
  echo "# REJECTED = the restore failed; NONE = no rule; several rules joined by <NL>."
} > "$work/expected"

n=0
while IFS= read -r line; do
  case $line in ''|'#'*) continue ;; esac
  id=${line%%"$CORPUS_TAB"*};    rest=${line#*"$CORPUS_TAB"}
  family=${rest%%"$CORPUS_TAB"*}; rest=${rest#*"$CORPUS_TAB"}
  table=${rest%%"$CORPUS_TAB"*};  rest=${rest#*"$CORPUS_TAB"}
  chain=${rest%%"$CORPUS_TAB"*};  spec=${rest#*"$CORPUS_TAB"}
  case $family in 4|6) ;; *) die "case $id: bad family '$family'" ;; esac
  corpus_dump "$table" "$chain" "$spec" > "$work/dump" || die "case $id: bad table '$table'"
  nft=$(oracle nft "$family" "$chain" "$work/dump")
  legacy=$(oracle legacy "$family" "$chain" "$work/dump")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$id" "$family" "$table" "$chain" \
    "$spec" "$nft" "$legacy" >> "$work/expected"
  n=$((n + 1))
done < "$spellings"

mv "$work/expected" "$expected"
mv "$work/rejections" "$rejections"
echo "generate.sh: $n cases written to $expected" >&2

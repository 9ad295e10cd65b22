# Shared helpers for the shell tests (sourced).  Exit codes follow automake:
# 0 pass, 1 fail, 77 skip, 99 hard error.  In CI (CI=true) a skip is a
# failure of the set-up, so skip() exits 99 there.

: "${IPMERGE:?IPMERGE must point at the ipmerge binary}"
: "${top_srcdir:?top_srcdir must be set}"

skip () {
  echo "SKIP: $*" >&2
  if [ "${CI:-}" = true ]; then
    echo "a skipped test is a failure of the set-up in CI" >&2
    exit 99
  fi
  exit 77
}

fail () {
  echo "FAIL: $*" >&2
  exit 1
}

# require_netns: the kernel tests need root and unshare -n; they never touch
# the firewall of the machine's own namespace.
require_netns () {
  command -v unshare >/dev/null 2>&1 || skip "unshare not installed"
  unshare -n true 2>/dev/null || skip "cannot create a network namespace (need root)"
  for tool in iptables-nft-restore iptables-legacy-restore iptables-nft-save iptables-legacy-save; do
    command -v "$tool" >/dev/null 2>&1 || skip "$tool not installed"
  done
}

# in_netns CMD...: runs CMD in a fresh, throwaway network namespace.
in_netns () {
  unshare -n -- "$@"
}

# kernel_roundtrip BACKEND FILE: restores FILE with iptables-BACKEND-restore in
# a throwaway namespace and prints iptables-BACKEND-save's output without the
# '#' lines.  BACKEND is nft or legacy; add ip6 in $IPT_FAMILY=6.
kernel_roundtrip () {
  _prefix=iptables
  [ "${IPT_FAMILY:-4}" = 6 ] && _prefix=ip6tables
  unshare -n -- sh -c "$_prefix-$1-restore < '$2' && $_prefix-$1-save" | grep -v '^#'
}

tmpdir_setup () {
  TMPD=$(mktemp -d "${TMPDIR:-/tmp}/ipmerge-test.XXXXXX") || exit 99
  trap 'rm -rf "$TMPD"' EXIT
}

# require_ipset: the tests that restore set matches create the sets with ipset
# inside the throwaway namespace (Debian package ipset).
require_ipset () {
  command -v ipset >/dev/null 2>&1 || skip "ipset not installed"
}

# kernel_save BACKEND FILE SETS RESTORE_OPT SAVE_OPT [TABLE...]: in a fresh,
# throwaway namespace, creates the ipsets of the file SETS ("ipset restore"
# form; "" for none), restores FILE with iptables-BACKEND-restore RESTORE_OPT
# (ip6tables in $IPT_FAMILY=6), and prints iptables-BACKEND-save SAVE_OPT
# verbatim, '#' lines included: the whole save when no TABLE is given, else
# "save -t TABLE" for each TABLE in turn.  RESTORE_OPT and SAVE_OPT are single
# options or "" (e.g. -c).  Exit status 3 when the restore failed, 4 when
# the ipset set-up failed.
kernel_save () {
  _prefix=iptables
  [ "${IPT_FAMILY:-4}" = 6 ] && _prefix=ip6tables
  _backend=$1; _file=$2; _sets=$3; _ropt=$4; _sopt=$5
  shift 5
  # shellcheck disable=SC2016 # expanded by the inner shell
  unshare -n -- sh -c '
    restore=$1 save=$2 sets=$3 file=$4 ropt=$5 sopt=$6
    shift 6
    if [ -n "$sets" ]; then ipset restore < "$sets" || exit 4; fi
    $restore $ropt < "$file" || exit 3
    if [ $# = 0 ]; then exec $save $sopt; fi
    for table do $save $sopt -t "$table" || exit; done' \
    sh "$_prefix-$_backend-restore" "$_prefix-$_backend-save" "$_sets" "$_file" \
    "$_ropt" "$_sopt" "$@"
}

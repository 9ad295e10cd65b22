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

# Helpers shared by tests/corpus/generate.sh and tests/kernel/corpus.sh
# (sourced; POSIX sh).  One place builds the one-rule dumps, so the oracle and
# the test feed exactly the same text to iptables-restore and to ipmerge.

# The character that separates the columns of the .tsv files.
# shellcheck disable=SC2034 # used by the scripts that source this file
CORPUS_TAB=$(printf '\t')

# corpus_builtin_chains TABLE: prints the built-in chains of TABLE, in the
# order iptables-save prints them.
corpus_builtin_chains () {
  case $1 in
    filter|security) echo INPUT FORWARD OUTPUT ;;
    nat) echo PREROUTING INPUT OUTPUT POSTROUTING ;;
    mangle) echo PREROUTING INPUT FORWARD OUTPUT POSTROUTING ;;
    raw) echo PREROUTING OUTPUT ;;
    *) return 1 ;;
  esac
}

# corpus_dump TABLE CHAIN SPEC: prints the one-table, one-rule dump of a case:
# the table, its built-in chains, the user chains USER1 and USER2, the rule
# "-A CHAIN SPEC" (just "-A CHAIN" when SPEC is empty) and COMMIT.
corpus_dump () {
  _chains=$(corpus_builtin_chains "$1") || return 1
  printf '*%s\n' "$1"
  for _c in $_chains; do
    printf ':%s ACCEPT [0:0]\n' "$_c"
  done
  printf ':USER1 - [0:0]\n:USER2 - [0:0]\n'
  if [ -n "$3" ]; then
    printf -- '-A %s %s\n' "$2" "$3"
  else
    printf -- '-A %s\n' "$2"
  fi
  printf 'COMMIT\n'
}

# corpus_rules CHAIN < SAVE-OUTPUT: prints the canonical form of the rules of
# CHAIN found in iptables-save output (or ipmerge --canonical output): the
# words after "-A CHAIN ", several rules joined by "<NL>", "NONE" when the
# chain has no rule.  A "[packets:bytes] " prefix (from -c in the rule) is
# not part of the rule's canonical form and is dropped.
corpus_rules () {
  awk -v chain="$1" '
    BEGIN { n = 0; out = "" }
    /^\[[0-9]+:[0-9]+\] -A / { sub(/^\[[0-9]+:[0-9]+\] /, "") }
    $0 == "-A " chain { r = "" }
    index($0, "-A " chain " ") == 1 { r = substr($0, length(chain) + 5) }
    $0 == "-A " chain || index($0, "-A " chain " ") == 1 {
      out = (n ? out "<NL>" : "") r; n++
    }
    END { if (n == 0) print "NONE"; else print out }'
}

#!/bin/sh
# Converts iptables' own extension tests (the extensions/*.t files of the
# netfilter iptables tree) into the case format of tests/corpus/spellings.tsv,
# so that tests/corpus/generate.sh can record the kernel's answer for each:
#
#   sh tests/corpus/netfilter-t.sh DIR > tests/corpus/netfilter-spellings.tsv
#   sh tests/corpus/generate.sh tests/corpus/netfilter-spellings.tsv \
#     tests/corpus/netfilter-expected.tsv tests/corpus/netfilter-rejections.txt
#
# A .t file is read as iptables' iptables-test.py reads it: ":CHAIN,CHAIN"
# sets the chains the following rows are tried in, "*table" the table
# (filter until one is given), "-4" / "-6" / "-46" limit the rows that follow
# to one family, "#" lines are comments, "@" and "!" lines are shell commands
# of the upstream harness (not run here), and every other line is a row
# "spec;expected;OK|FAIL[;...]".  Only the spec is kept: the kernel, not the
# file, says what the canonical form is.
#
# Family: libipt_* files are IPv4, libip6t_* IPv6, libxt_* and iptables.t
# both (a row that only makes sense in one family is then a refused case in
# the other, which is worth testing too).  Files of other tools (libarpt_*,
# libebt_*) are skipped.
#
# Case id: FILE-STEM:LINE:CHAIN:FAMILY, e.g. libxt_tcp:12:INPUT:4.
set -eu

if [ $# != 1 ] || [ ! -d "$1" ]; then echo "usage: netfilter-t.sh DIR" >&2; exit 2; fi

echo "# Cases converted by tests/corpus/netfilter-t.sh from iptables' extensions/*.t"
echo "# (see tests/corpus/README.md for their origin).  Columns as spellings.tsv:"
echo "# id family table chain input-spec"
for file in "$1"/*.t; do
  [ -e "$file" ] || continue
  stem=$(basename "$file" .t)
  case $stem in
    libipt_*) fams=4 ;;
    libip6t_*) fams=6 ;;
    libxt_*|iptables) fams="4 6" ;;
    *) continue ;;
  esac
  awk -v stem="$stem" -v fams="$fams" '
    BEGIN { chains = "INPUT,FORWARD,OUTPUT"; table = "filter"; only = "" }
    { sub(/\r$/, "") }
    /^#/ || /^[@!]/ || /^[ \t]*$/ { next }
    /^:/ { chains = substr($0, 2); next }
    /^\*/ { table = substr($0, 2); next }
    $0 == "-4" { only = "4"; next }
    $0 == "-6" { only = "6"; next }
    $0 == "-46" { only = ""; next }
    {
      n = index($0, ";")
      if (n == 0) next
      spec = substr($0, 1, n - 1)
      nc = split(chains, ch, ",")
      nf = split(fams, fa, " ")
      for (f = 1; f <= nf; f++) {
        if (only != "" && fa[f] != only) continue
        for (c = 1; c <= nc; c++)
          printf "%s:%d:%s:%s\t%s\t%s\t%s\t%s\n", stem, NR, ch[c], fa[f], fa[f], table, ch[c], spec
      }
    }' "$file"
done

# ipv6header (-m ipv6header).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# libip6t_ipv6header's save: --header as names in its own order
# (hop -> hop-by-hop, dst -> ipv6-opts), then --soft.  That naming is not
# described (--header is F_LIT): the module keeps its words, in save
# order.  The rows are written as the save prints them.
-6
*filter
:INPUT,USER1
-m ipv6header --header hop-by-hop,ipv6-opts --soft ; =
-m ipv6header --header hop-by-hop -j DROP ; =
-m ipv6header --soft ; FAIL ipv6header needs --header

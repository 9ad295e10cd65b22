# TRACE (-j TRACE).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# spellings and refusals (each checked with iptables-restore in a namespace)
*filter
:INPUT
# nft takes TRACE in every table (a native expression), legacy only in
# raw: the grammar follows nft
-j TRACE ; = ; LEGACY FAIL
*raw
:PREROUTING
-j TRACE ; =

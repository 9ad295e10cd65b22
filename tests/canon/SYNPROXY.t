# SYNPROXY (-j SYNPROXY).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# spellings and refusals (each checked with iptables-restore in a namespace)
*raw
:PREROUTING
-p tcp -j SYNPROXY ; FAIL @11 table raw has none of them

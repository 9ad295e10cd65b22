# CONNSECMARK (-j CONNSECMARK).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# spellings and refusals (each checked with iptables-restore in a namespace)
*filter
:INPUT
-j CONNSECMARK --save ; FAIL @4 tables mangle or security

# AUDIT (-j AUDIT).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# spellings and refusals (each checked with iptables-restore in a namespace)
*filter
:INPUT,USER1
-j AUDIT --type accept ; =
-j AUDIT --type drop ; =
-j AUDIT --type reject ; =
-j AUDIT --type ACCEPT ; -j AUDIT --type accept
-j AUDIT --type Drop ; -j AUDIT --type drop
-j AUDIT --type acc ; FAIL @17 unknown audit type 'acc'
-j AUDIT --type foo ; FAIL @17 unknown audit type 'foo'
-j AUDIT ; FAIL @1 AUDIT needs --type

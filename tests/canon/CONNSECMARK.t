# CONNSECMARK (-j CONNSECMARK).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# spellings and refusals (each checked with iptables-restore in a namespace)
*filter
:INPUT
-j CONNSECMARK --save ; FAIL @4 tables mangle or security
*mangle
:PREROUTING,OUTPUT,USER1
-j CONNSECMARK --save ; =
-j CONNSECMARK --restore ; =
-j CONNSECMARK ; FAIL @1 CONNSECMARK needs --restore or --save
-j CONNSECMARK --save --restore ; FAIL --restore
*security
:INPUT,FORWARD,OUTPUT
-m state --state NEW -j CONNSECMARK --save ; =
-j CONNSECMARK --restore ; =

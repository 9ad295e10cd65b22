# eui64 (-m eui64).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# libip6t_eui64: no options.  The kernel takes it in PREROUTING, INPUT
# and FORWARD (ip6t_eui64's hooks).
-6
*filter
:INPUT,FORWARD,USER1
-m eui64 ; =
-m eui64 -j DROP ; =
:OUTPUT
-m eui64 ; FAIL @4 match eui64 is only valid in chains
*mangle
:PREROUTING
-m eui64 -j ACCEPT ; =

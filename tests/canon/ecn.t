# ecn (-m ecn).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# libxt_ecn's save: --ecn-tcp-ece, --ecn-tcp-cwr, --ecn-ip-ect (0-3); the
# TCP ones need -p tcp (refused by the kernel otherwise; not described).
*filter
:INPUT,USER1
-p tcp -m ecn --ecn-ip-ect 2 --ecn-tcp-ece --ecn-tcp-cwr ; -p tcp -m ecn --ecn-tcp-ece --ecn-tcp-cwr --ecn-ip-ect 2
-p tcp -m ecn ! --ecn-tcp-cwr -j DROP ; =
-m ecn ! --ecn-ip-ect 1 ; =
-m ecn --ecn-ip-ect 3 -j DROP ; =
-m ecn ; FAIL ecn needs at least one of its options
-6
-p tcp -m ecn --ecn-tcp-ece ; =

# cpu (-m cpu).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# libxt_cpu's save: --cpu N.
*filter
:INPUT,USER1
-m cpu --cpu 1 ; =
-m cpu ! --cpu 0 -j DROP ; =
-m cpu --cpu 0x10 ; -m cpu --cpu 16
-m cpu ; FAIL cpu needs --cpu
*nat
:PREROUTING
-p tcp -m cpu --cpu 0 -j REDIRECT --to-ports 8080 ; -p tcp -m cpu --cpu 0 -j REDIRECT --to-ports 8080
-6
*filter
:INPUT
-m cpu --cpu 3 ; =

# ah (-m ah).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# libipt_ah's save (IPv4): --ahspi N or N:M (N:N as N, 0:4294967295 left
# out); needs -p ah.  ip6tables' ah (libip6t_ah: --ahlen, --ahres) is not
# described.
*filter
:INPUT,USER1
-p ah -m ah --ahspi 0:4294967295 ; -p ah -m ah
-p ah -m ah ! --ahspi 300 -j DROP ; =
-p ah -m ah --ahspi 1:2 ; =
-m ah --ahspi 5 ; FAIL -m ah needs -p ah

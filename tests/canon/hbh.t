# hbh (-m hbh).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# libip6t_hbh's save: --hbh-len (printed when given), --hbh-opts (its
# TYPE[:LEN] list is F_LIT: kept as written).
-6
*filter
:INPUT,USER1
-m hbh ; =
-m hbh --hbh-len 0 ; =
-m hbh ! --hbh-len 8 -j DROP ; =
-m hbh --hbh-len 8 --hbh-opts 1:2,5 ; =

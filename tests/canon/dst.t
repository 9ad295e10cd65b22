# dst (-m dst).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# libip6t_dst's save: --dst-len (printed when given), --dst-opts (its
# TYPE[:LEN] list is F_LIT: kept as written).
-6
*filter
:INPUT,USER1
-m dst ; =
-m dst ! --dst-len 0 -j DROP ; =
-m dst --dst-len 2 --dst-opts 3 ; =

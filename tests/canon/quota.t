# quota (-m quota).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# libxt_quota's save: --quota BYTES (a 64-bit count).
*filter
:INPUT,USER1
-m quota --quota 1000 ; =
-m quota ! --quota 5 -j DROP ; =
-m quota --quota 0x10 ; -m quota --quota 16
-m quota --quota 10000000000 ; =
-m quota ; FAIL quota needs --quota
-6
-m quota --quota 1 ; =

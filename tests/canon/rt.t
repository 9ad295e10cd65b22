# rt (-m rt).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# libip6t_rt's save: --rt-type, --rt-segsleft (0:4294967295 left out),
# --rt-len, --rt-0-res, --rt-0-addrs, --rt-0-not-strict (the last two
# F_LIT: kept as written).
-6
*filter
:INPUT,USER1
-m rt --rt-type 0 --rt-segsleft 1:5 --rt-len 8 ; =
-m rt ! --rt-type 2 -j DROP ; =
-m rt --rt-len 0 --rt-segsleft 0:4294967295 ; -m rt --rt-len 0
-m rt --rt-segsleft 3:3 ; -m rt --rt-segsleft 3
-m rt --rt-type 0 --rt-0-res --rt-0-addrs ::1,::2 --rt-0-not-strict ; =

# NFLOG (-j NFLOG).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# from the kernel corpus, where nft and legacy agree (tests/corpus/
# expected.tsv: nflog-*, nflog6-*)
*filter
:INPUT
-j NFLOG ; =
-j NFLOG --nflog-group 5 ; =
-j NFLOG --nflog-group 0 --nflog-prefix drop ; -j NFLOG --nflog-prefix drop
-j NFLOG --nflog-prefix "x y" --nflog-group 2 ; =
-j NFLOG --nflog-size 128 ; =
-j NFLOG --nflog-threshold 1 ; =
-j NFLOG --nflog-threshold 10 --nflog-group 3 ; -j NFLOG --nflog-group 3 --nflog-threshold 10
-6
-j NFLOG --nflog-group 1 ; =

# length (-m length).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# from the kernel corpus, where nft and legacy agree (tests/corpus/
# expected.tsv: len-*, len6-*)
*filter
:INPUT
-m length --length 0:100 -j ACCEPT ; =
-m length --length 1500 -j ACCEPT ; =
-m length ! --length 40:1500 -j DROP ; =
-m length --length 1000: -j DROP ; -m length --length 1000:65535 -j DROP
-m length --length :64 -j ACCEPT ; -m length --length 0:64 -j ACCEPT
-6
-m length --length 1280:65535 -j ACCEPT ; =

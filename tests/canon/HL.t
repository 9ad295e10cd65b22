# HL (-j HL).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# from the kernel corpus, where nft and legacy agree (tests/corpus/
# expected.tsv: shl-*)
-6
*mangle
:PREROUTING
-j HL --hl-set 64 ; =
-j HL --hl-dec 1 ; =

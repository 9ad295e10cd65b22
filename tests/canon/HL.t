# HL (-j HL).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# spellings and refusals (each checked with iptables-restore in a namespace)
-6
*filter
:INPUT
-j HL --hl-set 64 ; FAIL @4 table mangle
*mangle
:PREROUTING,POSTROUTING,USER1
-j HL --hl-set 0x40 ; -j HL --hl-set 64
-j HL --hl-set 0 ; =
-j HL --hl-inc 1 ; =
-j HL --hl-dec 0 ; FAIL @16 --hl-dec: must be 1 to 255
-j HL --hl-set 256 ; FAIL @16 --hl-set
-j HL ; FAIL @1 HL needs

# from the kernel corpus, where nft and legacy agree (tests/corpus/
# expected.tsv: shl-*)
:PREROUTING
-j HL --hl-set 64 ; =
-j HL --hl-dec 1 ; =

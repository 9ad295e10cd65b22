# TTL (-j TTL).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# spellings and refusals (each checked with iptables-restore in a namespace)
*filter
:INPUT
-j TTL --ttl-set 64 ; FAIL @4 table mangle

# from the kernel corpus, where nft and legacy agree (tests/corpus/
# expected.tsv: sttl-*)
*mangle
:PREROUTING
-j TTL --ttl-set 64 ; =
-j TTL --ttl-dec 1 ; =
-j TTL --ttl-set 0x40 ; -j TTL --ttl-set 64
-j TTL --ttl-dec 0 ; FAIL @18 --ttl-dec: must be 1 to 255
:POSTROUTING
-j TTL --ttl-inc 2 ; =

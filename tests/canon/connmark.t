# connmark (-m connmark).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# from the kernel corpus, where nft and legacy agree (tests/corpus/
# expected.tsv: cmk-*)
*filter
:INPUT
-m connmark --mark 0x1 -j ACCEPT ; =
-m connmark --mark 1/1 -j ACCEPT ; -m connmark --mark 0x1/0x1 -j ACCEPT
-m connmark ! --mark 0x2/0xff -j DROP ; =
-m connmark --mark 4294967295 -j ACCEPT ; -m connmark --mark 0xffffffff -j ACCEPT
*mangle
:PREROUTING
-m connmark --mark 0x0/0xffff0000 -j ACCEPT ; =

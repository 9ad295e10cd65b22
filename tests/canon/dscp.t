# dscp (-m dscp).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# from the kernel corpus, where nft and legacy agree (tests/corpus/
# expected.tsv: dscp-*, dscp6-*)
*filter
:INPUT
-m dscp --dscp 10 -j ACCEPT ; -m dscp --dscp 0x0a -j ACCEPT
-m dscp --dscp 0x0a -j ACCEPT ; =
-m dscp --dscp-class AF11 -j ACCEPT ; -m dscp --dscp 0x0a -j ACCEPT
-m dscp ! --dscp 46 -j ACCEPT ; -m dscp ! --dscp 0x2e -j ACCEPT
-m dscp --dscp-class EF -j ACCEPT ; -m dscp --dscp 0x2e -j ACCEPT
-m dscp --dscp-class ef -j ACCEPT ; -m dscp --dscp 0x2e -j ACCEPT
-m dscp --dscp 64 -j ACCEPT ; FAIL @16 --dscp: '64' is not a DSCP value 0-63 (0x3f)
-m dscp --dscp-class CS0 -j ACCEPT ; -m dscp --dscp 0x00 -j ACCEPT
-6
-m dscp --dscp-class AF41 -j ACCEPT ; -m dscp --dscp 0x22 -j ACCEPT

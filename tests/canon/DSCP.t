# DSCP (-j DSCP).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# spellings and refusals (each checked with iptables-restore in a namespace)
*filter
:OUTPUT
-j DSCP --set-dscp 10 ; FAIL @4 table mangle

# from the kernel corpus, where nft and legacy agree (tests/corpus/
# expected.tsv: sdscp-*, sdscp6-*)
*mangle
:POSTROUTING
-j DSCP --set-dscp 0x10 ; =
-j DSCP --set-dscp 46 ; -j DSCP --set-dscp 0x2e
-j DSCP --set-dscp-class EF ; -j DSCP --set-dscp 0x2e
-j DSCP --set-dscp-class af21 ; -j DSCP --set-dscp 0x12
-j DSCP --set-dscp 64 ; FAIL @20 --set-dscp: '64' is not a DSCP value 0-63 (0x3f)
-6
-j DSCP --set-dscp-class CS1 ; -j DSCP --set-dscp 0x08

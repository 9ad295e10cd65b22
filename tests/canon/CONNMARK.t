# CONNMARK (-j CONNMARK).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# spellings and refusals (each checked with iptables-restore in a namespace)
*filter
:INPUT
-j CONNMARK --restore-mark --mask 0xff ; -j CONNMARK --restore-mark --nfmask 0xff --ctmask 0xff

# from the kernel corpus, where nft and legacy agree (tests/corpus/
# expected.tsv: cm-*, cm6-*)
*filter
:INPUT
-j CONNMARK --save-mark ; -j CONNMARK --save-mark --nfmask 0xffffffff --ctmask 0xffffffff
*mangle
:PREROUTING
-j CONNMARK --save-mark ; -j CONNMARK --save-mark --nfmask 0xffffffff --ctmask 0xffffffff
-j CONNMARK --restore-mark ; -j CONNMARK --restore-mark --nfmask 0xffffffff --ctmask 0xffffffff
-j CONNMARK --set-mark 0x1 ; -j CONNMARK --set-xmark 0x1/0xffffffff
-j CONNMARK --set-mark 0x1/0xff ; -j CONNMARK --set-xmark 0x1/0xff
-j CONNMARK --save-mark --nfmask 0xffff --ctmask 0xffff ; =
-j CONNMARK --restore-mark --mask 0xff ; -j CONNMARK --restore-mark --nfmask 0xff --ctmask 0xff
-j CONNMARK --set-xmark 0x2/0x3 ; =
-j CONNMARK --or-mark 0x4 ; -j CONNMARK --set-xmark 0x4/0x4
-j CONNMARK --and-mark 0xf0 ; -j CONNMARK --set-xmark 0x0/0xffffff0f
-j CONNMARK --save-mark --mask 0xffffffff ; -j CONNMARK --save-mark --nfmask 0xffffffff --ctmask 0xffffffff
-j CONNMARK --restore-mark --nfmask 0xffffffff --ctmask 0xffffffff ; =
-6
-j CONNMARK --restore-mark ; -j CONNMARK --restore-mark --nfmask 0xffffffff --ctmask 0xffffffff

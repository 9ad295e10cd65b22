# MARK (-j MARK).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# spellings and refusals (each checked with iptables-restore in a namespace)
*filter
:INPUT
-j MARK --set-mark 1/3 ; -j MARK --set-xmark 0x1/0x3
-j MARK --and-mark 0x4000 ; -j MARK --set-xmark 0x0/0xffffbfff
-j MARK ; FAIL @1 needs --
*nat
:PREROUTING
-j MARK --set-mark 1 ; -j MARK --set-xmark 0x1/0xffffffff

# from the kernel corpus, where nft and legacy agree (tests/corpus/
# expected.tsv: abbr-*, mk-*, mk6-*)
*filter
:INPUT
-j MARK --set-mark 10 ; -j MARK --set-xmark 0xa/0xffffffff
*nat
:PREROUTING
-j MARK --set-xmark 0x4000/0x4000 ; =
:USER1
-j MARK --or-mark 0x4000 ; -j MARK --set-xmark 0x4000/0x4000
-j MARK --xor-mark 0x4000 ; -j MARK --set-xmark 0x4000/0x0
*mangle
:PREROUTING
-j MARK --set-mark 0x4000/0x4000 ; -j MARK --set-xmark 0x4000/0x4000
-j MARK --set-mark 1 ; -j MARK --set-xmark 0x1/0xffffffff
-j MARK --or-mark 0x4000 ; -j MARK --set-xmark 0x4000/0x4000
-j MARK --and-mark 0xffff ; -j MARK --set-xmark 0x0/0xffff0000
-j MARK --xor-mark 0x4000 ; -j MARK --set-xmark 0x4000/0x0
-j MARK --set-xmark 0x4000/0x4000 ; =
-j MARK --set-xmark 0x1 ; -j MARK --set-xmark 0x1/0xffffffff
-j MARK ; FAIL @1 MARK needs --and-mark or --or-mark or --set-mark or --set-xmark or --xor-mark
-j MARK --set-mark 0x1 --or-mark 0x2 ; FAIL @24 MARK: option --set-mark can only be used once
-j MARK --set-mark 4294967295 ; -j MARK --set-xmark 0xffffffff/0xffffffff
-j MARK --set-mark 0x10000/0x10000 -m comment --comment "cali:abc" ; -m comment --comment "cali:abc" -j MARK --set-xmark 0x10000/0x10000
-j MARK --set-x 0x1/0x1 ; -j MARK --set-xmark 0x1/0x1
:OUTPUT
-j MARK --set-mark 0x0/0xffff0000 ; -j MARK --set-xmark 0x0/0xffff0000
-6
:PREROUTING
-j MARK --set-mark 0x1 ; -j MARK --set-xmark 0x1/0xffffffff

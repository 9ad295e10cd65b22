# mark (-m mark).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# spellings and refusals (each checked with iptables-restore in a namespace)
*filter
:INPUT
-m mark --mark 010 -m connmark ! --mark 0x10/0xf0 ; -m mark --mark 0x8 -m connmark ! --mark 0x10/0xf0
-m mark --mark 0x1/zz ; FAIL @16 not a 32-bit mark

# from the kernel corpus, where nft and legacy agree (tests/corpus/
# expected.tsv: mark-*, mark6-*)
*filter
:INPUT
-m mark --mark 0x10000/0x10000 -j ACCEPT ; =
-m mark --mark 10 -j ACCEPT ; -m mark --mark 0xa -j ACCEPT
-m mark ! --mark 0x4000/0x4000 -j RETURN ; =
-m mark --mark 0X4000/0XFFFF -j ACCEPT ; -m mark --mark 0x4000/0xffff -j ACCEPT
-m mark --mark 16384/16384 -j ACCEPT ; -m mark --mark 0x4000/0x4000 -j ACCEPT
-m mark --mark 0x1/0xffffffff -j ACCEPT ; -m mark --mark 0x1 -j ACCEPT
-m mark --mark 0 -j ACCEPT ; -m mark --mark 0x0 -j ACCEPT
-m mark --mark 0x00000010 -j ACCEPT ; -m mark --mark 0x10 -j ACCEPT
-m mark --mark 0x100000000 -j ACCEPT ; FAIL @16 --mark: '0x100000000' is not a 32-bit mark VALUE[/MASK] (e.g. 0x4000/0x4000)
-m mark --mark 0xff/0x0f -j ACCEPT ; -m mark --mark 0xff/0xf -j ACCEPT
-m mark --mark 010 -j ACCEPT ; -m mark --mark 0x8 -j ACCEPT
-m mark --mark ! 0x1 -j ACCEPT ; FAIL @16 '--mark ! VALUE' is the old negation form, which iptables 1.8.9 rejects
-6
-m mark --mark 0x8000/0x8000 -j DROP ; =

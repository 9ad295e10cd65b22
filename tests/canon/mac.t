# mac (-m mac).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# spellings and refusals (each checked with iptables-restore in a namespace)
*filter
:INPUT
-m mac --mac-source 0:1:2:3:4:AB ; -m mac --mac-source 00:01:02:03:04:ab
:OUTPUT
-m mac --mac-source 00:11:22:33:44:55 ; FAIL @4 match mac is only valid in chains PREROUTING, INPUT or FORWARD
*raw
:INPUT
-m mac --mac-source 00:11:22:33:44:55 ; =

# from the kernel corpus, where nft and legacy agree (tests/corpus/
# expected.tsv: mac-*, mac6-*)
*filter
:INPUT
-m mac --mac-source 00:11:22:33:44:55 -j ACCEPT ; =
-m mac --mac-source 00:1A:2B:3C:4D:5E -j ACCEPT ; -m mac --mac-source 00:1a:2b:3c:4d:5e -j ACCEPT
-m mac ! --mac-source aa:bb:cc:dd:ee:ff -j DROP ; =
-m mac --mac-source 00-11-22-33-44-55 -j ACCEPT ; FAIL @21 --mac-source: '00-11-22-33-44-55' is not a MAC address XX:XX:XX:XX:XX:XX
:FORWARD
-m mac --mac-source 0:1:2:3:4:5 -j ACCEPT ; -m mac --mac-source 00:01:02:03:04:05 -j ACCEPT
:OUTPUT
-m mac --mac-source 00:11:22:33:44:55 -j ACCEPT ; FAIL @4 match mac is only valid in chains PREROUTING, INPUT or FORWARD (used in OUTPUT)
-6
:INPUT
-m mac --mac-source 02:42:AC:11:00:02 -j ACCEPT ; -m mac --mac-source 02:42:ac:11:00:02 -j ACCEPT

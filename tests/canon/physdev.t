# physdev (-m physdev).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# spellings and refusals (each checked with iptables-restore in a namespace)
*filter
:INPUT
-m physdev ! --physdev-is-out ; =
:FORWARD
-m physdev --physdev-out eth0 ; =
:OUTPUT
-m physdev --physdev-is-bridged --physdev-out eth0 ; -m physdev --physdev-out eth0 --physdev-is-bridged
-m physdev --physdev-out eth0 -j ACCEPT ; FAIL @12 --physdev-out is not valid in OUTPUT
-m physdev ! --physdev-is-bridged --physdev-is-out ; FAIL @35 --physdev-is-out is not valid in OUTPUT

# from the kernel corpus, where nft and legacy agree (tests/corpus/
# expected.tsv: pd-*, pd6-*)
*filter
:INPUT
-m physdev --physdev-is-in -j ACCEPT ; =
:FORWARD
-m physdev --physdev-in eth0 -j ACCEPT ; =
-m physdev --physdev-is-bridged -j ACCEPT ; =
-m physdev --physdev-out veth+ --physdev-is-bridged -j ACCEPT ; =
-m physdev ! --physdev-is-bridged -j DROP ; =
-m physdev --physdev-is-bridged --physdev-in tap0 --physdev-out tap1 -j ACCEPT ; -m physdev --physdev-in tap0 --physdev-out tap1 --physdev-is-bridged -j ACCEPT
-m physdev -j ACCEPT ; FAIL @1 physdev needs at least one of its options
-6
-m physdev --physdev-is-bridged -j ACCEPT ; =

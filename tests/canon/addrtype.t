# addrtype (-m addrtype).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# spellings and refusals (each checked with iptables-restore in a namespace)
*filter
:INPUT
-m addrtype --dst-type LOCAL --limit-iface-out ; FAIL @30 option --limit-iface-out is only valid in chains
:OUTPUT
-m addrtype --src-type LOCAL --limit-iface-in ; FAIL @30 option --limit-iface-in is only valid in chains
:USER1
-m addrtype --src-type LOCAL --limit-iface-in ; =
*nat
:OUTPUT
-m addrtype --src-type LOCAL --limit-iface-out ; =

# from the kernel corpus, where nft and legacy agree (tests/corpus/
# expected.tsv: at-*, at6-*)
*filter
:INPUT
-m addrtype --src-type LOCAL -j ACCEPT ; =
-m addrtype ! --dst-type LOCAL -j DROP ; =
-m addrtype --dst-type local -j ACCEPT ; -m addrtype --dst-type LOCAL -j ACCEPT
-m addrtype --dst-type LOCAL,BROADCAST -j ACCEPT ; =
-m addrtype --dst-type BROADCAST,LOCAL -j ACCEPT ; -m addrtype --dst-type LOCAL,BROADCAST -j ACCEPT
-m addrtype --dst-type LOCAL --limit-iface-in -j ACCEPT ; =
-m addrtype --dst-type MULTICAST --src-type UNICAST -j ACCEPT ; -m addrtype --src-type UNICAST --dst-type MULTICAST -j ACCEPT
-m addrtype --src-type UNICAST --dst-type MULTICAST -j ACCEPT ; =
-m addrtype -j ACCEPT ; FAIL @1 addrtype needs at least one of its options
:OUTPUT
-m addrtype --src-type LOCAL --limit-iface-out -j ACCEPT ; =
-m addrtype --src-type LOCAL --limit-iface-in -j ACCEPT ; FAIL @30 addrtype: option --limit-iface-in is only valid in chains PREROUTING, INPUT or FORWARD (used in OUTPUT)
*nat
:PREROUTING
-m addrtype --dst-type LOCAL -j USER1 ; =
:OUTPUT
! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j USER1 ; =
-6
:PREROUTING
-m addrtype --dst-type LOCAL -j USER1 ; =

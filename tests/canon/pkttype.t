# pkttype (-m pkttype).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# from the kernel corpus, where nft and legacy agree (tests/corpus/
# expected.tsv: pkt-*, pkt6-*)
*filter
:INPUT
-m pkttype --pkt-type broadcast -j DROP ; =
-m pkttype --pkt-type MULTICAST -j DROP ; -m pkttype --pkt-type multicast -j DROP
-m pkttype ! --pkt-type unicast -j DROP ; =
-m pkttype --pkt-type host -j ACCEPT ; -m pkttype --pkt-type unicast -j ACCEPT
-m pkttype --pkt-type Broadcast -j DROP ; -m pkttype --pkt-type broadcast -j DROP
-6
-m pkttype --pkt-type multicast -j ACCEPT ; =

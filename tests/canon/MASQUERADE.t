# MASQUERADE (-j MASQUERADE).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# spellings and refusals (each checked with iptables-restore in a namespace)
*filter
:USER1
-j MASQUERADE ; FAIL @4 target MASQUERADE is only valid in table nat (used in table filter); move the rule to *nat
*nat
:PREROUTING
-j MASQUERADE ; FAIL @4 target MASQUERADE is only valid in chain POSTROUTING (used in PREROUTING); move the rule to POSTROUTING
:POSTROUTING
-o eth0 -j MASQUERADE ; =
:USER1
-j MASQUERADE ; =

# from the kernel corpus, where nft and legacy agree (tests/corpus/
# expected.tsv: masq-*, masq6-*)
*filter
:OUTPUT
-j MASQUERADE ; FAIL @4 target MASQUERADE is only valid in table nat (used in table filter)
*nat
:POSTROUTING
-s 172.17.0.0/16 ! -o docker0 -j MASQUERADE ; =
-j MASQUERADE --random-fully ; =
-j MASQUERADE --random ; =
-p tcp -j MASQUERADE --to-ports 1024-65535 ; =
-p udp -j MASQUERADE --to-ports 2000 ; =
-j MASQUERADE --to-ports 1024-65535 ; FAIL @26 --to-ports with a port needs -p tcp, udp, sctp or dccp before it
-p tcp -j MASQUERADE --to-ports 1024-65535 --random ; =
-6
-s fd00::/64 -j MASQUERADE ; =

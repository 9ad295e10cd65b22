# DNAT (-j DNAT).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# spellings and refusals (each checked with iptables-restore in a namespace)
*nat
:PREROUTING
-p tcp --dport 80 -j DNAT --to 1.2.3.4:8080 ; -p tcp -m tcp --dport 80 -j DNAT --to-destination 1.2.3.4:8080
:POSTROUTING
-j DNAT --to-destination 1.2.3.4 ; FAIL @4 move the rule to PREROUTING or OUTPUT

# from the kernel corpus, where nft and legacy agree (tests/corpus/
# expected.tsv: dnat-*, dnat6-*)
*nat
:PREROUTING
-p tcp --dport 80 -j DNAT --to-destination 10.0.0.1:8080 ; -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.0.0.1:8080
-p tcp --dport 80 -j DNAT --to 10.0.0.1:8080 ; -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.0.0.1:8080
-j DNAT --to-destination 10.0.0.1 ; =
-j DNAT --to-destination 10.0.0.1:80 ; FAIL @26 --to-destination with a port needs -p tcp, udp, sctp or dccp before it
-p tcp -j DNAT --to-destination 10.0.0.1-10.0.0.4:80-81 ; =
-p tcp -j DNAT --to-destination 10.0.0.1:80 --random ; =
-p tcp -j DNAT --to-destination 10.0.0.1:80 --persistent ; =
! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80 ; =
-p tcp -m comment --comment "kube-system/kube-dns:dns-tcp" -m tcp -j DNAT --to-destination 10.244.0.5:53 ; =
-j DNAT --to-destination 10.0.0.1:8080-8080 -p tcp ; FAIL @26 --to-destination with a port needs -p tcp, udp, sctp or dccp before it
:OUTPUT
-p udp -m udp --dport 53 -j DNAT --to-destination 10.0.0.2:53 ; =
:POSTROUTING
-j DNAT --to-destination 10.0.0.1 ; FAIL @4 target DNAT is only valid in chains PREROUTING or OUTPUT (used in POSTROUTING)
-6
:PREROUTING
-p tcp --dport 80 -j DNAT --to-destination [2001:db8::5]:8080 ; -p tcp -m tcp --dport 80 -j DNAT --to-destination [2001:db8::5]:8080
-j DNAT --to-destination 2001:DB8::5 ; -j DNAT --to-destination 2001:db8::5

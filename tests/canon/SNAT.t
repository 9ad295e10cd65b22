# SNAT (-j SNAT).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# from the kernel corpus, where nft and legacy agree (tests/corpus/
# expected.tsv: snat-*, snat6-*)
*nat
:PREROUTING
-j SNAT --to-source 1.2.3.4 ; FAIL @4 target SNAT is only valid in chains INPUT or POSTROUTING (used in PREROUTING)
:INPUT
-j SNAT --to-source 1.2.3.4 ; =
:POSTROUTING
-j SNAT --to-source 1.2.3.4 ; =
-j SNAT --to 1.2.3.4 ; -j SNAT --to-source 1.2.3.4
-j SNAT --to-source 1.2.3.4-1.2.3.9 ; =
-p tcp -j SNAT --to-source 1.2.3.4:1000-2000 ; =
-j SNAT --to-source 1.2.3.4:1000 ; FAIL @21 --to-source with a port needs -p tcp, udp, sctp or dccp before it
-j SNAT --to-source 1.2.3.4 --random ; =
-j SNAT --to-source 1.2.3.4 --persistent ; =
-j SNAT ; FAIL @1 SNAT needs --to-source
-j SNAT --to-source 1.2.3.4 --random-fully ; =
-o eth0 -s 10.0.0.0/8 -j SNAT --to-source 203.0.113.7 ; -s 10.0.0.0/8 -o eth0 -j SNAT --to-source 203.0.113.7
-6
-j SNAT --to-source 2001:db8::1 ; =
-p tcp -j SNAT --to-source [2001:db8::1]:1000-2000 ; =

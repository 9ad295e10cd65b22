# ECN (-j ECN).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# spellings and refusals (each checked with iptables-restore in a namespace)
*filter
:FORWARD
-p tcp -j ECN --ecn-tcp-remove ; FAIL table mangle
*mangle
:PREROUTING,POSTROUTING,USER1
-p tcp -j ECN --ecn-tcp-remove ; =
-p tcp -j ECN --ecn-tcp-ece 1 ; =
-p tcp -j ECN --ecn-tcp-cwr 1 ; =
-p tcp -j ECN --ecn-tcp-ece 1 --ecn-tcp-cwr 1 ; =
-p tcp -j ECN --ecn-tcp-cwr 0 --ecn-ip-ect 3 --ecn-tcp-ece 0 ; -p tcp -j ECN --ecn-tcp-ece 0 --ecn-tcp-cwr 0 --ecn-ip-ect 3
-p tcp -j ECN --ecn-ip-ect 0x1 ; -p tcp -j ECN --ecn-ip-ect 1
# the IP field alone needs no -p tcp
-j ECN --ecn-ip-ect 1 ; =
-p udp -j ECN --ecn-ip-ect 2 ; =
-p tcp -j ECN ; FAIL @8 ECN needs at least one of its options

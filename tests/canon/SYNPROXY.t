# SYNPROXY (-j SYNPROXY).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# spellings and refusals (each checked with iptables-restore in a namespace)
*raw
:PREROUTING
-p tcp -j SYNPROXY ; FAIL @11 table raw has none of them
*filter
:INPUT,FORWARD
-p tcp -j SYNPROXY ; =
-p tcp -m conntrack --ctstate INVALID,UNTRACKED -j SYNPROXY --sack-perm --timestamp --wscale 7 --mss 1460 ; =
-p tcp -j SYNPROXY --mss 1460 --wscale 7 --timestamp --sack-perm ; -p tcp -j SYNPROXY --sack-perm --timestamp --wscale 7 --mss 1460
-p tcp -j SYNPROXY --ecn --sack-perm ; -p tcp -j SYNPROXY --sack-perm --ecn
-p tcp -j SYNPROXY --wscale 0 --mss 0 ; =
-p tcp -j SYNPROXY --mss 0x5b4 ; -p tcp -j SYNPROXY --mss 1460
-p tcp -j SYNPROXY --mss 65535 --wscale 255 ; -p tcp -j SYNPROXY --wscale 255 --mss 65535
-j SYNPROXY --mss 1460 ; FAIL @1 needs -p tcp
-p udp -j SYNPROXY ; FAIL needs -p tcp
:OUTPUT
-p tcp -j SYNPROXY ; FAIL @11 INPUT
-6
:INPUT
-p tcp -j SYNPROXY --sack-perm --timestamp --wscale 7 --mss 1440 ; =

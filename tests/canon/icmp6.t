# icmp6 (-m icmp6).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# spellings and refusals (each checked with iptables-restore in a namespace)
-6
*filter
:INPUT
-s 2001:DB8:0:0::1 -p ipv6-icmp --icmpv6-type echo-request ; -s 2001:db8::1/128 -p ipv6-icmp -m icmp6 --icmpv6-type 128

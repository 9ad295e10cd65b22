# icmp (-m icmp).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# spellings and refusals (each checked with iptables-restore in a namespace)
*filter
:INPUT
-p icmp --icmp-type port-unreachable ; -p icmp -m icmp --icmp-type 3/3

# from the kernel corpus, where nft and legacy agree (tests/corpus/
# expected.tsv: icmp-*, icmp6-*)
*filter
:INPUT
-p icmp --icmp-type echo-request -j ACCEPT ; -p icmp -m icmp --icmp-type 8 -j ACCEPT
-p icmp --icmp-type 8 -j ACCEPT ; -p icmp -m icmp --icmp-type 8 -j ACCEPT
-p icmp --icmp-type 8/0 -j ACCEPT ; -p icmp -m icmp --icmp-type 8/0 -j ACCEPT
-p icmp --icmp-type any -j ACCEPT ; -p icmp -m icmp --icmp-type any -j ACCEPT
-p icmp ! --icmp-type echo-request -j DROP ; -p icmp -m icmp ! --icmp-type 8 -j DROP
-p icmp --icmp-type 3/4 -j ACCEPT ; -p icmp -m icmp --icmp-type 3/4 -j ACCEPT
-p icmp --icmp-type fragmentation-needed -j ACCEPT ; -p icmp -m icmp --icmp-type 3/4 -j ACCEPT
-p icmp --icmp-type destination-unreachable -j ACCEPT ; -p icmp -m icmp --icmp-type 3 -j ACCEPT
-p icmp -m icmp --icmp-type port-unreachable -j ACCEPT ; -p icmp -m icmp --icmp-type 3/3 -j ACCEPT
-p icmp --icmp-type time-exceeded -j ACCEPT ; -p icmp -m icmp --icmp-type 11 -j ACCEPT
-p 1 --icmp-type 0 -j ACCEPT ; -p icmp -m icmp --icmp-type 0 -j ACCEPT
-p icmp --icmp-type ping -j ACCEPT ; -p icmp -m icmp --icmp-type 8 -j ACCEPT
-p icmp --icmp-type echo-reply -j ACCEPT ; -p icmp -m icmp --icmp-type 0 -j ACCEPT
-p icmp --icmp-type 255 -j ACCEPT ; -p icmp -m icmp --icmp-type any -j ACCEPT
-p icmp --icmp-type bogus -j ACCEPT ; FAIL @21 --icmp-type: unknown ICMP type 'bogus'
-p icmp -j ACCEPT ; =
-p ICMP --icmp-type 11/1 -j ACCEPT ; -p icmp -m icmp --icmp-type 11/1 -j ACCEPT
-p icmp --icmp-type source-quench -j DROP ; -p icmp -m icmp --icmp-type 4 -j DROP
-p icmp --icmp-type timestamp-request -j DROP ; -p icmp -m icmp --icmp-type 13 -j DROP
-p icmp --icmp-type 13 -j DROP ; -p icmp -m icmp --icmp-type 13 -j DROP
-6
-p ipv6-icmp --icmpv6-type echo-request -j ACCEPT ; -p ipv6-icmp -m icmp6 --icmpv6-type 128 -j ACCEPT
-p icmpv6 --icmpv6-type 128 -j ACCEPT ; -p ipv6-icmp -m icmp6 --icmpv6-type 128 -j ACCEPT
-p 58 --icmpv6-type router-advertisement -j ACCEPT ; -p ipv6-icmp -m icmp6 --icmpv6-type 134 -j ACCEPT
-p ipv6-icmp -m icmp6 --icmpv6-type neighbour-solicitation -j ACCEPT ; -p ipv6-icmp -m icmp6 --icmpv6-type 135 -j ACCEPT
-p icmpv6 --icmpv6-type neighbor-advertisement -j ACCEPT ; -p ipv6-icmp -m icmp6 --icmpv6-type 136 -j ACCEPT
-p ipv6-icmp ! --icmpv6-type 128 -j DROP ; -p ipv6-icmp -m icmp6 ! --icmpv6-type 128 -j DROP
-p icmpv6 --icmpv6-type 1/4 -j ACCEPT ; -p ipv6-icmp -m icmp6 --icmpv6-type 1/4 -j ACCEPT
-p icmpv6 --icmpv6-type destination-unreachable -j ACCEPT ; -p ipv6-icmp -m icmp6 --icmpv6-type 1 -j ACCEPT
-p icmpv6 --icmpv6-type packet-too-big -j ACCEPT ; -p ipv6-icmp -m icmp6 --icmpv6-type 2 -j ACCEPT
-p icmpv6 --icmpv6-type 133/0 -j ACCEPT ; -p ipv6-icmp -m icmp6 --icmpv6-type 133/0 -j ACCEPT
-p icmpv6 -j ACCEPT ; -p ipv6-icmp -j ACCEPT
-p IPv6-ICMP --icmpv6-type time-exceeded -j ACCEPT ; -p ipv6-icmp -m icmp6 --icmpv6-type 3 -j ACCEPT
-p icmp --icmp-type 8 -j ACCEPT ; FAIL @9 -p icmp has no match for IPv6 rules (use -p ipv6-icmp)
-p icmpv6 --icmp-type 8 -j ACCEPT ; FAIL @11 unknown option --icmp-type: it belongs to a match that is not loaded
-p icmpv6 --icmpv6-type echo-reply -s fe80::/10 -j ACCEPT ; -s fe80::/10 -p ipv6-icmp -m icmp6 --icmpv6-type 129 -j ACCEPT

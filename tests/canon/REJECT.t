# REJECT (-j REJECT).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# spellings and refusals (each checked with iptables-restore in a namespace)
*filter
:INPUT
-j REJECT ; -j REJECT --reject-with icmp-port-unreachable
-j REJECT --reject-with tcp-reset ; FAIL @11 needs -p tcp
:USER1
-j REJECT ; -j REJECT --reject-with icmp-port-unreachable
*mangle
:INPUT
-j REJECT ; FAIL @4 target REJECT is only valid in table filter (used in table mangle); move the rule to *filter
-6
*filter
:INPUT
-j REJECT --reject-with port-unreach ; -j REJECT --reject-with icmp6-port-unreachable

# from the kernel corpus, where nft and legacy agree (tests/corpus/
# expected.tsv: abbr-*, rej-*, rej6-*)
-4
*filter
:INPUT
-p tcp -j REJECT --reject-with tcp-reset ; =
-j REJECT --reject-with icmp-host-prohibited ; =
-j REJECT --reject-with icmp-port-unreachable ; =
-j REJECT --reject-with host-prohib ; -j REJECT --reject-with icmp-host-prohibited
-j REJECT --reject-with icmp-net-unreachable ; =
-j REJECT --reject-with net-unreach ; -j REJECT --reject-with icmp-net-unreachable
-j REJECT --reject-with icmp-admin-prohibited ; =
-j REJECT --reject-with tcp-rst -p tcp ; -p tcp -j REJECT --reject-with tcp-reset
-j REJECT --reject-with icmp-net-prohibited ; =
-j REJECT --reject-with bogus ; FAIL @25 --reject-with: unknown reject type 'bogus' for IPv4
-j REJECT --reject-with port-unreach ; -j REJECT --reject-with icmp-port-unreachable
-j REJECT --reject tcp-reset -p tcp ; -p tcp -j REJECT --reject-with tcp-reset
:FORWARD
-j REJECT --reject-with icmp-proto-unreachable ; =
*nat
:PREROUTING
-j REJECT ; FAIL @4 target REJECT is only valid in table filter (used in table nat)
-6
*filter
:INPUT
-j REJECT ; -j REJECT --reject-with icmp6-port-unreachable
-j REJECT --reject-with icmp6-adm-prohibited ; =
-j REJECT --reject-with adm-prohibited ; -j REJECT --reject-with icmp6-adm-prohibited
-p tcp -j REJECT --reject-with tcp-reset ; =
-j REJECT --reject-with icmp6-port-unreachable ; =
-j REJECT --reject-with icmp-port-unreachable ; FAIL @25 --reject-with: unknown reject type 'icmp-port-unreachable' for IPv6
-j REJECT --reject-with no-route ; -j REJECT --reject-with icmp6-no-route

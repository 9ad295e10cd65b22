# udp (-m udp).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# spellings and refusals (each checked with iptables-restore in a namespace)
*filter
:INPUT
-p udp --dport=53 -j ACCEPT ; -p udp -m udp --dport 53 -j ACCEPT

# from the kernel corpus, where nft and legacy agree (tests/corpus/
# expected.tsv: udp-*, udp6-*)
*filter
:INPUT
-p udp --dport 53 -j ACCEPT ; -p udp -m udp --dport 53 -j ACCEPT
-p udp --dport domain -j ACCEPT ; -p udp -m udp --dport 53 -j ACCEPT
-p udp -m udp --sport 67:68 --dport 67:68 -j ACCEPT ; =
-p 17 --dport ntp -j ACCEPT ; -p udp -m udp --dport 123 -j ACCEPT
-p udp ! --sport 53 -j DROP ; -p udp -m udp ! --sport 53 -j DROP
-p udp --dport 4789: -j ACCEPT ; -p udp -m udp --dport 4789:65535 -j ACCEPT
-p udp --syn -j ACCEPT ; FAIL @8 unknown option --syn: it belongs to a match that is not loaded
-p UDP --destination-port 51820 -j ACCEPT ; -p udp -m udp --dport 51820 -j ACCEPT
-p udp -m tcp --dport 53 -j ACCEPT ; FAIL @8 -m tcp needs -p tcp (without '!')
-p udp --dport :100 -j ACCEPT ; -p udp -m udp --dport 0:100 -j ACCEPT
-6
-p udp --dport 546 -d fe80::/64 -j ACCEPT ; -d fe80::/64 -p udp -m udp --dport 546 -j ACCEPT
-p udp --sport bootps -j ACCEPT ; -p udp -m udp --sport 67 -j ACCEPT

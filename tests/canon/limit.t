# limit (-m limit).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# spellings and refusals (each checked with iptables-restore in a namespace)
*filter
:INPUT
-m limit -j ACCEPT ; -m limit --limit 3/hour -j ACCEPT
-m limit --limit 100/s --limit-burst 5 ; -m limit --limit 100/sec

# from the kernel corpus, where nft and legacy agree (tests/corpus/
# expected.tsv: lim-*, lim6-*)
*filter
:INPUT
-m limit -j LOG ; -m limit --limit 3/hour -j LOG
-m limit --limit 5/min --limit-burst 5 -j ACCEPT ; -m limit --limit 5/min -j ACCEPT
-m limit --limit 5/minute -j ACCEPT ; -m limit --limit 5/min -j ACCEPT
-m limit --limit 5/m -j ACCEPT ; -m limit --limit 5/min -j ACCEPT
-m limit --limit 10/second --limit-burst 20 -j ACCEPT ; -m limit --limit 10/sec --limit-burst 20 -j ACCEPT
-m limit --limit 3/hour -j ACCEPT ; =
-m limit --limit 60/min -j ACCEPT ; -m limit --limit 1/sec -j ACCEPT
-m limit --limit 1/s -j ACCEPT ; -m limit --limit 1/sec -j ACCEPT
-m limit ! --limit 1/s -j DROP ; FAIL @12 limit: option --limit cannot be inverted
-m limit --limit-burst 10 --limit 2/sec -j ACCEPT ; -m limit --limit 2/sec --limit-burst 10 -j ACCEPT
-m limit --limit 5 -j ACCEPT ; -m limit --limit 5/sec -j ACCEPT
-m limit --limit 3600/hour -j ACCEPT ; -m limit --limit 1/sec -j ACCEPT
-p icmp --icmp-type echo-request -m limit --limit 1/s -j ACCEPT ; -p icmp -m icmp --icmp-type 8 -m limit --limit 1/sec -j ACCEPT
-m limit --limit 0/s -j ACCEPT ; FAIL @18 --limit: '0/s' is not a rate
-6
-m limit --limit 5/min -j LOG ; =

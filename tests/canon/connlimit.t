# connlimit (-m connlimit).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# spellings and refusals (each checked with iptables-restore in a namespace)
*filter
:INPUT
-m connlimit ! --connlimit-above 10 ; -m connlimit --connlimit-upto 10 --connlimit-mask 32 --connlimit-saddr

# from the kernel corpus, where nft and legacy agree (tests/corpus/
# expected.tsv: cl-*, cl6-*)
*filter
:INPUT
-p tcp --syn --dport 80 -m connlimit --connlimit-above 10 -j REJECT ; -p tcp -m tcp --dport 80 --tcp-flags FIN,SYN,RST,ACK SYN -m connlimit --connlimit-above 10 --connlimit-mask 32 --connlimit-saddr -j REJECT --reject-with icmp-port-unreachable
-p tcp -m connlimit --connlimit-above 10 --connlimit-mask 32 -j DROP ; -p tcp -m connlimit --connlimit-above 10 --connlimit-mask 32 --connlimit-saddr -j DROP
-p tcp -m connlimit --connlimit-upto 5 -j ACCEPT ; -p tcp -m connlimit --connlimit-upto 5 --connlimit-mask 32 --connlimit-saddr -j ACCEPT
-p tcp -m connlimit --connlimit-above 2 --connlimit-mask 24 --connlimit-daddr -j DROP ; =
-p tcp -m connlimit ! --connlimit-above 3 -j ACCEPT ; -p tcp -m connlimit --connlimit-upto 3 --connlimit-mask 32 --connlimit-saddr -j ACCEPT
-p tcp -m connlimit --connlimit-above 3 --connlimit-saddr -j DROP ; -p tcp -m connlimit --connlimit-above 3 --connlimit-mask 32 --connlimit-saddr -j DROP
-6
-p tcp -m connlimit --connlimit-above 10 -j DROP ; -p tcp -m connlimit --connlimit-above 10 --connlimit-mask 128 --connlimit-saddr -j DROP
-p tcp -m connlimit --connlimit-above 10 --connlimit-mask 64 -j DROP ; -p tcp -m connlimit --connlimit-above 10 --connlimit-mask 64 --connlimit-saddr -j DROP

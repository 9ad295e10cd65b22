# multiport (-m multiport).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# spellings and refusals (each checked with iptables-restore in a namespace)
*filter
:INPUT
-p tcp -m multiport --dport 80,https -j ACCEPT ; -p tcp -m multiport --dports 80,443 -j ACCEPT

# from the kernel corpus, where nft and legacy agree (tests/corpus/
# expected.tsv: mp-*, mp6-*)
*filter
:INPUT
-p tcp -m multiport --dport 80,443 -j ACCEPT ; -p tcp -m multiport --dports 80,443 -j ACCEPT
-p tcp -m multiport --dports 80,443 -j ACCEPT ; =
-p tcp -m multiport --ports 80,443 -j ACCEPT ; =
-p tcp -m multiport --sports 1024:2048,3000 -j ACCEPT ; =
-p tcp -m multiport --dports http,https -j ACCEPT ; -p tcp -m multiport --dports 80,443 -j ACCEPT
-p udp -m multiport ! --dports 53,123 -j DROP ; =
-p tcp -m multiport --dports 443,80 -j ACCEPT ; =
-p tcp -m multiport --dports 22 -j ACCEPT ; =
-m multiport --dports 80 -j ACCEPT ; FAIL @1 multiport needs -p tcp, udp, udplite, sctp or dccp before it
-p tcp -m multiport --dports 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15 -j ACCEPT ; =
-p tcp -m multiport --dports 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16 -j ACCEPT ; FAIL @30 --dports: multiport takes at most 15 ports (a range counts as two)
-p tcp -m multiport --dports 1000: -j ACCEPT ; FAIL @30 --dports: '1000:' in '1000:' is not a port range N:M
-p sctp -m multiport --dports 36412,38412 -j ACCEPT ; =
-p tcp -m multiport --destination-ports 25,587 -j ACCEPT ; -p tcp -m multiport --dports 25,587 -j ACCEPT
-p tcp -m multiport --source-ports 25 -j ACCEPT ; -p tcp -m multiport --sports 25 -j ACCEPT
-p tcp -m multiport --dports 80,80 -j ACCEPT ; =
-6
-p tcp -m multiport --dport 80,443 -j ACCEPT ; -p tcp -m multiport --dports 80,443 -j ACCEPT

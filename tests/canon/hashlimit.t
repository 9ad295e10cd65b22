# hashlimit (-m hashlimit).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# spellings and refusals (each checked with iptables-restore in a namespace)
*filter
:INPUT
-m hashlimit --hashlimit-upto 10 --hashlimit-name foo ; -m hashlimit --hashlimit-upto 10/sec --hashlimit-burst 5 --hashlimit-name foo

# from the kernel corpus, where nft and legacy agree (tests/corpus/
# expected.tsv: hl-*, hl6-*)
*filter
:INPUT
-m hashlimit --hashlimit-upto 10/sec --hashlimit-name web -j ACCEPT ; -m hashlimit --hashlimit-upto 10/sec --hashlimit-burst 5 --hashlimit-name web -j ACCEPT
-m hashlimit --hashlimit-above 10/sec --hashlimit-mode srcip --hashlimit-name web -j DROP ; -m hashlimit --hashlimit-above 10/sec --hashlimit-burst 5 --hashlimit-mode srcip --hashlimit-name web -j DROP
-m hashlimit --hashlimit 10 --hashlimit-name old -j ACCEPT ; -m hashlimit --hashlimit-upto 10/sec --hashlimit-burst 5 --hashlimit-name old -j ACCEPT
-m hashlimit --hashlimit-upto 5/min --hashlimit-burst 10 --hashlimit-mode srcip,dstport --hashlimit-name ssh --hashlimit-htable-expire 60000 -j ACCEPT ; -m hashlimit --hashlimit-upto 5/min --hashlimit-burst 10 --hashlimit-mode srcip,dstport --hashlimit-name ssh -j ACCEPT
-m hashlimit --hashlimit-name web --hashlimit-upto 10/second -j ACCEPT ; -m hashlimit --hashlimit-upto 10/sec --hashlimit-burst 5 --hashlimit-name web -j ACCEPT
-m hashlimit --hashlimit-upto 10/sec --hashlimit-burst 5 --hashlimit-name web -j ACCEPT ; =
-m hashlimit --hashlimit-upto 1000kb/s --hashlimit-name bytes -j ACCEPT ; =
-m hashlimit --hashlimit-upto 10/sec --hashlimit-srcmask 24 --hashlimit-mode srcip --hashlimit-name net -j ACCEPT ; -m hashlimit --hashlimit-upto 10/sec --hashlimit-burst 5 --hashlimit-mode srcip --hashlimit-name net --hashlimit-srcmask 24 -j ACCEPT
-m hashlimit --hashlimit-upto 10/sec -j ACCEPT ; FAIL @1 hashlimit needs --hashlimit-name
-m hashlimit --hashlimit-upto 10/sec --hashlimit-name web --hashlimit-htable-size 1024 --hashlimit-htable-max 2048 --hashlimit-htable-gcinterval 500 -j ACCEPT ; -m hashlimit --hashlimit-upto 10/sec --hashlimit-burst 5 --hashlimit-name web --hashlimit-htable-size 1024 --hashlimit-htable-max 2048 --hashlimit-htable-gcinterval 500 -j ACCEPT
-m hashlimit --hashlimit-mode dstip,srcip --hashlimit-upto 1/min --hashlimit-name x -j ACCEPT ; -m hashlimit --hashlimit-upto 1/min --hashlimit-burst 5 --hashlimit-mode srcip,dstip --hashlimit-name x -j ACCEPT
-6
-m hashlimit --hashlimit-upto 10/sec --hashlimit-mode srcip --hashlimit-srcmask 64 --hashlimit-name v6 -j ACCEPT ; -m hashlimit --hashlimit-upto 10/sec --hashlimit-burst 5 --hashlimit-mode srcip --hashlimit-name v6 --hashlimit-srcmask 64 -j ACCEPT

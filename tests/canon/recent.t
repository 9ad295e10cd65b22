# recent (-m recent).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# spellings and refusals (each checked with iptables-restore in a namespace)
*filter
:INPUT
-m recent --name foo --set ; -m recent --set --name foo --mask 255.255.255.255 --rsource

# from the kernel corpus, where nft and legacy agree (tests/corpus/
# expected.tsv: rec-*, rec6-*)
*filter
:INPUT
-m recent --set -j ACCEPT ; -m recent --set --name DEFAULT --mask 255.255.255.255 --rsource -j ACCEPT
-m recent --update --seconds 60 -j DROP ; -m recent --update --seconds 60 --name DEFAULT --mask 255.255.255.255 --rsource -j DROP
-p tcp --dport 22 -m recent --set --name SSH --rsource -j ACCEPT ; -p tcp -m tcp --dport 22 -m recent --set --name SSH --mask 255.255.255.255 --rsource -j ACCEPT
-p tcp --dport 22 -m recent --update --seconds 60 --hitcount 4 --name SSH -j DROP ; -p tcp -m tcp --dport 22 -m recent --update --seconds 60 --hitcount 4 --name SSH --mask 255.255.255.255 --rsource -j DROP
-m recent --rcheck --name SSH --rdest -j DROP ; -m recent --rcheck --name SSH --mask 255.255.255.255 --rdest -j DROP
-m recent --remove --name SSH -j ACCEPT ; -m recent --remove --name SSH --mask 255.255.255.255 --rsource -j ACCEPT
-m recent ! --rcheck --seconds 10 --reap --name x -j DROP ; -m recent ! --rcheck --seconds 10 --reap --name x --mask 255.255.255.255 --rsource -j DROP
-m recent --set --name net --mask 255.255.255.0 -j ACCEPT ; -m recent --set --name net --mask 255.255.255.0 --rsource -j ACCEPT
-m recent --rcheck --rttl --name x -j DROP ; -m recent --rcheck --rttl --name x --mask 255.255.255.255 --rsource -j DROP
-m recent --set --update -j DROP ; FAIL @17 recent: --update cannot be combined with --set
-m recent --name SSH --set -j ACCEPT ; -m recent --set --name SSH --mask 255.255.255.255 --rsource -j ACCEPT
-m recent --update --hitcount 3 --seconds 30 --name a -j DROP ; -m recent --update --seconds 30 --hitcount 3 --name a --mask 255.255.255.255 --rsource -j DROP
-6
-m recent --set --name v6 -j ACCEPT ; -m recent --set --name v6 --mask ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff --rsource -j ACCEPT

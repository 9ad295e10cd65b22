# iprange (-m iprange).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# spellings and refusals (each checked with iptables-restore in a namespace)
*filter
:INPUT
-m iprange ! --dst-range 5.6.7.8 ; -m iprange ! --dst-range 5.6.7.8-5.6.7.8

# from the kernel corpus, where nft and legacy agree (tests/corpus/
# expected.tsv: ipr-*, ipr6-*)
*filter
:INPUT
-m iprange --src-range 10.0.0.1-10.0.0.9 -j ACCEPT ; =
-m iprange --dst-range 192.168.1.100-192.168.1.200 -j ACCEPT ; =
-m iprange ! --src-range 10.0.0.1-10.0.0.9 -j DROP ; =
-m iprange --dst-range 10.0.0.5-10.0.0.1 -j ACCEPT ; =
-m iprange --src-range 10.0.0.1 -j ACCEPT ; -m iprange --src-range 10.0.0.1-10.0.0.1 -j ACCEPT
-m iprange --dst-range 10.0.0.1-10.0.0.2 --src-range 10.1.0.1-10.1.0.2 -j ACCEPT ; -m iprange --src-range 10.1.0.1-10.1.0.2 --dst-range 10.0.0.1-10.0.0.2 -j ACCEPT
-6
-m iprange --src-range 2001:db8::1-2001:DB8::00ff -j ACCEPT ; -m iprange --src-range 2001:db8::1-2001:db8::ff -j ACCEPT

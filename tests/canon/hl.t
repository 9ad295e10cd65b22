# hl (-m hl).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# from the kernel corpus, where nft and legacy agree (tests/corpus/
# expected.tsv: hlm-*)
*filter
:INPUT
-m hl --hl-eq 255 -j ACCEPT ; FAIL @4 match hl is for IPv6 rules only
-6
-m hl --hl-eq 255 -j ACCEPT ; =
-m hl --hl-gt 1 -j ACCEPT ; =
-m hl ! --hl-eq 255 -p icmpv6 -j DROP ; -p ipv6-icmp -m hl ! --hl-eq 255 -j DROP
-m hl --hl-lt 5 -j DROP ; =

# ttl (-m ttl).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# from the kernel corpus, where nft and legacy agree (tests/corpus/
# expected.tsv: ttl-*)
*filter
:INPUT
-m ttl --ttl-eq 64 -j ACCEPT ; =
-m ttl --ttl-gt 10 -j ACCEPT ; =
-m ttl --ttl-lt 2 -j DROP ; =
-m ttl ! --ttl-eq 255 -j DROP ; =
-m ttl --ttl 64 -j ACCEPT ; -m ttl --ttl-eq 64 -j ACCEPT
-m ttl --ttl-eq 256 -j ACCEPT ; FAIL @17 --ttl-eq: '256' is not a number from 0 to 255

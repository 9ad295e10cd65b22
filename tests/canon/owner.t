# owner (-m owner).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# spellings and refusals (each checked with iptables-restore in a namespace)
*filter
:USER1
-m owner --uid-owner 0 ; =

# from the kernel corpus, where nft and legacy agree (tests/corpus/
# expected.tsv: own-*, own6-*)
*filter
:INPUT
-m owner --uid-owner 0 -j ACCEPT ; FAIL @4 match owner is only valid in chains OUTPUT or POSTROUTING (used in INPUT)
:OUTPUT
-m owner --uid-owner 0 -j ACCEPT ; =
-m owner --gid-owner 1000 -j ACCEPT ; =
-m owner ! --uid-owner 1000 -j DROP ; =
-m owner --uid-owner 1000-2000 -j ACCEPT ; =
-m owner --socket-exists -j ACCEPT ; =
-m owner --gid-owner 100 --suppl-groups -j ACCEPT ; =
-m owner --gid-owner 0 --uid-owner 0 -j ACCEPT ; -m owner --uid-owner 0 --gid-owner 0 -j ACCEPT
-6
-m owner --uid-owner 0 -j ACCEPT ; =

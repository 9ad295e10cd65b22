# set (-m set).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# from the kernel corpus, where nft and legacy agree (tests/corpus/
# expected.tsv: set-*, set6-*)
*filter
:INPUT
-m set --match-set foo src -j ACCEPT ; =
-m set ! --match-set foo src -j DROP ; =
-m set --match-set bar dst -j ACCEPT ; =
-m set --match-set foo src,dst -j ACCEPT ; =
-m set --match-set foo src --return-nomatch -j ACCEPT ; =
-m set --match-set foo src ! --update-counters -j ACCEPT ; =
-m set --set foo src -j ACCEPT ; -m set --match-set foo src -j ACCEPT
-m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT ; =
-p tcp -m set --match-set ports dst,dst -j ACCEPT ; =
-m set --match-set foo src -m set --match-set bar dst -j DROP ; =
-m set --match-set foo src --packets-gt 10 -j ACCEPT ; =
*nat
:POSTROUTING
-m comment --comment "cali:flqWnvo8yq4ULQLa" -m set --match-set cali40masq-ipam-pools src -m set ! --match-set cali40all-ipam-pools dst -j MASQUERADE ; =
-6
*filter
:INPUT
-m set --match-set foo6 src -j ACCEPT ; =

# NFQUEUE (-j NFQUEUE).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# spellings and refusals (each checked with iptables-restore in a namespace)
*filter
:INPUT
-j NFQUEUE ; -j NFQUEUE --queue-num 0

# from the kernel corpus, where nft and legacy agree (tests/corpus/
# expected.tsv: nfq-*, nfq6-*)
*filter
:INPUT
-j NFQUEUE --queue-num 1 ; =
-j NFQUEUE --queue-num 0 ; =
-j NFQUEUE --queue-balance 0:3 ; =
-j NFQUEUE --queue-num 2 --queue-bypass ; =
-j NFQUEUE --queue-balance 0:3 --queue-cpu-fanout ; =
-j NFQUEUE --queue-bypass --queue-num 7 ; -j NFQUEUE --queue-num 7 --queue-bypass
-j NFQUEUE --queue-balance 3:0 ; FAIL @28 --queue-balance: range '3:0' starts above its end
-6
-j NFQUEUE --queue-num 3 ; =

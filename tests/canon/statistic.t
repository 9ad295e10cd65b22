# statistic (-m statistic).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# spellings and refusals (each checked with iptables-restore in a namespace)
*filter
:INPUT
-m statistic --mode random --probability 0.333 ; -m statistic --mode random --probability 0.33300000010

# from the kernel corpus, where nft and legacy agree (tests/corpus/
# expected.tsv: stat-*, stat6-*)
*filter
:INPUT
-m statistic --mode random --probability 0.01 -j DROP ; -m statistic --mode random --probability 0.00999999978 -j DROP
*nat
:PREROUTING
-m statistic --mode random --probability 0.5 -j USER1 ; -m statistic --mode random --probability 0.50000000000 -j USER1
-m statistic --mode random --probability 0.50000000000 -j USER1 ; =
-m statistic --mode random --probability 0.33333333349 -j USER1 ; =
-m statistic --mode nth --every 2 -j USER1 ; FAIL @1 statistic: --every also needs --packet (e.g. --packet 0)
-m statistic --mode nth --every 3 --packet 1 -j USER1 ; =
-m statistic --mode random ! --probability 0.25 -j USER2 ; -m statistic --mode random ! --probability 0.25000000000 -j USER2
-m statistic --probability 0.1 --mode random -j USER1 ; -m statistic --mode random --probability 0.10000000009 -j USER1
-m statistic --mode random --probability 1 -j USER1 ; -m statistic --mode random --probability 1.00000000000 -j USER1
-m statistic --mode random --probability 0.2000000000 -j USER1 ; -m statistic --mode random --probability 0.20000000019 -j USER1
-m statistic --mode random --probability .5 -j USER1 ; -m statistic --mode random --probability 0.50000000000 -j USER1
-m statistic --mode random --probability 1.5 -j USER1 ; FAIL @42 --probability: '1.5' is not a probability from 0 to 1
-m statistic --mode nth --every 1 --packet 0 -j USER1 ; =
-m statistic --mode random --probability 0.14285714272 -j USER1 ; =
-6
-m statistic --mode random --probability 0.5 -j USER1 ; -m statistic --mode random --probability 0.50000000000 -j USER1

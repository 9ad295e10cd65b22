# state (-m state).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# spellings and refusals (each checked with iptables-restore in a namespace)
*filter
:INPUT
-m state --state established,RELATED -j ACCEPT ; -m state --state RELATED,ESTABLISHED -j ACCEPT

# from the kernel corpus, where nft and legacy agree (tests/corpus/
# expected.tsv: abbr-*, state-*, state6-*)
*filter
:INPUT
-m state --state NEW,ESTABLISHED -j ACCEPT ; =
-m state --state RELATED,ESTABLISHED -j ACCEPT ; =
-m state --state ESTABLISHED,RELATED -j ACCEPT ; -m state --state RELATED,ESTABLISHED -j ACCEPT
-m state ! --state INVALID -j ACCEPT ; =
-m state --state NEW -p tcp --dport 22 -j ACCEPT ; -p tcp -m state --state NEW -m tcp --dport 22 -j ACCEPT
-p tcp -m state --state NEW -m tcp --dport 22 -j ACCEPT ; =
-m state --state UNTRACKED -j ACCEPT ; =
-m state --state new -j ACCEPT ; -m state --state NEW -j ACCEPT
-m state --state DNAT -j ACCEPT ; FAIL @18 --state: unknown state 'DNAT'
-m state --state INVALID,NEW,RELATED,ESTABLISHED,UNTRACKED -j ACCEPT ; =
--ma state --state NEW -j ACCEPT ; -m state --state NEW -j ACCEPT
-m state --st NEW -j ACCEPT ; -m state --state NEW -j ACCEPT
-6
-m state --state ESTABLISHED,RELATED -j ACCEPT ; -m state --state RELATED,ESTABLISHED -j ACCEPT

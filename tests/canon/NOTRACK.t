# NOTRACK (-j NOTRACK).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# spellings and refusals (each checked with iptables-restore in a namespace)
*filter
:INPUT
-j NOTRACK ; FAIL @4 only valid in table raw
-p tcp -m foo --bar -j NOTRACK ; FAIL @24 only valid in table raw

# from the kernel corpus, where nft and legacy agree (tests/corpus/
# expected.tsv: nt-*, nt6-*)
*raw
:PREROUTING
-j NOTRACK ; =
:OUTPUT
-p udp --dport 53 -j NOTRACK ; -p udp -m udp --dport 53 -j NOTRACK
-6
:PREROUTING
-j NOTRACK ; =

# helper (-m helper).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# spellings and refusals (each checked with iptables-restore in a namespace)
*filter
:INPUT
-m helper --helper ftp -j ACCEPT ; =
-m helper ! --helper "sip" -j ACCEPT ; -m helper ! --helper sip -j ACCEPT

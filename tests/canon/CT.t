# CT (-j CT).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# spellings and refusals (each checked with iptables-restore in a namespace)
*mangle
:PREROUTING
-j CT --notrack ; FAIL @4 only valid in table raw
*raw
:PREROUTING
-j CT --notrack ; =

# from the kernel corpus, where nft and legacy agree (tests/corpus/
# expected.tsv: nt-*, nt6-*)
*raw
:PREROUTING
-p tcp --dport 21 -j CT --helper ftp ; -p tcp -m tcp --dport 21 -j CT --helper ftp
-j CT --zone 1 ; =
-j CT ; =
-j CT --ctevents new,destroy ; =
-j CT --expevents new ; =
-j CT --zone 1 --notrack ; -j CT --notrack --zone 1
:OUTPUT
-j CT --zone-orig 2 ; =
-6
:PREROUTING
-j CT --notrack ; =

# REDIRECT (-j REDIRECT).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# from the kernel corpus, where nft and legacy agree (tests/corpus/
# expected.tsv: redir-*, redir6-*)
*nat
:PREROUTING
-p tcp --dport 80 -j REDIRECT --to-ports 3128 ; -p tcp -m tcp --dport 80 -j REDIRECT --to-ports 3128
-j REDIRECT ; =
-p tcp -j REDIRECT --to-port 15001 ; -p tcp -j REDIRECT --to-ports 15001
-p tcp -j REDIRECT --to-ports 15001 --random ; =
-j REDIRECT --to-ports 80 ; FAIL @24 --to-ports with a port needs -p tcp, udp, sctp or dccp before it
:OUTPUT
-p tcp -j REDIRECT --to-ports 8080-8090 ; =
:POSTROUTING
-p tcp -j REDIRECT --to-ports 80 ; FAIL @11 target REDIRECT is only valid in chains PREROUTING or OUTPUT (used in POSTROUTING)
-6
:PREROUTING
-p tcp --dport 80 -j REDIRECT --to-ports 3128 ; -p tcp -m tcp --dport 80 -j REDIRECT --to-ports 3128

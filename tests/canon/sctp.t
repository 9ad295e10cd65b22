# sctp (-m sctp).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# from the kernel corpus, where nft and legacy agree (tests/corpus/
# expected.tsv: sctp-*, sctp6-*)
*filter
:INPUT
-p sctp --dport 5060 -j ACCEPT ; -p sctp -m sctp --dport 5060 -j ACCEPT
-p sctp -m sctp --sport 1024: -j ACCEPT ; -p sctp -m sctp --sport 1024:65535 -j ACCEPT
-p sctp --chunk-types any INIT -j ACCEPT ; -p sctp -m sctp --chunk-types any INIT -j ACCEPT
-p sctp --chunk-types only INIT,INIT_ACK -j ACCEPT ; -p sctp -m sctp --chunk-types only INIT,INIT_ACK -j ACCEPT
-p 132 --dport 38412 -j ACCEPT ; -p sctp -m sctp --dport 38412 -j ACCEPT
-p sctp ! --dport 9 -j DROP ; -p sctp -m sctp ! --dport 9 -j DROP
-p sctp --destination-port 3868 --source-port 3868 -j ACCEPT ; -p sctp -m sctp --sport 3868 --dport 3868 -j ACCEPT
-p sctp --chunk-types all DATA -j ACCEPT ; -p sctp -m sctp --chunk-types all DATA -j ACCEPT
-p sctp --chunk-types any DATA:Be -j ACCEPT ; -p sctp -m sctp --chunk-types any DATA:Be -j ACCEPT
-6
-p sctp --dport 5060 -j ACCEPT ; -p sctp -m sctp --dport 5060 -j ACCEPT

# CLASSIFY (-j CLASSIFY).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# spellings and refusals (each checked with iptables-restore in a namespace)
*filter
:FORWARD
-j CLASSIFY --set-class 1:10 ; -j CLASSIFY --set-class 0001:0010

# from the kernel corpus, where nft and legacy agree (tests/corpus/
# expected.tsv: cls-*, cls6-*)
*filter
:OUTPUT
-j CLASSIFY --set-class 1:2 ; -j CLASSIFY --set-class 0001:0002
*mangle
:POSTROUTING
-j CLASSIFY --set-class 1:10 ; -j CLASSIFY --set-class 0001:0010
-o eth0 -j CLASSIFY --set-class 0001:0010 ; =
-j CLASSIFY --set-class 10 ; FAIL @25 --set-class: '10' is not a class MAJOR:MINOR in hex
-j CLASSIFY --set-class ffff:ffff ; =
-6
-j CLASSIFY --set-class 1:20 ; -j CLASSIFY --set-class 0001:0020

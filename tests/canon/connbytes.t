# connbytes (-m connbytes).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# libxt_connbytes's save: --connbytes FROM[:TO] (TO left out when it is
# the largest count), --connbytes-mode, --connbytes-dir; all three needed.
*filter
:INPUT,USER1
-m connbytes --connbytes 10:100 --connbytes-dir original --connbytes-mode packets ; -m connbytes --connbytes 10:100 --connbytes-mode packets --connbytes-dir original
-m connbytes ! --connbytes 10: --connbytes-mode bytes --connbytes-dir both -j DROP ; -m connbytes ! --connbytes 10 --connbytes-mode bytes --connbytes-dir both -j DROP
-m connbytes --connbytes 10 --connbytes-mode avgpkt --connbytes-dir reply ; =
-m connbytes --connbytes 1:0x10 --connbytes-dir original --connbytes-mode bytes ; -m connbytes --connbytes 1:16 --connbytes-mode bytes --connbytes-dir original
-m connbytes --connbytes :5 --connbytes-dir original --connbytes-mode bytes ; -m connbytes --connbytes 0:5 --connbytes-mode bytes --connbytes-dir original
-m connbytes --connbytes 10 --connbytes-mode bytes ; FAIL connbytes needs --connbytes-dir
-m connbytes --connbytes 10:5 --connbytes-mode bytes --connbytes-dir both ; FAIL --connbytes: range '10:5' starts above its end
-6
-m connbytes --connbytes 0:1000000 --connbytes-mode bytes --connbytes-dir both ; =

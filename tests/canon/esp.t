# esp (-m esp).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# libxt_esp's save: --espspi N or N:M (N:N as N, 0:4294967295 left out);
# needs -p esp.
*filter
:INPUT,USER1
-p esp -m esp --espspi 5:10 ; =
-p esp -m esp ! --espspi 0x10 -j DROP ; -p esp -m esp ! --espspi 16 -j DROP
-p esp -m esp --espspi 7:7 ; -p esp -m esp --espspi 7
-p esp -m esp --espspi 0:4294967295 ; -p esp -m esp
-p esp -m esp --espspi 100: ; -p esp -m esp --espspi 100:4294967295
-m esp --espspi 5 ; FAIL -m esp needs -p esp
-6
-p esp -m esp --espspi 5 ; =

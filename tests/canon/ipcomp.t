# ipcomp (-m ipcomp).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# libxt_ipcomp's save: --ipcompspi N or N:M (N:N as N, 0:4294967295 left
# out), --compres; needs -p ipcomp (108).
*filter
:INPUT,USER1
-p ipcomp -m ipcomp --ipcompspi 5:10 --compres ; =
-p 108 -m ipcomp ! --ipcompspi 0x10 ; -p ipcomp -m ipcomp ! --ipcompspi 16
-p ipcomp -m ipcomp --ipcompspi 0:4294967295 ; -p ipcomp -m ipcomp
-m ipcomp --ipcompspi 5 ; FAIL -m ipcomp needs -p ipcomp
-6
-p ipcomp -m ipcomp --ipcompspi 9 ; =

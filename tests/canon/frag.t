# frag (-m frag).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# libip6t_frag's save: --fragid (0:4294967295 left out, N:N as N),
# --fraglen, --fragres, --fragfirst, --fragmore, --fraglast.
-6
*filter
:INPUT,USER1
-m frag --fragid 5 --fraglen 8 --fragres --fragfirst --fragmore ; =
-m frag --fraglast ! --fragid 1:10 ; -m frag ! --fragid 1:10 --fraglast
-m frag --fragid 0:4294967295 ; -m frag
-m frag --fragid :5 -j DROP ; -m frag --fragid 0:5 -j DROP
-m frag --fragid 7:7 ; -m frag --fragid 7

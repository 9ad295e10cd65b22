# connlabel (-m connlabel).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# libxt_connlabel's save: --label in double quotes, the name that the
# machine's /etc/xtables/connlabel.conf gives the bit (the bit number
# when there is no such file, as in a test namespace), then --set.  That
# file is the target machine's, so --label is F_LIT: the module keeps its
# words, the label printed in quotes.
*filter
:INPUT,USER1
-m connlabel --label "1" ; =
-m connlabel --label 1 -j ACCEPT ; -m connlabel --label "1" -j ACCEPT
-m connlabel ! --label "3" ; =
-m connlabel --label "5" --set ; =
-m connlabel --set ; FAIL connlabel needs --label

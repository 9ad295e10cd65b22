# socket (-m socket).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# libxt_socket's save: --transparent, --nowildcard, --restore-skmark.
# The kernel takes it in PREROUTING and INPUT only (xt_socket's hooks).
*mangle
:PREROUTING,INPUT,USER1
-m socket ; =
-m socket --restore-skmark --nowildcard --transparent -j ACCEPT ; -m socket --transparent --nowildcard --restore-skmark -j ACCEPT
-m socket --nowildcard ; =
-m socket --bogus ; FAIL @11 unknown option --bogus
:OUTPUT,FORWARD,POSTROUTING
-m socket ; FAIL @4 match socket is only valid in chains PREROUTING or INPUT
*filter
:INPUT
-m socket --transparent -j ACCEPT ; =
:OUTPUT
-m socket ; FAIL @4 match socket is only valid in chains PREROUTING or INPUT
*nat
:PREROUTING
-m socket -j ACCEPT ; =
-6
*mangle
:PREROUTING
-m socket --transparent ; =

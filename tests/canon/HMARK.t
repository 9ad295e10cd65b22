# HMARK (-j HMARK).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# Literal module (grammar/targets.def): only spellings the save prints
# back unchanged.  Each checked with iptables-restore in a namespace.
*mangle
:PREROUTING,OUTPUT,USER1
-j HMARK --hmark-src-prefix 32 --hmark-dst-prefix 32 --hmark-rnd 0xdeadbeef --hmark-mod 10 --hmark-offset 100 ; =
-j HMARK --hmark-src-prefix 24 --hmark-rnd 0x00000001 --hmark-mod 5 ; =
-j HMARK --hmark-sport-mask 0xffff --hmark-dport-mask 0x00ff --hmark-rnd 0x00000001 --hmark-mod 5 ; =
-j HMARK --hmark-tuple src,dst --hmark-rnd 0x1 ; FAIL @1 HMARK needs --hmark-mod
-j HMARK --hmark-tuple src,dst --hmark-mod 10 ; FAIL @1 HMARK needs --hmark-rnd
-6
-j HMARK --hmark-src-prefix 64 --hmark-dst-prefix 128 --hmark-rnd 0x00000002 --hmark-mod 4 ; =

# u32 (-m u32).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# libxt_u32's save prints the expression in double quotes, numbers in
# hex, blanks dropped; that canonical form is not described here
# (--u32 is F_LIT): the module is kept as written, quotes included.  The
# rows here are written as the save prints them.
*filter
:INPUT,USER1
-m u32 --u32 "0x0>>0x16&0x3c@0xc>>0x1a&0x3c@0x0=0x4500000" -j DROP ; =
-m u32 ! --u32 "0x6&0xff=0x1&&0x4&0x3fff=0x0" ; =
-m u32 --u32 "0x0=0x0:0x5,0x7" ; =
-m u32 ; FAIL u32 needs --u32
-6
-m u32 --u32 "0x6&0xff=0x11" ; =

# realm (-m realm).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# libipt_realm's save (IPv4): --realm 0xVALUE[/0xMASK], the mask left out
# when full; a name from /etc/iproute2/rt_realms is kept as written.  The
# kernel takes it in INPUT, FORWARD, OUTPUT and POSTROUTING (xt_realm's
# hooks), not in PREROUTING.
*filter
:INPUT,FORWARD,OUTPUT,USER1
-m realm --realm 0x10/0xff ; =
-m realm ! --realm 5 -j DROP ; -m realm ! --realm 0x5 -j DROP
-m realm --realm 1/0xffffffff ; -m realm --realm 0x1
*mangle
:POSTROUTING
-m realm --realm 2 ; -m realm --realm 0x2
:PREROUTING
-m realm --realm 2 ; FAIL @4 match realm is only valid in chains

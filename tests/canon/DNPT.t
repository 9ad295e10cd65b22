# DNPT (-j DNPT).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# spellings and refusals (each checked with iptables-restore in a namespace)
-6
*filter
:INPUT
-j DNPT --src-pfx 2001:db8::/64 --dst-pfx 2001:db8:1::/64 ; FAIL @4 table mangle
*mangle
:PREROUTING,OUTPUT
-j DNPT --src-pfx 2001:db8::/64 --dst-pfx 2001:db8:1::/64 ; =
-j DNPT --dst-pfx 2001:db8:1::/64 --src-pfx 2001:db8::/64 ; -j DNPT --src-pfx 2001:db8::/64 --dst-pfx 2001:db8:1::/64
-j DNPT --src-pfx 2001:db8:0:0::/64 --dst-pfx 2001:0db8:1::/64 ; -j DNPT --src-pfx 2001:db8::/64 --dst-pfx 2001:db8:1::/64
-j DNPT --src-pfx 2001:db8::/48 --dst-pfx 2001:db8:1::/64 ; =
-j DNPT --src-pfx 2001:db8::/64 ; FAIL @1 DNPT needs --dst-pfx
:POSTROUTING
-j DNPT --src-pfx 2001:db8::/64 --dst-pfx 2001:db8:1::/64 ; FAIL @4 PREROUTING

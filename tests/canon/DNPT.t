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
-j DNPT --src-pfx 2001:db8::/ffff:ffff:: --dst-pfx 2001:db8:1::/64 ; -j DNPT --src-pfx 2001:db8::/32 --dst-pfx 2001:db8:1::/64
# a zero-length prefix is saved as nothing
-j DNPT --src-pfx ::/0 --dst-pfx ::/0 ; -j DNPT
-j DNPT --src-pfx 2001:db8::/64 --dst-pfx ::/0 ; -j DNPT --src-pfx 2001:db8::/64
# the kernel refuses host bits, prefixes over 64 bits, and no length (/128)
-j DNPT --src-pfx 2001:db8::1/64 --dst-pfx 2001:db8:1::/64 ; FAIL @19 has bits set after its length
-j DNPT --src-pfx 2001:db8:0:1::/48 --dst-pfx 2001:db8:1::/64 ; FAIL @19 has bits set after its length
-j DNPT --src-pfx 2001:db8::/65 --dst-pfx 2001:db8:1::/64 ; FAIL @19 a length of 0 to 64
-j DNPT --src-pfx 2001:db8:: --dst-pfx 2001:db8:1:: ; FAIL @19 a length of 0 to 64
:POSTROUTING
-j DNPT --src-pfx 2001:db8::/64 --dst-pfx 2001:db8:1::/64 ; FAIL @4 PREROUTING

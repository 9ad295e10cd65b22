# SNPT (-j SNPT).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# spellings and refusals (each checked with iptables-restore in a namespace)
-6
*filter
:INPUT
-j SNPT --src-pfx 2001:db8::/64 --dst-pfx 2001:db8:1::/64 ; FAIL @4 table mangle
*mangle
:INPUT,POSTROUTING
-j SNPT --src-pfx 2001:db8::/64 --dst-pfx 2001:db8:1::/64 ; =
-j SNPT --dst-pfx 2001:db8:1::/64 --src-pfx 2001:db8::/64 ; -j SNPT --src-pfx 2001:db8::/64 --dst-pfx 2001:db8:1::/64
-j SNPT --dst-pfx 2001:db8:1::/64 ; FAIL @1 SNPT needs --src-pfx
-j SNPT --src-pfx 2001:db8::/64 --dst-pfx 2001:db8:1::1/64 ; FAIL @43 has bits set after its length
:PREROUTING
-j SNPT --src-pfx 2001:db8::/64 --dst-pfx 2001:db8:1::/64 ; FAIL @4 INPUT

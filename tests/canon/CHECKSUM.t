# CHECKSUM (-j CHECKSUM).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# spellings and refusals (each checked with iptables-restore in a namespace)
*filter
:INPUT
-p udp --dport 68 -j CHECKSUM --checksum-fill ; FAIL table mangle
*mangle
:PREROUTING,POSTROUTING,USER1
-p udp -m udp --dport 68 -j CHECKSUM --checksum-fill ; =
-j CHECKSUM --checksum-fill ; =
-j CHECKSUM ; FAIL @1 CHECKSUM needs --checksum-fill
-j CHECKSUM --checksum-fill --checksum-fill ; FAIL --checksum-fill

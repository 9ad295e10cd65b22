# TEE (-j TEE).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# spellings and refusals (each checked with iptables-restore in a namespace)
*mangle
:PREROUTING
-j TEE --oif docker0 --gateway 172.017.0.2 ; -j TEE --gateway 172.15.0.2 --oif docker0
-6
-j TEE --gateway fd00:beef:0::5 --oif br+ ; -j TEE --gateway fd00:beef::5 --oif br+

# NETMAP (-j NETMAP).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# spellings and refusals (each checked with iptables-restore in a namespace)
*nat
:PREROUTING
-d 172.17.0.0/16 -j NETMAP --to 10.200.0.5/255.255.0.0 ; -d 172.17.0.0/16 -j NETMAP --to 10.200.0.0/16
-j NETMAP --to 10.200.0.5 ; -j NETMAP --to 10.200.0.5/32
-j NETMAP --to 10.200.0.0/0 ; -j NETMAP --to 0.0.0.0/0
-6
-j NETMAP --to fd00:beef::5/64 ; -j NETMAP --to fd00:beef::/64
-j NETMAP --to fd00:beef::5 ; -j NETMAP --to fd00:beef::5/128

# TPROXY (-j TPROXY).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# spellings and refusals (each checked with iptables-restore in a namespace)
*mangle
:PREROUTING
-p tcp -j TPROXY --on-port 1 ; -p tcp -j TPROXY --on-port 1 --on-ip 0.0.0.0 --tproxy-mark 0x0/0x0

# from the kernel corpus, where nft and legacy agree (tests/corpus/
# expected.tsv: tp-*, tp6-*)
*mangle
:PREROUTING
-p tcp --dport 80 -j TPROXY --on-port 3128 --on-ip 127.0.0.1 --tproxy-mark 0x1/0x1 ; -p tcp -m tcp --dport 80 -j TPROXY --on-port 3128 --on-ip 127.0.0.1 --tproxy-mark 0x1/0x1
-p tcp -j TPROXY --on-port 3128 ; -p tcp -j TPROXY --on-port 3128 --on-ip 0.0.0.0 --tproxy-mark 0x0/0x0
-p udp -j TPROXY --on-port 53 --tproxy-mark 1 ; -p udp -j TPROXY --on-port 53 --on-ip 0.0.0.0 --tproxy-mark 0x1/0xffffffff
-p tcp -j TPROXY --tproxy-mark 0x1/0x1 --on-port 15001 ; -p tcp -j TPROXY --on-port 15001 --on-ip 0.0.0.0 --tproxy-mark 0x1/0x1
-j TPROXY --on-port 3128 ; FAIL @1 TPROXY needs -p tcp, udp, udplite, sctp or dccp before it
:OUTPUT
-p tcp -j TPROXY --on-port 3128 ; FAIL @11 target TPROXY is only valid in chain PREROUTING (used in OUTPUT)
-6
:PREROUTING
-p tcp -j TPROXY --on-port 3128 --on-ip ::1 --tproxy-mark 0x1/0x1 ; =

# policy (-m policy).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# libxt_policy's save: --dir, --pol, then per element --strict, --reqid,
# --spi (hex), --proto (by name), --mode, --tunnel-dst, --tunnel-src
# (host bits kept, a full mask left out), --next before the next element.
# Several elements (--next) are kept as written (--next is F_LIT).  The
# kernel takes --dir in in PREROUTING, INPUT and FORWARD, --dir out in
# FORWARD, OUTPUT and POSTROUTING (not described by the grammar).
*filter
:INPUT,FORWARD,USER1
-m policy --dir in --pol ipsec -j ACCEPT ; =
-m policy --pol none --dir in ; -m policy --dir in --pol none
-m policy --dir in --pol ipsec --strict --reqid 1 --spi 0x10 --proto esp --mode tunnel --tunnel-src 1.2.3.4/32 --tunnel-dst 10.0.0.0/8 ; -m policy --dir in --pol ipsec --strict --reqid 1 --spi 0x10 --proto esp --mode tunnel --tunnel-dst 10.0.0.0/8 --tunnel-src 1.2.3.4
-m policy --dir in --pol ipsec --mode tunnel --tunnel-src 10.1.2.3/8 --tunnel-dst 10.0.0.0/255.255.0.0 --spi 16 --reqid 0x10 ; -m policy --dir in --pol ipsec --reqid 16 --spi 0x10 --mode tunnel --tunnel-dst 10.0.0.0/16 --tunnel-src 10.1.2.3/8
-m policy --dir in --pol ipsec --proto 51 ! --mode transport ! --reqid 5 ! --spi 1 ; -m policy --dir in --pol ipsec ! --reqid 5 ! --spi 0x1 --proto ah ! --mode transport
-m policy --dir in --pol ipsec ! --proto 50 --mode transport ; -m policy --dir in --pol ipsec ! --proto esp --mode transport
-m policy --dir in --pol ipsec --strict --proto ipcomp --next --proto esp --mode tunnel --tunnel-src 1.2.3.4 ; =
-m policy --dir in --pol ipsec --proto ESP ; FAIL --proto: 'ESP' is not an IPsec protocol
-m policy --pol ipsec ; FAIL policy needs --dir
:FORWARD
-m policy --dir out --pol ipsec -j ACCEPT ; =
*nat
:POSTROUTING
-m policy --dir out --pol ipsec -j ACCEPT ; =
-6
*filter
:INPUT
-m policy --dir in --pol ipsec --mode tunnel --tunnel-src 2001:db8::1/64 --tunnel-dst 2001:db8::1/128 ; -m policy --dir in --pol ipsec --mode tunnel --tunnel-dst 2001:db8::1 --tunnel-src 2001:db8::1/64

# tcpmss (-m tcpmss).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# libxt_tcpmss's save: --mss N or N:M (N:N printed as N); needs -p tcp.
*filter
:INPUT,FORWARD,USER1
-p tcp -m tcpmss --mss 1000:1500 ; =
-p tcp -m tcpmss ! --mss 536 -j DROP ; =
-p tcp -m tcpmss --mss 1400:1400 ; -p tcp -m tcpmss --mss 1400
-m tcpmss --mss 536 ; FAIL -m tcpmss needs -p tcp
:FORWARD
-p tcp --tcp-flags SYN,RST SYN -m tcpmss --mss 1400: -j TCPMSS --clamp-mss-to-pmtu ; -p tcp -m tcp --tcp-flags SYN,RST SYN -m tcpmss --mss 1400:65535 -j TCPMSS --clamp-mss-to-pmtu
-6
-p tcp -m tcpmss --mss 1220 ; =

# TCPMSS (-j TCPMSS).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# spellings and refusals (each checked with iptables-restore in a namespace)
*filter
:INPUT
-p tcp -j TCPMSS --clamp-mss-to-pmtu ; FAIL @18 option --clamp-mss-to-pmtu is only valid
*mangle
:FORWARD
-p tcp -m tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu ; =

# from the kernel corpus, where nft and legacy agree (tests/corpus/
# expected.tsv: mss-*, mss6-*)
*filter
:FORWARD
-p tcp -m tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu ; =
*mangle
:FORWARD
-p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu ; -p tcp -m tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu
-p tcp --tcp-flags SYN,RST SYN -j TCPMSS --set-mss 1400 ; -p tcp -m tcp --tcp-flags SYN,RST SYN -j TCPMSS --set-mss 1400
-p tcp --syn -j TCPMSS --clamp-mss-to-pmtu ; -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -j TCPMSS --clamp-mss-to-pmtu
-j TCPMSS --clamp-mss-to-pmtu ; FAIL @1 -j TCPMSS needs -p tcp (without '!')
:POSTROUTING
-o ppp0 -p tcp -m tcp --tcp-flags SYN,RST SYN -j TCPMSS --set-mss 1452 ; =
-6
:FORWARD
-p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu ; -p tcp -m tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu

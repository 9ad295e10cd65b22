# tcp (-m tcp).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# spellings and refusals (each checked with iptables-restore in a namespace)
*filter
:INPUT
-p tcp --dport 80 -j ACCEPT ; -p tcp -m tcp --dport 80 -j ACCEPT
-p TCP -m comment --comment "a b" --dport ssh --sport 1: -j ACCEPT ; -p tcp -m comment --comment "a b" -m tcp --sport 1:65535 --dport 22 -j ACCEPT
-p tcp --dport 0:65535 -j ACCEPT ; -p tcp -m tcp -j ACCEPT
-p tcp ! --syn --dport 80:80 -j DROP ; -p tcp -m tcp --dport 80 ! --tcp-flags FIN,SYN,RST,ACK SYN -j DROP
-p tcp --tcp-flags ALL NONE -j DROP ; -p tcp -m tcp --tcp-flags FIN,SYN,RST,PSH,ACK,URG NONE -j DROP
# nft prints the two tcp matches as one, legacy as given: ipmerge follows
# nft (grammar hook NFT_MERGE)
-p tcp -m tcp --dport 80 -m tcp --sport 5 -j ACCEPT ; -p tcp -m tcp --sport 5 --dport 80 -j ACCEPT ; LEGACY -p tcp -m tcp --dport 80 -m tcp --sport 5 -j ACCEPT
-p tcp --dport 70000 -j DROP ; FAIL @16 not a port
-p tcp --dport nosuchservice -j DROP ; FAIL @16 service name
-p tcp --dport ; FAIL @8 needs 1 argument
-p tcp --dport 1 --dport 2 ; FAIL @18 can only be used once
--dport 80 -j ACCEPT ; FAIL @1 -m tcp
-p tcp --bogus 1 ; FAIL @8 unknown option --bogus
-m tcp --dport 1 ; FAIL @1 needs -p tcp
-p tcp --d 80 ; FAIL @8 ambiguous

# from the kernel corpus, where nft and legacy agree (tests/corpus/
# expected.tsv: abbr-*, tcp-*, tcp6-*)
*filter
:INPUT
-p tcp --dport http -j ACCEPT ; -p tcp -m tcp --dport 80 -j ACCEPT
-p tcp --sport 1024: -j ACCEPT ; -p tcp -m tcp --sport 1024:65535 -j ACCEPT
-p tcp --dport :1023 -j ACCEPT ; -p tcp -m tcp --dport 0:1023 -j ACCEPT
-p tcp --syn -j ACCEPT ; -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -j ACCEPT
-p tcp --tcp-flags SYN,ACK SYN -j ACCEPT ; -p tcp -m tcp --tcp-flags SYN,ACK SYN -j ACCEPT
-p tcp ! --syn -m state --state NEW -j DROP ; -p tcp -m tcp ! --tcp-flags FIN,SYN,RST,ACK SYN -m state --state NEW -j DROP
-p tcp -m tcp --dport 22 -j ACCEPT ; =
-p tcp -m tcp --destination-port ssh -j ACCEPT ; -p tcp -m tcp --dport 22 -j ACCEPT
-p tcp --source-port 53 -j ACCEPT ; -p tcp -m tcp --sport 53 -j ACCEPT
-p tcp --dport 1000:2000 -j ACCEPT ; -p tcp -m tcp --dport 1000:2000 -j ACCEPT
-p tcp --dport 2000:1000 -j ACCEPT ; FAIL @16 --dport: port range '2000:1000' starts above its end
-p tcp ! --dport 22 -j DROP ; -p tcp -m tcp ! --dport 22 -j DROP
-p tcp --dport ! 22 -j DROP ; FAIL @16 '--dport ! VALUE' is the old negation form, which iptables 1.8.9 rejects
-p tcp --tcp-flags ALL ALL -j DROP ; -p tcp -m tcp --tcp-flags FIN,SYN,RST,PSH,ACK,URG FIN,SYN,RST,PSH,ACK,URG -j DROP
-p tcp --tcp-flags SYN,FIN SYN,FIN -j DROP ; -p tcp -m tcp --tcp-flags FIN,SYN FIN,SYN -j DROP
-p tcp --tcp-flags syn,rst,ack,fin syn -j ACCEPT ; -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -j ACCEPT
-p tcp ! --tcp-flags FIN,SYN,RST,ACK SYN -j DROP ; -p tcp -m tcp ! --tcp-flags FIN,SYN,RST,ACK SYN -j DROP
-p tcp --tcp-flags ACK,URG,PSH,RST,SYN,FIN URG,PSH,FIN -j DROP ; -p tcp -m tcp --tcp-flags FIN,SYN,RST,PSH,ACK,URG FIN,PSH,URG -j DROP
-p tcp --tcp-option 8 -j ACCEPT ; -p tcp -m tcp --tcp-option 8 -j ACCEPT
-p tcp ! --tcp-option 2 -j DROP ; -p tcp -m tcp ! --tcp-option 2 -j DROP
-p tcp --sport 80 --dport 1024:65535 -j ACCEPT ; -p tcp -m tcp --sport 80 --dport 1024:65535 -j ACCEPT
-p tcp --dport 1024:65535 --sport 80 -j ACCEPT ; -p tcp -m tcp --sport 80 --dport 1024:65535 -j ACCEPT
-m tcp --dport 80 -j ACCEPT ; FAIL @1 -m tcp needs -p tcp (without '!')
-p tcp --dport 80 --dport 81 -j ACCEPT ; FAIL @19 tcp: option --dport can only be used once
-p tcp --dport 65536 -j ACCEPT ; FAIL @16 --dport: '65536' is not a port (0-65535) or a tcp service name from /etc/services
-p tcp --dport https -m comment --comment web -j ACCEPT ; -p tcp -m tcp --dport 443 -m comment --comment web -j ACCEPT
-m comment --comment web -p tcp --dport 443 -j ACCEPT ; -p tcp -m comment --comment web -m tcp --dport 443 -j ACCEPT
-p 6 --dport 443 -j ACCEPT ; -p tcp -m tcp --dport 443 -j ACCEPT
-p TCP --dport 443 -j ACCEPT ; -p tcp -m tcp --dport 443 -j ACCEPT
-p tcp --dport 22:22 -j ACCEPT ; -p tcp -m tcp --dport 22 -j ACCEPT
-p tcp --sport : -j ACCEPT ; -p tcp -m tcp -j ACCEPT
-p tcp -m tcp -m tcp --dport 22 -j ACCEPT ; =
-p tcp --dport 080 -j ACCEPT ; FAIL @16 --dport: '080' is not a port (0-65535) or a tcp service name from /etc/services
-p tcp --dpo 22 -j ACCEPT ; -p tcp -m tcp --dport 22 -j ACCEPT
-p tcp --dport 0x16 -j ACCEPT ; -p tcp -m tcp --dport 22 -j ACCEPT
-p tcp --dport 0 -j ACCEPT ; -p tcp -m tcp --dport 0 -j ACCEPT
-p tcp --dp 22 -j ACCEPT ; -p tcp -m tcp --dport 22 -j ACCEPT
-6
-p tcp --dport 22 -j ACCEPT ; -p tcp -m tcp --dport 22 -j ACCEPT
-p 6 --syn --dport ssh -j ACCEPT ; -p tcp -m tcp --dport 22 --tcp-flags FIN,SYN,RST,ACK SYN -j ACCEPT
-s 2001:db8::/32 -p tcp -m tcp --sport 1024: --dport :1023 -j ACCEPT ; -s 2001:db8::/32 -p tcp -m tcp --sport 1024:65535 --dport 0:1023 -j ACCEPT

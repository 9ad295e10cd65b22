# iptables: the rule's own options: addresses, interfaces, fragments, protocols,
# option order and long forms, standard targets and jumps, option prefixes,
# and modules ipmerge does not know (kept literally).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# spellings and refusals (each checked with iptables-restore in a namespace)
*filter
:INPUT
--src 1.1.1.1 --dst 2.2.2.2/8 -p 6 --dp 80 -j ACCEPT ; -s 1.1.1.1/32 -d 2.0.0.0/8 -p tcp -m tcp --dport 80 -j ACCEPT
-s 10.1.2.3/255.255.0.0 -j DROP ; -s 10.1.0.0/16 -j DROP
-s 10.0.0.0/255.0.255.0 -j DROP ; =
-s 1.2.3.4/0 -d 0.0.0.0/0 -j ACCEPT ; -j ACCEPT
-p 47 -f -i eth+ -j ACCEPT ; -i eth+ -p gre -f -j ACCEPT
-j USER1 ; =
; =
-s 10.1.2.300 -j DROP ; FAIL @4 not a valid IPv4 address
-s 10.0.0.0/33 -j DROP ; FAIL @4 not a valid mask
-s 2001:db8::1 -j DROP ; FAIL @4 use -6 for ip6tables dumps
-s example.com -j DROP ; FAIL @4 does not resolve names
-s ! 1.2.3.4 -j DROP ; FAIL @4 old negation form
-j ACCEPT -j DROP ; FAIL @11 multiple -j
*nat
:PREROUTING
-j DROP ; FAIL @4 only valid in tables filter, mangle, raw or security (used in table nat)
-6
*filter
:INPUT
-d 10.0.0.1 -j DROP ; FAIL @4 IPv4 address in an IPv6 dump

# from the kernel corpus, where nft and legacy agree (tests/corpus/
# expected.tsv: abbr-*, addr-*, addr6-*, frag-*, if-*, order-*, order6-*, proto-*, proto6-*, tgt-*, tgt6-*)
-4
*filter
:INPUT
-s 10.1.2.3 -j ACCEPT ; -s 10.1.2.3/32 -j ACCEPT
-s 10.1.2.3/24 -j ACCEPT ; -s 10.1.2.0/24 -j ACCEPT
-s 10.0.0.0/255.255.0.0 -j ACCEPT ; -s 10.0.0.0/16 -j ACCEPT
-d 0.0.0.0/0 -j ACCEPT ; -j ACCEPT
-s 0.0.0.0/0 -d 0.0.0.0/0 -j DROP ; -j DROP
-s 10.1.2.3/32 -j ACCEPT ; =
-s 10.1.2.3/255.255.255.255 -j ACCEPT ; -s 10.1.2.3/32 -j ACCEPT
-s 192.168.1.77/16 -d 10.9.8.7/8 -j ACCEPT ; -s 192.168.0.0/16 -d 10.0.0.0/8 -j ACCEPT
-s 10.0.0.0/255.0.255.0 -j ACCEPT ; =
-s 10.0.0.0/0 -j ACCEPT ; -j ACCEPT
-d 1.2.3.4/0 -j ACCEPT ; -j ACCEPT
! -s 10.0.0.1 -j DROP ; ! -s 10.0.0.1/32 -j DROP
-s ! 10.0.0.1 -j DROP ; FAIL @4 '-s ! VALUE' is the old negation form, which iptables 1.8.9 rejects
--source 10.2.0.0/16 --destination 10.3.0.0/16 -j ACCEPT ; -s 10.2.0.0/16 -d 10.3.0.0/16 -j ACCEPT
--src 10.2.0.0/16 --dst 10.3.0.5 -j ACCEPT ; -s 10.2.0.0/16 -d 10.3.0.5/32 -j ACCEPT
-s 010.001.002.003 -j ACCEPT ; -s 8.1.2.3/32 -j ACCEPT
-s 10.1 -j ACCEPT ; -s 10.1.0.0/32 -j ACCEPT
-s 10.1.2.3/33 -j ACCEPT ; FAIL @4 -s: '33' is not a valid mask
-s 300.1.2.3 -j ACCEPT ; FAIL @4 -s: '300.1.2.3' is not a valid IPv4 address
! -d 127.0.0.0/8 -j RETURN ; =
-s 10.1.2.3/0.0.0.0 -j ACCEPT ; -j ACCEPT
-i lo -j ACCEPT ; =
--in-interface lo -j ACCEPT ; -i lo -j ACCEPT
-o eth0 -j ACCEPT ; FAIL @1 can't use -o in INPUT: packets there have no output interface yet
-i + -j ACCEPT ; -j ACCEPT
# "+" matches every interface: left out, but "! -i +" matches none (nft
# saves it as written; legacy's save drops the negation and the word)
! -i + -j DROP ; = ; LEGACY -j DROP
-i eth0.100 -j ACCEPT ; =
-i abcdefghijklmnopq -j ACCEPT ; FAIL @4 interface name 'abcdefghijklmnopq' must be 1 to 15 characters
-f -j DROP ; =
! -f -j ACCEPT ; =
--fragment -s 10.0.0.0/8 -j DROP ; -s 10.0.0.0/8 -f -j DROP
-f -p tcp -j DROP ; -p tcp -f -j DROP
-p 6 -j ACCEPT ; -p tcp -j ACCEPT
-p TCP -j ACCEPT ; -p tcp -j ACCEPT
-p all -j ACCEPT ; -j ACCEPT
-p 17 -j ACCEPT ; -p udp -j ACCEPT
-p Udp -j ACCEPT ; -p udp -j ACCEPT
-p 0 -j ACCEPT ; -j ACCEPT
-p 47 -j ACCEPT ; -p gre -j ACCEPT
-p gre -j ACCEPT ; =
-p 4 -j ACCEPT ; -p ipencap -j ACCEPT
-p ipencap -j ACCEPT ; =
-p esp -j ACCEPT ; =
-p 50 -j ACCEPT ; -p esp -j ACCEPT
-p 253 -j ACCEPT ; =
! -p tcp -j DROP ; =
--protocol icmp -j ACCEPT ; -p icmp -j ACCEPT
-p 1 -j ACCEPT ; -p icmp -j ACCEPT
-p ALL -j ACCEPT ; -j ACCEPT
-p bogus -j ACCEPT ; FAIL @4 unknown protocol 'bogus'
-p 256 -j ACCEPT ; FAIL @4 unknown protocol '256'
-p 132 -j ACCEPT ; -p sctp -j ACCEPT
-p udplite -j ACCEPT ; =
-p 58 -j ACCEPT ; -p ipv6-icmp -j ACCEPT
-j ACCEPT -s 10.0.0.1 ; -s 10.0.0.1/32 -j ACCEPT
-p tcp -i eth0 -d 10.0.0.1 -s 10.0.0.2 -j ACCEPT ; -s 10.0.0.2/32 -d 10.0.0.1/32 -i eth0 -p tcp -j ACCEPT
-m tcp --dport 22 -p tcp -j ACCEPT ; -p tcp -m tcp --dport 22 -j ACCEPT
--jump ACCEPT --protocol tcp --source 10.0.0.0/8 ; -s 10.0.0.0/8 -p tcp -j ACCEPT
-p tcp --match tcp --destination-port 22 --jump ACCEPT ; -p tcp -m tcp --dport 22 -j ACCEPT
-s 10.0.0.1 -d 10.0.0.2 -i eth0 -p udp -f -j DROP ; -s 10.0.0.1/32 -d 10.0.0.2/32 -i eth0 -p udp -f -j DROP
-f -p udp -i eth0 -d 10.0.0.2 -s 10.0.0.1 -j DROP ; -s 10.0.0.1/32 -d 10.0.0.2/32 -i eth0 -p udp -f -j DROP
-s   10.0.0.1    -j   ACCEPT ; -s 10.0.0.1/32 -j ACCEPT
-c 10 20 -j ACCEPT ; -j ACCEPT
--set-counters 5 6 -s 10.0.0.1 -j DROP ; -s 10.0.0.1/32 -j DROP
-4 -s 10.0.0.1 -j ACCEPT ; -s 10.0.0.1/32 -j ACCEPT
--ipv4 -j DROP ; -j DROP
-s 10.0.0.1 -s 10.0.0.2 -j ACCEPT ; FAIL @13 multiple -s options
-s 10.0.0.1 ; -s 10.0.0.1/32
-p tcp ; =
--sou 10.0.0.1 --jum ACCEPT ; -s 10.0.0.1/32 -j ACCEPT
-v -j ACCEPT ; -j ACCEPT
-n -j ACCEPT ; FAIL @1 unknown option '-n'
-j ; FAIL @1 option -j needs an argument
-s 10.0.0.1 ! ; FAIL @13 '!' at the end of the rule negates nothing
! ! -s 10.0.0.1 -j ACCEPT ; FAIL @3 multiple consecutive '!' are not allowed
-j ACCEPT ; =
--jump DROP ; -j DROP
-g USER2 ; =
--goto USER1 ; -g USER1
--jump USER2 ; -j USER2
-j user1 ; FAIL @4 jump to 'user1', which is neither a chain of table filter nor a target ipmerge knows; did you mean USER1?
-j accept ; FAIL @4 jump to 'accept', which is neither a chain of table filter nor a target ipmerge knows; did you mean ACCEPT?
-j NOSUCHCHAIN ; FAIL @4 jump to chain 'NOSUCHCHAIN', which is not declared in table filter (and is not a target ipmerge knows)
-g ACCEPT ; FAIL @4 goto to chain 'ACCEPT', which is not declared in table filter (and is not a target ipmerge knows)
-j INPUT ; FAIL @4 cannot jump to the built-in chain INPUT
-j RETURN ; =
-p tcp -j USER1 -m tcp --dport 22 ; -p tcp -m tcp --dport 22 -j USER1
--proto tcp -j ACCEPT ; -p tcp -j ACCEPT
--in lo -j ACCEPT ; FAIL @1 option --in is ambiguous (it could be --in-interface --insert)
--frag -j DROP ; -f -j DROP
--s 10.0.0.1 -j ACCEPT ; FAIL @1 option --s is ambiguous (it could be --set-counters --source --src)
:FORWARD
-i eth+ -o docker0 -j ACCEPT ; =
! -i eth0 ! -o eth1 -j DROP ; =
--out-interface wg0 -j ACCEPT ; -o wg0 -j ACCEPT
-i veth1234567890123 -j ACCEPT ; FAIL @4 interface name 'veth1234567890123' must be 1 to 15 characters
-i br-0123456789ab -o br-0123456789ab -j ACCEPT ; =
-o eth1 -i eth0 -j ACCEPT ; -i eth0 -o eth1 -j ACCEPT
:OUTPUT
-d 224.0.0.0/240.0.0.0 -j DROP ; -d 224.0.0.0/4 -j DROP
-o lo -j ACCEPT ; =
:USER1
-j RETURN ; =
-j USER1 ; =
-j USER2 ; =
*nat
:PREROUTING
-g USER1 ; =
*mangle
:FORWARD
-j USER2 ; =
*raw
:PREROUTING
-j USER1 ; =
*security
:INPUT
-j USER1 ; =
-6
*filter
:INPUT
-s 2001:DB8::1 -j ACCEPT ; -s 2001:db8::1/128 -j ACCEPT
-s 2001:0db8:0000:0000:0000:0000:0000:0001 -j ACCEPT ; -s 2001:db8::1/128 -j ACCEPT
-s 2001:db8::1/64 -j ACCEPT ; -s 2001:db8::/64 -j ACCEPT
-d ::/0 -j ACCEPT ; -j ACCEPT
-s ::ffff:10.0.0.1 -j ACCEPT ; -s ::ffff:10.0.0.1/128 -j ACCEPT
-s fe80::/ffc0:: -j ACCEPT ; -s fe80::/10 -j ACCEPT
-s 2001:db8:0:0:1:0:0:1/128 -j ACCEPT ; -s 2001:db8::1:0:0:1/128 -j ACCEPT
! -s fe80::/10 -j DROP ; =
-s 2001:DB8:ABCD:0012::/48 -d FF02::1 -j ACCEPT ; -s 2001:db8:abcd::/48 -d ff02::1/128 -j ACCEPT
-s ::1 -j ACCEPT ; -s ::1/128 -j ACCEPT
-s 10.0.0.1 -j ACCEPT ; FAIL @4 -s: '10.0.0.1' is an IPv4 address in an IPv6 dump
--source 2001:db8:0::0:5/127 -j ACCEPT ; -s 2001:db8::4/127 -j ACCEPT
-d ::ffff:0:0/96 -j DROP ; -d ::ffff:0.0.0.0/96 -j DROP
-p 58 -j ACCEPT ; -p ipv6-icmp -j ACCEPT
-p icmpv6 -j ACCEPT ; -p ipv6-icmp -j ACCEPT
-p IPv6-ICMP -j ACCEPT ; -p ipv6-icmp -j ACCEPT
-p 6 -j ACCEPT ; -p tcp -j ACCEPT
-p all -j ACCEPT ; -j ACCEPT
-p 41 -j ACCEPT ; -p ipv6 -j ACCEPT
-p icmp -j ACCEPT ; =
-6 -s ::1 -j ACCEPT ; -s ::1/128 -j ACCEPT
-g USER1 ; =

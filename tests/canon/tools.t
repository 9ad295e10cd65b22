# tools: whole rules as kube-proxy, calico (felix), docker and firewalld write them.
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# from the kernel corpus, where nft and legacy agree (tests/corpus/
# expected.tsv: cali-*, cali6-*, dock-*, dock6-*, fw-*, fw6-*, kube-*, kube6-*)
*filter
:INPUT
-m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j USER1 ; =
-m state --state RELATED,ESTABLISHED -j ACCEPT ; =
-p icmp -j ACCEPT ; =
-i lo -j ACCEPT ; =
-p tcp -m state --state NEW -m tcp --dport 22 -j ACCEPT ; =
-j REJECT --reject-with icmp-host-prohibited ; =
-m conntrack --ctstate RELATED,ESTABLISHED,DNAT -j ACCEPT ; =
-m conntrack --ctstate INVALID -j LOG --log-prefix "STATE_INVALID_DROP: " ; =
-m addrtype --dst-type BROADCAST -j DROP ; =
-m conntrack --ctstate NEW,UNTRACKED -j USER1 ; =
-p udp -m udp --dport 5353 -d 224.0.0.251 -m conntrack --ctstate NEW,UNTRACKED -j ACCEPT ; -d 224.0.0.251/32 -p udp -m udp --dport 5353 -m conntrack --ctstate NEW,UNTRACKED -j ACCEPT
:FORWARD
-m comment --comment "cali:S93hcgKJrXEqnTfs" -m comment --comment "Policy explicitly accepted packet." -m mark --mark 0x10000/0x10000 -j ACCEPT ; =
-o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT ; =
-o docker0 -j USER1 ; =
-i docker0 ! -o docker0 -j ACCEPT ; =
-i docker0 -o docker0 -j ACCEPT ; =
-j USER2 ; =
-j REJECT --reject-with icmp-host-prohibited ; =
:USER1
-m comment --comment "kubernetes firewall for dropping marked packets" -m mark --mark 0x8000/0x8000 -j DROP ; =
! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment "block incoming localnet connections" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP ; =
-m conntrack --ctstate INVALID -j DROP ; =
-m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT ; =
-d 10.96.0.99/32 -p tcp -m comment --comment "default/nopods:http has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable ; =
-m comment --comment "cali:Cz_u1IQiXIMmKD4c" -j USER2 ; =
-m comment --comment "cali:wUHhoiAYhphO9Mso" -m mark --mark 0x10000/0x10000 -j ACCEPT ; =
-m comment --comment "cali:ss8lEMQsXi-s6qYT" -j MARK --set-xmark 0x0/0xf0000 ; =
-m comment --comment "cali:vjrMJCRpqwy5oRoX" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT ; =
-m comment --comment "cali:iYb5JDl_dTBpkpNn" -m conntrack --ctstate INVALID -j DROP ; =
-m comment --comment "cali:E3Ee1U3-SZpaTB3E" -p udp -m comment --comment "Drop VXLAN encapped packets originating in workloads" -m multiport --dports 4789 -j DROP ; -p udp -m comment --comment "cali:E3Ee1U3-SZpaTB3E" -m comment --comment "Drop VXLAN encapped packets originating in workloads" -m multiport --dports 4789 -j DROP
-m comment --comment "cali:XGEMmPXpx-8-UAO4" -p ipencap -m comment --comment "Drop IPinIP encapped packets originating in workloads" -j DROP ; -p ipencap -m comment --comment "cali:XGEMmPXpx-8-UAO4" -m comment --comment "Drop IPinIP encapped packets originating in workloads" -j DROP
-m comment --comment "cali:1t5-Ngo6RDHT7zna" -p udp -m udp --sport 68 --dport 67 -j ACCEPT ; -p udp -m comment --comment "cali:1t5-Ngo6RDHT7zna" -m udp --sport 68 --dport 67 -j ACCEPT
-m comment --comment "cali:QLsx_GF_-ehz9pU2" -m set --match-set cali40all-ipam-pools src -j RETURN ; =
-m comment --comment "cali:Ujt0QPuUcmgMOS8e" -m mark ! --mark 0x0/0x10000 -j RETURN ; =
-m comment --comment "cali:xvp2nlSqIAT4MLIb" -j MARK --set-xmark 0x10000/0x10000 ; =
-m comment --comment "cali:_rOhrWOW9jXW08hq" -m comment --comment "Drop if no profiles matched" -j DROP ; =
-m comment --comment "cali:Mq1_rAdXXH3YkrzW" -p ipv4 -j DROP ; FAIL @49 unknown protocol 'ipv4'
-i docker0 ! -o docker0 -j USER2 ; =
-d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT ; =
-j RETURN ; =
-p tcp -m tcp --dport 22 -m conntrack --ctstate NEW,UNTRACKED -j ACCEPT ; =
:USER2
-o docker0 -j DROP ; =
*nat
:PREROUTING
-m comment --comment "kubernetes service portals" -j USER1 ; =
-m addrtype --dst-type LOCAL -j USER1 ; =
:OUTPUT
! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j USER1 ; =
:POSTROUTING
-m comment --comment "cali:nYKhEzDlr11Jccal" -j USER1 ; =
-s 172.17.0.0/16 ! -o docker0 -j MASQUERADE ; =
-s 172.17.0.2/32 -d 172.17.0.2/32 -p tcp -m tcp --dport 80 -j MASQUERADE ; =
:USER1
-m comment --comment "default/kubernetes:https cluster IP" -m tcp -p tcp -d 10.96.0.1/32 --dport 443 -j USER2 ; -d 10.96.0.1/32 -p tcp -m comment --comment "default/kubernetes:https cluster IP" -m tcp --dport 443 -j USER2
-d 10.96.0.1/32 -p tcp -m comment --comment "default/kubernetes:https cluster IP" -m tcp --dport 443 -j USER2 ; =
-m comment --comment "kube-system/kube-dns:dns" -m statistic --mode random --probability 0.50000000000 -j USER2 ; =
-j MARK --or-mark 0x4000 ; -j MARK --set-xmark 0x4000/0x4000
-m mark ! --mark 0x4000/0x4000 -j RETURN ; =
-j MARK --xor-mark 0x4000 ; -j MARK --set-xmark 0x4000/0x0
-m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully ; =
-p tcp -m comment --comment "default/web:http" -m tcp --dport 30080 -j USER2 ; =
-m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j USER2 ; =
! -s 10.244.0.0/16 -d 10.96.0.10/32 -p udp -m comment --comment "kube-system/kube-dns:dns cluster IP" -m udp --dport 53 -j USER2 ; =
-m comment --comment "masquerade traffic for default/web:http external destinations" -j USER2 ; =
-m comment --comment "cali:Z-c7XtVd2Bq7s_hA" -j USER2 ; =
-i docker0 -j RETURN ; =
-d 0/0 -p tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80 ! -i docker0 ; ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80
:USER2
-s 10.244.0.5/32 -m comment --comment "kube-system/kube-dns:dns" -j USER1 ; =
-p udp -m comment --comment "kube-system/kube-dns:dns" -m udp -j DNAT --to-destination 10.244.0.5:53 ; =
*mangle
:PREROUTING
-m comment --comment "cali:6gwbT8clXdHdC1b1" -j USER1 ; =
*raw
:PREROUTING
-m comment --comment "cali:6gwbT8clXdHdC1b1" -j USER1 ; =
-d 172.17.0.2/32 ! -i docker0 -j DROP ; =
:USER1
-m comment --comment "cali:XFX5xbM8B9qR10JG" -j MARK --set-xmark 0x0/0xf0000 ; =
-i cali+ -m comment --comment "cali:EWMPb0zVROM-woQp" -j MARK --set-xmark 0x40000/0x40000 ; =
-6
*filter
:INPUT
-m state --state RELATED,ESTABLISHED -j ACCEPT ; =
-p ipv6-icmp -j ACCEPT ; =
-d fe80::/64 -p udp -m udp --dport 546 -m state --state NEW -j ACCEPT ; =
-j REJECT --reject-with icmp6-adm-prohibited ; =
:USER1
-m comment --comment "cali:pBEbhpKQ3L2kZvdu" -p ipv6-icmp -m icmp6 --icmpv6-type 130 -j ACCEPT ; -p ipv6-icmp -m comment --comment "cali:pBEbhpKQ3L2kZvdu" -m icmp6 --icmpv6-type 130 -j ACCEPT
*nat
:POSTROUTING
-s fd00:dead:beef::/48 ! -o docker0 -j MASQUERADE ; =
:USER1
-d fd00:10:96::1/128 -p tcp -m comment --comment "default/kubernetes:https cluster IP" -m tcp --dport 443 -j USER2 ; =

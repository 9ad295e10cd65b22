# tos (-m tos).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# spellings and refusals (each checked with iptables-restore in a namespace)
*filter
:INPUT
-m tos --tos Minimize-Delay -m dscp --dscp-class AF11 ; -m tos --tos 0x10/0x3f -m dscp --dscp 0x0a

# from the kernel corpus, where nft and legacy agree (tests/corpus/
# expected.tsv: tos-*, tos6-*)
*filter
:INPUT
-m tos --tos 0x10 -j ACCEPT ; -m tos --tos 0x10/0xff -j ACCEPT
-m tos --tos Minimize-Delay -j ACCEPT ; -m tos --tos 0x10/0x3f -j ACCEPT
-m tos --tos 0x10/0x3f -j ACCEPT ; =
-m tos ! --tos 0x08 -j ACCEPT ; -m tos ! --tos 0x08/0xff -j ACCEPT
-m tos --tos 16 -j ACCEPT ; -m tos --tos 0x10/0xff -j ACCEPT
-m tos --tos Normal-Service -j ACCEPT ; -m tos --tos 0x00/0x3f -j ACCEPT
-m tos --tos Maximize-Throughput -j ACCEPT ; -m tos --tos 0x08/0x3f -j ACCEPT
-6
-m tos --tos 0x10 -j ACCEPT ; -m tos --tos 0x10/0xff -j ACCEPT

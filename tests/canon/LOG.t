# LOG (-j LOG).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# spellings and refusals (each checked with iptables-restore in a namespace)
*filter
:INPUT
-j LOG --log-level 4 --log-prefix "x: " ; -j LOG --log-prefix "x: "
-j LOG --log-level debug --log-uid --log-tcp-sequence ; -j LOG --log-level 7 --log-tcp-sequence --log-uid

# from the kernel corpus, where nft and legacy agree (tests/corpus/
# expected.tsv: abbr-*, log-*, log6-*)
*filter
:INPUT
-j LOG ; =
-j LOG --log-level 4 ; -j LOG
-j LOG --log-level warning ; -j LOG
-j LOG --log-prefix "x y" ; =
-j LOG --log-prefix "IPT DROP: " --log-level 7 ; =
-j LOG --log-level debug --log-prefix drop ; -j LOG --log-prefix drop --log-level 7
-j LOG --log-tcp-sequence --log-tcp-options --log-ip-options ; =
-j LOG --log-uid ; =
-j LOG --log-macdecode ; =
-j LOG --log-level emerg ; -j LOG --log-level 0
-j LOG --log-level 0 ; =
-j LOG --log-level info ; -j LOG --log-level 6
-j LOG --log-prefix "it's" ; -j LOG --log-prefix "it\'s"
-j LOG --log-prefix "" ; FAIL @21 --log-prefix: empty prefix
-j LOG --log-prefix "0123456789012345678901234567890" ; -j LOG --log-prefix 01234567890123456789012345678
-j LOG --log-prefix "01234567890123456789012345678901" ; -j LOG --log-prefix 01234567890123456789012345678
-j LOG --log-level 8 ; FAIL @20 --log-level: log level '8' unknown
-j LOG --log-ip-options --log-prefix x --log-level 6 ; -j LOG --log-prefix x --log-level 6 --log-ip-options
-m limit --limit 5/min -j LOG --log-prefix "iptables denied: " --log-level 7 ; =
-j LOG --log-level WARNING ; FAIL @20 --log-level: log level 'WARNING' unknown
-j LOG --log-level crit ; -j LOG --log-level 2
-j LOG --log-level error ; -j LOG --log-level 3
-j LOG --log-pre x ; -j LOG --log-prefix x
-6
-j LOG --log-prefix "v6 " --log-level 4 ; -j LOG --log-prefix "v6 "
-j LOG --log-level notice ; -j LOG --log-level 5

# comment (-m comment).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# spellings and refusals (each checked with iptables-restore in a namespace)
*filter
:INPUT
-m comment --comment "it's" ; -m comment --comment "it\'s"
-m comment ! --comment x ; FAIL @14 cannot be inverted

# from the kernel corpus, where nft and legacy agree (tests/corpus/
# expected.tsv: abbr-*, cmt-*, cmt6-*)
*filter
:INPUT
-m comment --comment "default/kubernetes:https cluster IP" -j ACCEPT ; =
-m comment --comment it's -j ACCEPT ; -m comment --comment "it\'s" -j ACCEPT
-m comment --comment "it's" -j ACCEPT ; -m comment --comment "it\'s" -j ACCEPT
-m comment --comment "a\"b" -j ACCEPT ; =
-m comment --comment cali:Cz_u1IQiXIMmKD4c -j ACCEPT ; -m comment --comment "cali:Cz_u1IQiXIMmKD4c" -j ACCEPT
-m comment --comment "cali:Cz_u1IQiXIMmKD4c" -j ACCEPT ; =
-m comment --comment "" -j ACCEPT ; =
-m comment --comment "café ☕" -j ACCEPT ; =
-m comment --comment a -m comment --comment b -j ACCEPT ; =
-m comment --comment "cali:Cz_u1IQiXIMmKD4c" -m comment --comment "policy=default" -j ACCEPT ; =
-m comment --comment "simple" -j ACCEPT ; -m comment --comment simple -j ACCEPT
-m comment --comment 'single quoted' -j ACCEPT ; FAIL @30 unexpected word 'quoted''
-m comment --comment 'single' -j ACCEPT ; -m comment --comment "\'single\'" -j ACCEPT
-m comment --comment a\b -j ACCEPT ; -m comment --comment "a\\b" -j ACCEPT
-m comment --comment "a\\b" -j ACCEPT ; =
-m comment --comment "a\b" -j ACCEPT ; -m comment --comment ab -j ACCEPT
-m comment --comment "x y"z -j ACCEPT ; FAIL @27 unexpected word 'z'
-m comment --comment ab"cd ef"gh -j ACCEPT ; FAIL @31 unexpected word 'gh'
-m comment --comment "-j DROP" -j ACCEPT ; =
-m comment --comment "#not-a-comment" -j ACCEPT ; =
-m comment --comment with.dot -j ACCEPT ; -m comment --comment "with.dot" -j ACCEPT
-m comment --comment "two  spaces" -j ACCEPT ; =
-m comment --comment "$HOME" -j ACCEPT ; =
-m comment --comment "back\`tick" -j ACCEPT ; -m comment --comment "back`tick" -j ACCEPT
-m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -j ACCEPT ; =
-m comment --comment a --comment b -j ACCEPT ; FAIL @24 comment: option --comment can only be used once
-m comment -j ACCEPT ; FAIL @1 comment needs --comment
-m comment --comment "012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789" -j ACCEPT ; -m comment --comment 012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234 -j ACCEPT
-j ACCEPT -m comment --comment late ; -m comment --comment late -j ACCEPT
-m comment --comment under_score-dash -j ACCEPT ; =
-m comment --comment "ends with backslash\\" -j ACCEPT ; =
-m comment --comment "line\nbreak" -j ACCEPT ; -m comment --comment linenbreak -j ACCEPT
-m comment --comment "\x41" -j ACCEPT ; -m comment --comment x41 -j ACCEPT
-m comment --comment "a,b" -j ACCEPT ; =
-m comment --comment """" -j ACCEPT ; FAIL @24 unexpected word ''
--match comment --comment "long form" --jump ACCEPT ; -m comment --comment "long form" -j ACCEPT
-m comment --comm x -j ACCEPT ; -m comment --comment x -j ACCEPT
-6
-m comment --comment "ipv6 it's" -j ACCEPT ; -m comment --comment "ipv6 it\'s" -j ACCEPT
-m comment --comment "" -m comment --comment x -j ACCEPT ; =

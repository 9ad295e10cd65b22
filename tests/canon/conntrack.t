# conntrack (-m conntrack).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# spellings and refusals (each checked with iptables-restore in a namespace)
*filter
:INPUT
-m conntrack --ctstate NEW,INVALID --ctproto tcp --ctexpire 5:5 ; -m conntrack --ctstate INVALID,NEW --ctproto 6 --ctexpire 5
-m conntrack --ctstate NEW,BOGUS ; FAIL @24 unknown conntrack state 'BOGUS'

# from the kernel corpus, where nft and legacy agree (tests/corpus/
# expected.tsv: abbr-*, ct-*, ct6-*)
*filter
:INPUT
-m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT ; -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT ; =
-m conntrack --ctstate INVALID -j DROP ; =
-m conntrack ! --ctstate NEW -j DROP ; =
-m conntrack --ctstate NEW,UNTRACKED,DNAT,SNAT -j ACCEPT ; -m conntrack --ctstate NEW,UNTRACKED,SNAT,DNAT -j ACCEPT
-m conntrack --ctstate established,related -j ACCEPT ; -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-m conntrack --ctproto tcp --ctorigsrc 10.0.0.1 -j ACCEPT ; -m conntrack --ctproto 6 --ctorigsrc 10.0.0.1 -j ACCEPT
-m conntrack --ctorigdst 10.0.0.0/8 --ctreplsrc 10.1.2.3/24 -j ACCEPT ; =
-m conntrack --ctstatus ASSURED,SEEN_REPLY -j ACCEPT ; -m conntrack --ctstatus SEEN_REPLY,ASSURED -j ACCEPT
-m conntrack --ctexpire 10:20 -j ACCEPT ; =
-m conntrack --ctdir ORIGINAL -j ACCEPT ; =
-m conntrack --ctproto 6 --ctorigdstport 80 -j ACCEPT ; =
-m conntrack --ctorigsrcport 1024:2048 -j ACCEPT ; =
-m conntrack --ctstate ESTABLISHED --ctstatus CONFIRMED -j ACCEPT ; =
-m conntrack --ctstatus CONFIRMED --ctstate ESTABLISHED -j ACCEPT ; -m conntrack --ctstate ESTABLISHED --ctstatus CONFIRMED -j ACCEPT
-m conntrack --ctstate BOGUS -j ACCEPT ; FAIL @24 --ctstate: unknown conntrack state 'BOGUS'
-m conntrack --ctstate NEW -m conntrack --ctstate NEW -j ACCEPT ; =
-m conntrack --ctstate RELATED,ESTABLISHED,RELATED -j ACCEPT ; -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-m conntrack --ctexpire 30 -j ACCEPT ; =
-m conntrack --ctstate ESTABLISHED ! --ctdir REPLY -j ACCEPT ; FAIL @38 conntrack: option --ctdir cannot be inverted
-m conntrack --ctstat NEW -j ACCEPT ; FAIL @14 option --ctstat is ambiguous (it could be --ctstate --ctstatus)
-6
-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT ; =
-m conntrack --ctorigsrc 2001:DB8::1 -j ACCEPT ; -m conntrack --ctorigsrc 2001:db8::1 -j ACCEPT

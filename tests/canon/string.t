# string (-m string).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# libxt_string's save: the pattern in double quotes ('"' and '\'
# escaped), --algo, --from unless 0, --to unless 65535, --icase.  A
# pattern with a byte that is not printable (or ending in '\') is saved as
# --hex-string "|hex|", and a printable --hex-string as --string: ipmerge
# keeps those as written (tests/unit/test-canon.c).
*filter
:INPUT,USER1
-m string --string "foo bar" --algo bm -j ACCEPT ; =
-m string --algo bm --string foo -j DROP ; -m string --string "foo" --algo bm -j DROP
-m string --string foo --algo kmp --from 10 --to 100 ; -m string --string "foo" --algo kmp --from 10 --to 100
-m string --string "a\"b" --algo kmp --from 0 --to 65535 --icase ; -m string --string "a\"b" --algo kmp --icase
-m string --algo bm ! --string "x y" -j DROP ; -m string ! --string "x y" --algo bm -j DROP
-m string --algo bm --string "GET /" --to 64 -j ACCEPT ; -m string --string "GET /" --algo bm --to 64 -j ACCEPT
-m string --algo bm --string "|41|" ; -m string --string "|41|" --algo bm
-m string --algo bm --hex-string "|00|a" ; -m string --hex-string "|0061|" --algo bm
-m string --algo bm ! --hex-string "|DE AD be ef|" ; -m string ! --hex-string "|deadbeef|" --algo bm
-m string --hex-string "|c3a9|" --algo bm ; =
-m string --string foo ; FAIL string needs --algo
-m string --algo bm ; FAIL string needs --hex-string or --string
-m string --algo bm --string a --hex-string "|00|" ; FAIL @32 --hex-string cannot be combined with --string
-6
-m string --string "foo" --algo bm -j ACCEPT ; =

# srh (-m srh).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# libip6t_srh's save: --srh-next-hdr, --srh-hdr-len-{eq,gt,lt},
# --srh-segs-left-{eq,gt,lt}, --srh-last-entry-{eq,gt,lt}, --srh-tag,
# --srh-psid, --srh-nsid, --srh-lsid (host bits kept, prefix length always
# printed).  The -eq/-gt/-lt of one field share its value (the save prints
# the last one for each): two of them are kept as written (hook SRH,
# tests/unit/test-canon.c).
-6
*filter
:INPUT,USER1
-m srh ; =
-m srh --srh-tag 5 ! --srh-next-hdr 17 --srh-hdr-len-eq 2 --srh-segs-left-gt 1 --srh-last-entry-lt 4 ; -m srh ! --srh-next-hdr 17 --srh-hdr-len-eq 2 --srh-segs-left-gt 1 --srh-last-entry-lt 4 --srh-tag 5
-m srh --srh-next-hdr 0x11 -j DROP ; -m srh --srh-next-hdr 17 -j DROP
-m srh --srh-psid 2001:db8::1/64 --srh-nsid 2001:db8::2 ! --srh-lsid ::3/48 ; -m srh --srh-psid 2001:db8::1/64 --srh-nsid 2001:db8::2/128 ! --srh-lsid ::3/48
-m srh --srh-psid 2001:db8::/ffff:ffff:: --srh-tag 1 ; -m srh --srh-tag 1 --srh-psid 2001:db8::/32
-m srh --srh-lsid 2001:db8::1/128 --srh-psid ::/0 ; -m srh --srh-psid ::/0 --srh-lsid 2001:db8::1/128
-m srh ! --srh-hdr-len-lt 9 --srh-segs-left-eq 0 --srh-last-entry-gt 2 ; =
-m srh --srh-next-hdr 256 ; FAIL --srh-next-hdr: '256' is not a number from 0 to 255

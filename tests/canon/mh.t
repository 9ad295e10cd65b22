# mh (-m mh).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# libip6t_mh's save: --mh-type as numbers (0:255 left out, N:N as N);
# names are libip6t_mh's; needs -p mobility-header (or 135; iptables also
# takes ipv6-mh, which ipmerge does not know yet).
-6
*filter
:INPUT,USER1
-p mobility-header -m mh --mh-type 1:3 ; =
-p mobility-header -m mh ! --mh-type binding-update -j DROP ; -p mobility-header -m mh ! --mh-type 5 -j DROP
-p mobility-header -m mh --mh-type 0:255 ; -p mobility-header -m mh
-p mobility-header -m mh --mh-type 5:5 ; -p mobility-header -m mh --mh-type 5
-p mobility-header -m mh --mh-type hot:be ; -p mobility-header -m mh --mh-type 3:7
-p 135 -m mh --mh-type 4: ; -p mobility-header -m mh --mh-type 4:255
-p mobility-header -m mh --mh-type nonsense ; FAIL --mh-type: 'nonsense' is not a mobility header type

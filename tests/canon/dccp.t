# dccp (-m dccp).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# libxt_dccp's save: --sport, --dport (numbers; 0:65535 is printed),
# --dccp-types (upper case, in type order), --dccp-option; needs -p dccp.
*filter
:INPUT,USER1
-p dccp -m dccp --sport 1:5 --dport 80 --dccp-types REQUEST,RESPONSE --dccp-option 5 ; =
-p dccp -m dccp --dport 0:65535 ; =
-p dccp -m dccp --source-port 80 --dccp-types ACK,REQUEST ; -p dccp -m dccp --sport 80 --dccp-types REQUEST,ACK
-p dccp -m dccp --dccp-types request,invalid --sport 5:5 ; -p dccp -m dccp --sport 5 --dccp-types REQUEST,INVALID
-p dccp -m dccp --dport 5: -j DROP ; -p dccp -m dccp --dport 5:65535 -j DROP
-p dccp -m dccp ! --sport 10 ! --dport 1:2 ! --dccp-types SYNC ! --dccp-option 2 ; =
-p dccp -m dccp --dccp-types 0 ; FAIL --dccp-types: unknown DCCP type '0'
-m dccp --dport 5 ; FAIL -m dccp needs -p dccp
-6
-p dccp -m dccp --dport 5 ; =

# TCPOPTSTRIP (-j TCPOPTSTRIP).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# spellings and refusals (each checked with iptables-restore in a namespace)
*filter
:FORWARD
-p tcp -j TCPOPTSTRIP --strip-options mss ; FAIL table mangle
*mangle
:PREROUTING,POSTROUTING,USER1
-p tcp -j TCPOPTSTRIP ; =
-p tcp -j TCPOPTSTRIP --strip-options 2 ; =
-p tcp -j TCPOPTSTRIP --strip-options mss ; -p tcp -j TCPOPTSTRIP --strip-options 2
-p tcp -j TCPOPTSTRIP --strip-options wscale,mss,sack-permitted,sack,timestamp,md5 ; -p tcp -j TCPOPTSTRIP --strip-options 2,3,4,5,8,19
-p tcp -j TCPOPTSTRIP --strip-options 19,8,5,4,3,2 ; -p tcp -j TCPOPTSTRIP --strip-options 2,3,4,5,8,19
-p tcp -j TCPOPTSTRIP --strip-options 0x2,255 ; -p tcp -j TCPOPTSTRIP --strip-options 2,255
-p tcp -j TCPOPTSTRIP --strip-options 0 ; FAIL @39 TCP option kind 0 cannot be stripped
-p tcp -j TCPOPTSTRIP --strip-options 256 ; FAIL @39 '256' is not a TCP option kind
-p tcp -j TCPOPTSTRIP --strip-options MSS ; FAIL @39 'MSS' is not a TCP option kind
-p tcp -j TCPOPTSTRIP --strip-options 2, ; FAIL @39 '' is not a TCP option kind
-p tcp -j TCPOPTSTRIP --strip-options mss,2 ; FAIL @39 given twice
-j TCPOPTSTRIP --strip-options mss ; FAIL @1 needs -p tcp
-6
-p tcp -j TCPOPTSTRIP --strip-options timestamp ; -p tcp -j TCPOPTSTRIP --strip-options 8

# TOS (-j TOS).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# spellings and refusals (each checked with iptables-restore in a namespace):
# every form is saved as --set-tos VALUE/MASK
*filter
:OUTPUT
-j TOS --set-tos 0x10 ; FAIL @4 table mangle
*mangle
:PREROUTING,POSTROUTING,USER1
-j TOS --set-tos 0x10/0xff ; =
-j TOS --set-tos 0x10 ; -j TOS --set-tos 0x10/0xff
-j TOS --set-tos 16 ; -j TOS --set-tos 0x10/0xff
-j TOS --set-tos 0 ; -j TOS --set-tos 0x00/0xff
-j TOS --set-tos 0x10/0x3f ; =
-j TOS --set-tos 0x10/0x0 ; -j TOS --set-tos 0x10/0x00
-j TOS --set-tos Minimize-Delay ; -j TOS --set-tos 0x10/0x3f
-j TOS --set-tos normal-service ; -j TOS --set-tos 0x00/0x3f
-j TOS --and-tos 0x0f ; -j TOS --set-tos 0x00/0xf0
-j TOS --and-tos 0 ; -j TOS --set-tos 0x00/0xff
-j TOS --and-tos 0xff ; -j TOS --set-tos 0x00/0x00
-j TOS --or-tos 0x01 ; -j TOS --set-tos 0x01/0x01
-j TOS --or-tos 0 ; -j TOS --set-tos 0x00/0x00
-j TOS --xor-tos 0x01 ; -j TOS --set-tos 0x01/0x00
-j TOS --set-tos 256 ; FAIL @18 --set-tos
-j TOS --set-tos 0x1/0x100 ; FAIL @18 --set-tos
-j TOS --and-tos 0x100 ; FAIL @18 '0x100' is not a TOS value 0-255
-j TOS ; FAIL @1 TOS needs
-6
-j TOS --set-tos 0x10 ; -j TOS --set-tos 0x10/0xff
-j TOS --set-tos Minimize-Delay ; -j TOS --set-tos 0x10/0x3f
-j TOS --and-tos 0x0f ; -j TOS --set-tos 0x00/0xf0

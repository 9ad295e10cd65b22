# SET (-j SET).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# spellings and refusals (each checked with iptables-restore in a namespace,
# with the sets of tests/kernel/canon.sh)
*filter
:INPUT,USER1
-j SET --add-set foo src ; =
-j SET --add-set foo src,dst --exist --timeout 10 ; =
-j SET --timeout 10 --add-set foo src ; -j SET --add-set foo src --timeout 10
-j SET --add-set foo src --timeout 0x10 ; -j SET --add-set foo src --timeout 16
-j SET --del-set foo dst ; =
-j SET --del-set foo dst --add-set foo src ; -j SET --add-set foo src --del-set foo dst
-j SET --add-set foo src --exist --timeout 10 --del-set foo dst ; =
-j SET --add-set foo src,src,src,dst,dst,dst ; =
-j SET --add-set foo src,dst,src,dst,src,dst,src ; FAIL @22 set flags 'src,dst,src,dst,src,dst,src': at most 6
-j SET --add-set foo any ; FAIL @22 each must be src or dst
-j SET ; FAIL @1 SET needs at least one of its options
-j SET --exist ; FAIL @1 SET needs at least one of its options
-6
-j SET --add-set foo6 src ; =

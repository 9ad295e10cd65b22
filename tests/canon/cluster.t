# cluster (-m cluster).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# libxt_cluster's save: --cluster-local-nodemask (--cluster-local-node N
# is stored as bit N-1), --cluster-total-nodes, --cluster-hash-seed (masks
# and seed as 0x%08x); all three needed.
*mangle
:PREROUTING,INPUT,USER1
-m cluster --cluster-total-nodes 2 --cluster-local-node 1 --cluster-hash-seed 0xdeadbeef -j MARK --set-mark 0xffff ; -m cluster --cluster-local-nodemask 0x00000001 --cluster-total-nodes 2 --cluster-hash-seed 0xdeadbeef -j MARK --set-xmark 0xffff/0xffffffff
-m cluster --cluster-total-nodes 2 ! --cluster-local-nodemask 0x3 --cluster-hash-seed 5 ; -m cluster ! --cluster-local-nodemask 0x00000003 --cluster-total-nodes 2 --cluster-hash-seed 0x00000005
-m cluster --cluster-total-nodes 4 --cluster-local-node 3 --cluster-hash-seed 0 ; -m cluster --cluster-local-nodemask 0x00000004 --cluster-total-nodes 4 --cluster-hash-seed 0x00000000
-m cluster --cluster-total-nodes 2 --cluster-local-node 1 ; FAIL cluster needs --cluster-hash-seed
-m cluster --cluster-total-nodes 2 --cluster-hash-seed 1 ; FAIL cluster needs --cluster-local-node or --cluster-local-nodemask
*filter
:INPUT
-m cluster --cluster-local-nodemask 0x00000001 --cluster-total-nodes 2 --cluster-hash-seed 0x00000001 -j ACCEPT ; =
-6
*mangle
:PREROUTING
-m cluster --cluster-local-nodemask 0x00000002 --cluster-total-nodes 2 --cluster-hash-seed 0x00000001 ; =

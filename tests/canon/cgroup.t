# cgroup (-m cgroup).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# libxt_cgroup's save: --path (cgroup v2, quoted unless plain) or --cgroup
# (the net_cls class id, a number).  The kernel checks that the path
# exists in its cgroup tree: only "/" is sure to in a test namespace.
*filter
:INPUT,OUTPUT,USER1
-m cgroup --cgroup 1 ; =
-m cgroup ! --cgroup 0x10 -j DROP ; -m cgroup ! --cgroup 16 -j DROP
-m cgroup --path / ; -m cgroup --path "/"
-m cgroup ! --path "/" -j DROP ; =
-m cgroup ; FAIL cgroup needs --cgroup or --path
-m cgroup --path / --cgroup 1 ; FAIL --cgroup cannot be combined with --path
-6
-m cgroup --path "/" ; =

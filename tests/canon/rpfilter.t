# rpfilter (-m rpfilter).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# libxt_rpfilter's save: --loose, --validmark, --accept-local, --invert.
# The kernel takes it in the raw and mangle tables, PREROUTING only.
*raw
:PREROUTING
-m rpfilter ; =
-m rpfilter --invert --accept-local --validmark --loose -j DROP ; -m rpfilter --loose --validmark --accept-local --invert -j DROP
-m rpfilter --invert -j DROP ; =
:OUTPUT
-m rpfilter ; FAIL @4 match rpfilter is only valid in
*mangle
:PREROUTING
-m rpfilter --loose ; =
:INPUT,FORWARD
-m rpfilter ; FAIL @4 match rpfilter is only valid in
*filter
:INPUT
-m rpfilter ; FAIL @4 match rpfilter is only valid in
-6
*raw
:PREROUTING
-m rpfilter --invert -j DROP ; =

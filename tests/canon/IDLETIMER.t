# IDLETIMER (-j IDLETIMER).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# Literal module (the label is saved unquoted): only spellings the save
# prints back unchanged.  Labels are the kernel's, not the namespace's: one
# label per row, so that no row meets another's timer.
*filter
:INPUT
-j IDLETIMER --timeout 10 --label ipmcanon-idle1 ; =
-j IDLETIMER --timeout 3600 --label ipmcanon-idle2 ; =
-j IDLETIMER --timeout 10 --label ipmcanon-idle3 --alarm ; =
-j IDLETIMER --timeout 10 ; FAIL @1 IDLETIMER needs --label
-j IDLETIMER --label ipmcanon-idle4 ; FAIL @1 IDLETIMER needs --timeout
-j IDLETIMER --timeout 4294967296 --label ipmcanon-idle5 ; FAIL @24 --timeout

# RATEEST (-j RATEEST).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# Literal module (the times are saved from their log2 encoding): only
# spellings the save prints back unchanged.  One estimator name per row:
# the kernel refuses a name it holds with other parameters.
*mangle
:PREROUTING,FORWARD,USER1
-j RATEEST --rateest-name ipmcanon1 --rateest-interval 250.0ms --rateest-ewmalog 2.0s ; =
-j RATEEST --rateest-name ipmcanon2 --rateest-interval 1.0s --rateest-ewmalog 2.0s ; =
-j RATEEST --rateest-name ipmcanon3 --rateest-interval 8.0s --rateest-ewmalog 32.0s ; =
-j RATEEST --rateest-name ipmcanon4 --rateest-interval 1s ; FAIL @1 RATEEST needs --rateest-ewmalog
-j RATEEST --rateest-interval 1s --rateest-ewmalog 2s ; FAIL @1 RATEEST needs --rateest-name

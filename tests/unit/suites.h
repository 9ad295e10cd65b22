/* One CUnit suite per module; each test-<module>.c defines its adder. */
#ifndef IPM_TEST_SUITES_H
#define IPM_TEST_SUITES_H

#include <CUnit/CUnit.h>

#define IPM_SUITES(X) \
  X (diag) X (input) X (lexer) X (ruleset) X (grammar) X (suggest) X (canon) X (canon_fast) X (canon_data) \
  X (parse) X (apply) X (regex) X (containers) X (output) X (align) X (merge) X (drop) X (delta) X (plan) X (rewrite) X (diff) X (check) X (print) X (props)

#define IPM_DECLARE_SUITE(name) CU_ErrorCode ipm_test_add_##name (void);
IPM_SUITES (IPM_DECLARE_SUITE)
#undef IPM_DECLARE_SUITE

/* Adds a suite named NAME with the NULL-terminated TESTS. */
CU_ErrorCode ipm_test_add_suite (const char *name, const CU_TestInfo *tests);

#endif

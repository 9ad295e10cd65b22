/* Suite for src/diff.c (placeholder until the module lands). */
#include "config.h"

#include "suites.h"

static const CU_TestInfo ipm_diff_tests[] = {
  CU_TEST_INFO_NULL,
};

CU_ErrorCode
ipm_test_add_diff (void)
{
  return ipm_test_add_suite ("diff", ipm_diff_tests);
}

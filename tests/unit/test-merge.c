/* Suite for src/merge.c (placeholder until the module lands). */
#include "config.h"

#include "suites.h"

static const CU_TestInfo ipm_merge_tests[] = {
  CU_TEST_INFO_NULL,
};

CU_ErrorCode
ipm_test_add_merge (void)
{
  return ipm_test_add_suite ("merge", ipm_merge_tests);
}

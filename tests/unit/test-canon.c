/* Suite for src/canon.c (placeholder until the module lands). */
#include "config.h"

#include "suites.h"

static const CU_TestInfo ipm_canon_tests[] = {
  CU_TEST_INFO_NULL,
};

CU_ErrorCode
ipm_test_add_canon (void)
{
  return ipm_test_add_suite ("canon", ipm_canon_tests);
}

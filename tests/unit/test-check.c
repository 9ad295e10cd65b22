/* Suite for src/check.c (placeholder until the module lands). */
#include "config.h"

#include "suites.h"

static const CU_TestInfo ipm_check_tests[] = {
  CU_TEST_INFO_NULL,
};

CU_ErrorCode
ipm_test_add_check (void)
{
  return ipm_test_add_suite ("check", ipm_check_tests);
}

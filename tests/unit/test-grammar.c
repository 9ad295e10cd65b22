/* Suite for src/grammar.c (placeholder until the module lands). */
#include "config.h"

#include "suites.h"

static const CU_TestInfo ipm_grammar_tests[] = {
  CU_TEST_INFO_NULL,
};

CU_ErrorCode
ipm_test_add_grammar (void)
{
  return ipm_test_add_suite ("grammar", ipm_grammar_tests);
}

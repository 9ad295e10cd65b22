/* Unit test runner: all module suites.  Exit 0 pass, 1 failures, 99 setup
 * error (automake's hard error). */
#include "config.h"

#include <stdio.h>
#include <CUnit/Basic.h>
#include <glib.h>

#include "suites.h"

CU_ErrorCode
ipm_test_add_suite (const char *name, const CU_TestInfo *tests)
{
  CU_pSuite suite = CU_add_suite (name, NULL, NULL);

  if (suite == NULL)
    return CU_get_error ();
  for (; tests->pName != NULL; tests++)
    if (CU_add_test (suite, tests->pName, tests->pTestFunc) == NULL)
      return CU_get_error ();
  return CUE_SUCCESS;
}

int
main (void)
{
  unsigned int failures;

  /* every rule canon-fast.c takes is also canonicalized by canon.c and
   * compared, in every suite (src/canon-fast.h) */
  g_setenv ("IPM_CANON_CHECK", "1", TRUE);
  if (CU_initialize_registry () != CUE_SUCCESS)
    return 99;
#define IPM_ADD_SUITE(name) \
  if (ipm_test_add_##name () != CUE_SUCCESS) \
    { \
      fprintf (stderr, "cannot add suite %s\n", #name); \
      CU_cleanup_registry (); \
      return 99; \
    }
  IPM_SUITES (IPM_ADD_SUITE)
#undef IPM_ADD_SUITE
  CU_basic_set_mode (CU_BRM_NORMAL);
  CU_basic_run_tests ();
  failures = CU_get_number_of_failures () + CU_get_number_of_tests_failed ();
  CU_cleanup_registry ();
  return failures == 0 ? 0 : 1;
}

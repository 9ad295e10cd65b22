/* Suite for src/align.c: the alignment is a longest common subsequence,
 * checked against a quadratic dynamic program on random sequences. */
#include "config.h"

#include "helpers.h"
#include "suites.h"

static void
test_random_against_dp (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);

  for (int round = 0; round < 300; round++)
    {
      guint n = g_rand_int_range (rand, 0, 40), m = g_rand_int_range (rand, 0, 40);
      guint alphabet = g_rand_int_range (rand, 1, 8);
      g_autoptr(GPtrArray) a = ipm_test_random_rules (rand, n, alphabet);
      g_autoptr(GPtrArray) b = ipm_test_random_rules (rand, m, alphabet);
      g_autoptr(GArray) pairs = ipm_align_rules (a, b);

      CU_ASSERT_TRUE (ipm_test_pairs_valid (pairs, a, b));
      CU_ASSERT_EQUAL (pairs->len, ipm_test_lcs_length (a, b));
    }
}

static void
test_empty (void)
{
  g_autoptr(GPtrArray) a = g_ptr_array_new ();
  g_autoptr(GPtrArray) b = g_ptr_array_new ();
  g_autoptr(GArray) pairs = ipm_align_rules (a, b);

  CU_ASSERT_EQUAL (pairs->len, 0);
}

static const CU_TestInfo ipm_align_tests[] = {
  { "random sequences: LCS length and order", test_random_against_dp },
  { "empty sequences", test_empty },
  CU_TEST_INFO_NULL,
};

CU_ErrorCode
ipm_test_add_align (void)
{
  return ipm_test_add_suite ("align", ipm_align_tests);
}

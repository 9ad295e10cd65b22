/* Suite for src/align.c: the alignment is a longest common subsequence,
 * checked against a quadratic dynamic program on random sequences. */
#include "config.h"

#include "align.h"
#include "ruleset.h"
#include "suites.h"

static GPtrArray *
ipm_seq (GRand *rand, guint n, guint alphabet)
{
  GPtrArray *seq = g_ptr_array_new_with_free_func ((GDestroyNotify) ipm_rule_unref);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = g_strdup_printf ("-j R%u", g_rand_int_range (rand, 0, alphabet));
      g_ptr_array_add (seq, ipm_rule_new (text));
    }
  return seq;
}

static guint
ipm_lcs_length (const GPtrArray *a, const GPtrArray *b)
{
  guint n = a->len, m = b->len;
  g_autofree guint *dp = g_new0 (guint, (n + 1) * (m + 1));

  for (guint i = n; i-- > 0;)
    for (guint j = m; j-- > 0;)
      dp[i * (m + 1) + j] =
        ipm_rule_equal (g_ptr_array_index (a, i), g_ptr_array_index (b, j))
        ? dp[(i + 1) * (m + 1) + j + 1] + 1
        : MAX (dp[(i + 1) * (m + 1) + j], dp[i * (m + 1) + j + 1]);
  return dp[0];
}

static void
test_random_against_dp (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);

  for (int round = 0; round < 300; round++)
    {
      guint n = g_rand_int_range (rand, 0, 40), m = g_rand_int_range (rand, 0, 40);
      guint alphabet = g_rand_int_range (rand, 1, 8);
      g_autoptr(GPtrArray) a = ipm_seq (rand, n, alphabet);
      g_autoptr(GPtrArray) b = ipm_seq (rand, m, alphabet);
      g_autoptr(GArray) pairs = ipm_align_rules (a, b);
      gboolean ok = TRUE;

      for (guint k = 0; k < pairs->len; k++)
        {
          IpmAlignPair p = g_array_index (pairs, IpmAlignPair, k);

          ok = ok && ipm_rule_equal (g_ptr_array_index (a, p.a), g_ptr_array_index (b, p.b));
          if (k > 0)
            {
              IpmAlignPair q = g_array_index (pairs, IpmAlignPair, k - 1);
              ok = ok && q.a < p.a && q.b < p.b;
            }
        }
      CU_ASSERT_TRUE (ok);
      CU_ASSERT_EQUAL (pairs->len, ipm_lcs_length (a, b));
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

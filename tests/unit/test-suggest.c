/* Suite for src/suggest.c: edit distance, suggestions, built-in chains'
 * tables. */
#include "config.h"

#include <string.h>

#include "suggest.h"
#include "suites.h"

static void
test_distance (void)
{
  CU_ASSERT_EQUAL (ipm_suggest_distance ("ACCEPT", "ACCEPT", 3), 0);
  /* a swap of neighbours is one edit */
  CU_ASSERT_EQUAL (ipm_suggest_distance ("ACCPET", "ACCEPT", 3), 1);
  CU_ASSERT_EQUAL (ipm_suggest_distance ("dprot", "dport", 3), 1);
  /* case does not count */
  CU_ASSERT_EQUAL (ipm_suggest_distance ("accept", "ACCEPT", 3), 0);
  CU_ASSERT_EQUAL (ipm_suggest_distance ("conntrak", "conntrack", 3), 1);
  CU_ASSERT_EQUAL (ipm_suggest_distance ("kitten", "sitting", 5), 3);
  CU_ASSERT_EQUAL (ipm_suggest_distance ("", "abc", 5), 3);
  /* past the cap: cap + 1 */
  CU_ASSERT_EQUAL (ipm_suggest_distance ("kitten", "sitting", 2), 3);
  CU_ASSERT_EQUAL (ipm_suggest_distance ("a", "abcdefgh", 2), 3);
}

static void
test_limit (void)
{
  CU_ASSERT_EQUAL (ipm_suggest_limit ("DROP"), 1);
  CU_ASSERT_EQUAL (ipm_suggest_limit ("conntrak"), 2);
  CU_ASSERT_EQUAL (ipm_suggest_limit ("DOCKER-USERS"), 3);
}

static void
test_result (void)
{
  g_auto(IpmSuggest) s = { 0 };
  g_auto(IpmSuggest) none = { 0 };
  g_auto(IpmSuggest) two = { 0 };
  g_autofree char *text = NULL;
  g_autofree char *nothing = NULL;
  g_autofree char *both = NULL;

  ipm_suggest_init (&s, "DORP");
  ipm_suggest_offer_targets (&s, 4);
  text = ipm_suggest_result (&s, "");
  CU_ASSERT_STRING_EQUAL (text, "DROP");

  ipm_suggest_init (&none, "WHATEVER-CHAIN");
  ipm_suggest_offer_targets (&none, 4);
  ipm_suggest_offer (&none, "WHATEVER-CHAIN");    /* itself: no suggestion */
  nothing = ipm_suggest_result (&none, "");
  CU_ASSERT_PTR_NULL (nothing);

  ipm_suggest_init (&two, "spor");
  ipm_suggest_offer (&two, "sport");
  ipm_suggest_offer (&two, "dport");
  ipm_suggest_offer (&two, "spo");
  ipm_suggest_offer (&two, "sport");
  both = ipm_suggest_result (&two, "--");
  CU_ASSERT_STRING_EQUAL (both, "--sport or --spo");
}

static void
test_options (void)
{
  g_auto(IpmSuggest) s = { 0 };
  g_autofree char *text = NULL;

  ipm_suggest_init (&s, "ctstaet");
  ipm_suggest_offer_options (&s, ipm_grammar_match ("conntrack", 4));
  text = ipm_suggest_result (&s, "--");
  CU_ASSERT_STRING_EQUAL (text, "--ctstate");
}

static void
test_builtin_tables (void)
{
  g_autofree char *pre = ipm_suggest_builtin_tables ("PREROUTING");
  g_autofree char *post = ipm_suggest_builtin_tables ("POSTROUTING");
  g_autofree char *fwd = ipm_suggest_builtin_tables ("FORWARD");
  g_autofree char *user = ipm_suggest_builtin_tables ("DOCKER");

  CU_ASSERT_STRING_EQUAL (pre, "the mangle, nat and raw tables");
  CU_ASSERT_STRING_EQUAL (post, "the mangle and nat tables");
  CU_ASSERT_STRING_EQUAL (fwd, "the filter, mangle and security tables");
  CU_ASSERT_PTR_NULL (user);
}

static const CU_TestInfo ipm_suggest_tests[] = {
  { "optimal string alignment distance, folded case, cap", test_distance },
  { "limit by length", test_limit },
  { "closest names, ties, the word itself", test_result },
  { "options of a module", test_options },
  { "tables of a built-in chain", test_builtin_tables },
  CU_TEST_INFO_NULL,
};

CU_ErrorCode
ipm_test_add_suggest (void)
{
  return ipm_test_add_suite ("suggest", ipm_suggest_tests);
}

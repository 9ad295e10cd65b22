/* Suite for src/regex.c */
#include "config.h"

#include "regex.h"
#include "suites.h"

static void
test_match_any (void)
{
  g_autoptr(GPtrArray) patterns = g_ptr_array_new ();
  g_autoptr(IpmRegexList) list = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (patterns, (gpointer) "docker0|DOCKER");
  g_ptr_array_add (patterns, (gpointer) "^-A KUBE-SEP-");
  list = ipm_regex_list_new (patterns, "--take", &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL (list);
  CU_ASSERT_FALSE (ipm_regex_list_is_empty (list));
  CU_ASSERT_TRUE (ipm_regex_list_match (list, "-A FORWARD -o docker0 -j DOCKER"));
  CU_ASSERT_TRUE (ipm_regex_list_match (list, "-A KUBE-SEP-ABC -j DNAT"));
  CU_ASSERT_FALSE (ipm_regex_list_match (list, "-A INPUT -A KUBE-SEP-X"));
  CU_ASSERT_FALSE (ipm_regex_list_match (list, "-A INPUT -j ACCEPT"));
}

static void
test_empty_list (void)
{
  g_autoptr(IpmRegexList) list = ipm_regex_list_new (NULL, "--skip", NULL);

  CU_ASSERT_TRUE (ipm_regex_list_is_empty (list));
  CU_ASSERT_FALSE (ipm_regex_list_match (list, "anything"));
}

static void
test_bad_pattern (void)
{
  g_autoptr(GPtrArray) patterns = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  IpmRegexList *list;

  g_ptr_array_add (patterns, (gpointer) "KUBE-(SEP");
  list = ipm_regex_list_new (patterns, "--ignore-chain", &error);
  CU_ASSERT_PTR_NULL (list);
  CU_ASSERT_PTR_NOT_NULL_FATAL (error);
  CU_ASSERT_PTR_NOT_NULL (strstr (error->message, "--ignore-chain 'KUBE-(SEP'"));
}

static void
test_invalid_utf8_subject (void)
{
  g_autoptr(GPtrArray) patterns = g_ptr_array_new ();
  g_autoptr(IpmRegexList) list = NULL;

  /* comments may hold any bytes: matching must not fail on them */
  g_ptr_array_add (patterns, (gpointer) "ACCEPT");
  list = ipm_regex_list_new (patterns, "--take", NULL);
  CU_ASSERT_TRUE (ipm_regex_list_match (list, "-A INPUT -m comment --comment \"\xff\xfe\" -j ACCEPT"));
}

static const CU_TestInfo ipm_regex_tests[] = {
  { "any pattern matches", test_match_any },
  { "empty list matches nothing", test_empty_list },
  { "bad pattern names the option", test_bad_pattern },
  { "invalid UTF-8 in the subject", test_invalid_utf8_subject },
  CU_TEST_INFO_NULL,
};

CU_ErrorCode
ipm_test_add_regex (void)
{
  return ipm_test_add_suite ("regex", ipm_regex_tests);
}

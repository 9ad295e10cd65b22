/* Suite for src/print.c */
#include "config.h"

#include "helpers.h"
#include "suites.h"

static void
test_zero_counters (void)
{
  g_autoptr(IpmRuleset) rs = ipm_ruleset_new ();
  IpmTable *t = ipm_ruleset_ensure_table (rs, "raw", NULL);
  IpmChain *c = ipm_table_lookup_chain (t, "OUTPUT");
  IpmRule *rule = ipm_rule_new ("-j ACCEPT");
  g_autoptr(GString) out = g_string_new (NULL);
  IpmPrintOptions opts = { .zero_counters = TRUE };

  c->counters = (IpmCounters) { TRUE, 3, 4 };
  rule->counters = (IpmCounters) { TRUE, 1, 2 };
  g_ptr_array_add (ipm_chain_rules (c), rule);
  ipm_print_ruleset (out, rs, &opts);
  CU_ASSERT_STRING_EQUAL (out->str,
    "*raw\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A OUTPUT -j ACCEPT\nCOMMIT\n");
}

static void
test_empty_rule_text (void)
{
  g_autoptr(IpmRule) rule = ipm_rule_new ("");
  g_autoptr(GString) out = g_string_new (NULL);

  ipm_print_rule (out, "INPUT", rule, FALSE);
  CU_ASSERT_STRING_EQUAL (out->str, "-A INPUT\n");
}

static const CU_TestInfo ipm_print_tests[] = {
  { "--zero-counters", test_zero_counters },
  { "rule without a spec", test_empty_rule_text },
  CU_TEST_INFO_NULL,
};

CU_ErrorCode
ipm_test_add_print (void)
{
  return ipm_test_add_suite ("print", ipm_print_tests);
}

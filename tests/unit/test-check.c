/* Suite for src/check.c: the findings that need the whole ruleset. */
#include "config.h"

#include <string.h>

#include "check.h"
#include "helpers.h"
#include "suites.h"

/* Runs the checks on TEXT; returns the diagnostics (caller frees). */
static IpmDiags *
ipm_test_check (const char *text)
{
  IpmDiags *diags = ipm_diags_new ();
  g_autoptr(IpmInput) input = ipm_input_new_from_data ("c.rules", text, strlen (text));
  IpmParseOptions options = { .family = IPM_FAMILY_IPV4, .keep_text = TRUE };
  g_autoptr(IpmScript) script = ipm_parse (input, &options, diags, NULL);
  g_autoptr(IpmRuleset) rs = NULL;

  if (script != NULL)
    rs = ipm_apply_script (script, diags, NULL);
  if (rs != NULL)
    ipm_check_ruleset (script, rs, diags);
  return diags;
}

/* The finding whose message contains NEEDLE, or NULL. */
#define HEAD "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"

static void
test_clean (void)
{
  g_autoptr(IpmDiags) diags = ipm_test_check (
    HEAD ":DOCKER - [0:0]\n"
    "-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n"
    "-A FORWARD -o docker0 -j DOCKER\n"
    "-A INPUT -j REJECT --reject-with icmp-host-prohibited\n"
    "COMMIT\n");

  CU_ASSERT_EQUAL (diags->items->len, 0);
}

static void
test_duplicate_rule (void)
{
  g_autoptr(IpmDiags) diags = ipm_test_check (
    HEAD "-A INPUT -s 10.0.0.1 -j ACCEPT\n-A INPUT -s 10.0.0.1/32 -j ACCEPT\nCOMMIT\n");
  const IpmDiag *d = ipm_test_find (diags, "duplicate of the rule at line 5");

  CU_ASSERT_PTR_NOT_NULL_FATAL (d);
  CU_ASSERT_EQUAL (d->severity, IPM_SEVERITY_WARNING);
  CU_ASSERT_EQUAL (d->lineno, 6);
  CU_ASSERT_EQUAL (d->col, 10);     /* the rule, after "-A INPUT " */
  CU_ASSERT_EQUAL (diags->n_errors, 0);
}

static void
test_shadowed_rule (void)
{
  g_autoptr(IpmDiags) diags = ipm_test_check (
    HEAD "-A INPUT -j DROP\n-A INPUT -p tcp --dport 22 -j ACCEPT\n"
    "-A INPUT -p tcp --dport 80 -j ACCEPT\nCOMMIT\n");
  const IpmDiag *d = ipm_test_find (diags, "never reached");

  CU_ASSERT_PTR_NOT_NULL_FATAL (d);
  CU_ASSERT_EQUAL (d->lineno, 6);
  CU_ASSERT_PTR_NOT_NULL (strstr (d->message, "line 5 drops"));
  /* every unreachable rule, each with the rule that kills it */
  CU_ASSERT_EQUAL (diags->n_warnings, 2);
  CU_ASSERT_EQUAL (((const IpmDiag *) g_ptr_array_index (diags->items, 1))->lineno, 7);
}

static void
test_conditional_catch_all_does_not_shadow (void)
{
  /* a REJECT limited to one interface, or a jump, shadows nothing */
  g_autoptr(IpmDiags) diags = ipm_test_check (
    HEAD ":X - [0:0]\n-A INPUT -i eth0 -j REJECT\n-A INPUT -j X\n-A INPUT -j ACCEPT\n"
    "-A X -j RETURN\nCOMMIT\n");

  CU_ASSERT_PTR_NULL (ipm_test_find (diags, "never reached"));
}

static void
test_dead_points (void)
{
  /* a goto never comes back; a comment is no condition; RETURN and the
   * NAT verdicts end the chain too */
  g_autoptr(IpmDiags) diags = ipm_test_check (
    HEAD ":X - [0:0]\n:Y - [0:0]\n-A INPUT -j X\n-A INPUT -g X\n-A INPUT -j ACCEPT\n"
    "-A X -m comment --comment \"all the rest\" -j RETURN\n-A X -j ACCEPT\n"
    "-A Y -m limit --limit 1/sec -j RETURN\n-A Y -j ACCEPT\n"
    "-A FORWARD -j Y\nCOMMIT\n");
  const IpmDiag *d = ipm_test_find (diags, "rule 3 of chain INPUT");

  CU_ASSERT_PTR_NOT_NULL_FATAL (d);
  CU_ASSERT_PTR_NOT_NULL (strstr (d->message, "goes to X with every packet"));
  d = ipm_test_find (diags, "rule 2 of chain X");
  CU_ASSERT_PTR_NOT_NULL_FATAL (d);
  CU_ASSERT_PTR_NOT_NULL (strstr (d->message, "returns every packet"));
  /* a rate limit is a condition */
  CU_ASSERT_PTR_NULL (ipm_test_find (diags, "chain Y"));
}

static void
test_unused_chain (void)
{
  g_autoptr(IpmDiags) diags = ipm_test_check (
    HEAD ":USED - [0:0]\n:UNUSED - [0:0]\n-A INPUT -j USED\nCOMMIT\n");
  const IpmDiag *d = ipm_test_find (diags, "never used");

  CU_ASSERT_PTR_NOT_NULL_FATAL (d);
  CU_ASSERT_PTR_NOT_NULL (strstr (d->message, "UNUSED"));
  CU_ASSERT_EQUAL (d->lineno, 6);
  CU_ASSERT_EQUAL (diags->n_warnings, 1);
}

static void
test_goto_counts_as_use (void)
{
  g_autoptr(IpmDiags) diags = ipm_test_check (
    HEAD ":G - [0:0]\n-A INPUT -g G\nCOMMIT\n");

  CU_ASSERT_PTR_NULL (ipm_test_find (diags, "never used"));
}

static void
test_long_comment_warning (void)
{
  g_autoptr(GString) text = g_string_new (HEAD "-A INPUT -m comment --comment \"");
  g_autoptr(IpmDiags) diags = NULL;

  for (int i = 0; i < 300; i++)
    g_string_append_c (text, 'x');
  g_string_append (text, "\" -j ACCEPT\nCOMMIT\n");
  diags = ipm_test_check (text->str);
  CU_ASSERT_EQUAL (diags->n_errors, 0);
  CU_ASSERT_TRUE (diags->n_warnings >= 1);
}

static const CU_TestInfo ipm_check_tests[] = {
  { "clean ruleset: no findings", test_clean },
  { "duplicate rule (canonical equality)", test_duplicate_rule },
  { "rule shadowed by an unconditional DROP", test_shadowed_rule },
  { "conditional catch-all and jump shadow nothing", test_conditional_catch_all_does_not_shadow },
  { "dead points: goto, commented RETURN", test_dead_points },
  { "user chain nothing references", test_unused_chain },
  { "goto counts as a reference", test_goto_counts_as_use },
  { "comment over 255 bytes is a warning", test_long_comment_warning },
  CU_TEST_INFO_NULL,
};

CU_ErrorCode
ipm_test_add_check (void)
{
  return ipm_test_add_suite ("check", ipm_check_tests);
}

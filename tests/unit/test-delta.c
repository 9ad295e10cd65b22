/* Suite for src/delta.c: the --noflush patch between two rulesets.  The
 * kernel proof (restore(host) + patch == restore(merge)) is
 * tests/kernel/delta.sh. */
#include "config.h"

#include <string.h>

#include "apply.h"
#include "delta.h"
#include "helpers.h"
#include "parse.h"
#include "print.h"
#include "suites.h"

#define FILTER(rules) \
  "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n" \
  rules "COMMIT\n"

static IpmRuleset *
ipm_test_rs (const char *text)
{
  g_autoptr(IpmDiags) diags = ipm_diags_new ();
  g_autoptr(IpmInput) input = ipm_input_new_from_data ("t.rules", text, strlen (text));
  IpmParseOptions options = { .family = IPM_FAMILY_IPV4, .allow_empty = TRUE };
  g_autoptr(IpmScript) script = ipm_parse (input, &options, diags, NULL);

  return script != NULL ? ipm_apply_script (script, diags, NULL) : NULL;
}

static char *
ipm_test_delta (const char *before_text, const char *after_text)
{
  g_autoptr(IpmRuleset) before = ipm_test_rs (before_text);
  g_autoptr(IpmRuleset) after = ipm_test_rs (after_text);
  GString *out = g_string_new (NULL);

  g_assert (before != NULL && after != NULL);
  if (!ipm_delta_print (out, before, after, NULL))
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

static void
ipm_test_delta_case (const char *before, const char *after, const char *want)
{
  g_autofree char *got = ipm_test_delta (before, after);

  CU_ASSERT_PTR_NOT_NULL_FATAL (got);
  if (strcmp (got, want) != 0)
    fprintf (stderr, "\ndelta: wanted\n%s---got\n%s---\n", want, got);
  CU_ASSERT_STRING_EQUAL (got, want);
}

/* The guard: a -C of the host's shortest built-in rule first, so that the
 * patch restored without --noflush fails (tests/kernel/delta.sh restores it
 * both ways); none where the host's built-in chains are empty. */
static void
test_guard (void)
{
  ipm_test_delta_case (FILTER ("-A INPUT -i lo -j ACCEPT\n-A FORWARD -j DROP\n"),
                       FILTER ("-A INPUT -i lo -j ACCEPT\n-A FORWARD -i eth1 -j ACCEPT\n-A FORWARD -j DROP\n"),
                       "*filter\n-C FORWARD -j DROP\n-I FORWARD 1 -i eth1 -j ACCEPT\nCOMMIT\n");
  ipm_test_delta_case (FILTER (""), FILTER ("-A INPUT -i lo -j ACCEPT\n"),
                       "*filter\n-A INPUT -i lo -j ACCEPT\nCOMMIT\n");
}

static void
test_no_change_is_empty (void)
{
  const char *rs = FILTER ("-A INPUT -i lo -j ACCEPT\n");

  ipm_test_delta_case (rs, rs, "");
}

static void
test_insertions (void)
{
  ipm_test_delta_case (FILTER ("-A INPUT -i lo -j ACCEPT\n-A INPUT -j DROP\n"),
                       FILTER ("-A INPUT -i eth0 -j ACCEPT\n-A INPUT -i lo -j ACCEPT\n"
                               "-A INPUT -i eth1 -j ACCEPT\n-A INPUT -j DROP\n"
                               "-A INPUT -i eth2 -j ACCEPT\n"),
                       "*filter\n-C INPUT -j DROP\n-I INPUT 1 -i eth0 -j ACCEPT\n-I INPUT 3 -i eth1 -j ACCEPT\n"
                       "-A INPUT -i eth2 -j ACCEPT\nCOMMIT\n");
}

static void
test_deletions_first (void)
{
  ipm_test_delta_case (FILTER ("-A INPUT -i lo -j ACCEPT\n-A INPUT -i eth9 -j ACCEPT\n-A INPUT -j DROP\n"),
                       FILTER ("-A INPUT -i lo -j ACCEPT\n-A INPUT -i eth1 -j ACCEPT\n-A INPUT -j DROP\n"),
                       "*filter\n-C INPUT -j DROP\n-D INPUT -i eth9 -j ACCEPT\n-I INPUT 2 -i eth1 -j ACCEPT\nCOMMIT\n");
}

static void
test_chains_and_policies (void)
{
  ipm_test_delta_case ("*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n"
                       ":keep - [0:0]\n:gone - [0:0]\n-A INPUT -j gone\n-A gone -j LOG\n"
                       "-A keep -j RETURN\nCOMMIT\n",
                       "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
                       ":keep - [0:0]\n:new - [0:0]\n-A INPUT -j new\n-A keep -j RETURN\n"
                       "-A new -j ACCEPT\nCOMMIT\n",
                       /* a new chain declared; the old one flushed by its
                        * ':' line, unreferenced by -D, deleted last; the
                        * existing 'keep' never declared (that would flush it) */
                       "*filter\n-C INPUT -j gone\n:new - [0:0]\n:gone - [0:0]\n-P FORWARD ACCEPT\n"
                       "-D INPUT -j gone\n-A INPUT -j new\n-A new -j ACCEPT\n-X gone\nCOMMIT\n");
}

static void
test_new_table (void)
{
  ipm_test_delta_case (FILTER (""),
                       FILTER ("") "*raw\n:PREROUTING ACCEPT [0:0]\n:OUTPUT DROP [0:0]\n"
                       "-A PREROUTING -i lo -j CT --notrack\nCOMMIT\n",
                       "*raw\n:PREROUTING ACCEPT [0:0]\n:OUTPUT DROP [0:0]\n"
                       "-A PREROUTING -i lo -j CT --notrack\nCOMMIT\n");
}

static void
test_duplicates (void)
{
  ipm_test_delta_case (FILTER ("-A INPUT -i lo -j ACCEPT\n-A INPUT -i lo -j ACCEPT\n-A INPUT -j DROP\n"),
                       FILTER ("-A INPUT -i lo -j ACCEPT\n-A INPUT -j DROP\n-A INPUT -i lo -j ACCEPT\n"),
                       /* the first lo stays: only a number names the second */
                       "*filter\n-C INPUT -j DROP\n-D INPUT 2\n-A INPUT -i lo -j ACCEPT\nCOMMIT\n");
}

static void
test_vanished_table_refused (void)
{
  g_autofree char *got = ipm_test_delta (FILTER ("") "*raw\n:PREROUTING ACCEPT [0:0]\n"
                                         ":OUTPUT ACCEPT [0:0]\nCOMMIT\n", FILTER (""));

  CU_ASSERT_PTR_NULL (got);
}

/* Random before/after pairs: applying the printed patch to BEFORE with
 * restore --noflush semantics gives AFTER. */
static void
test_random_patch_applies (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);

  for (int round = 0; round < 200; round++)
    {
      GString *a = g_string_new (FILTER (""));
      GString *b = g_string_new (FILTER (""));
      g_autofree char *a_text = NULL;
      g_autofree char *b_text = NULL;
      g_autofree char *patch = NULL;
      g_autoptr(IpmRuleset) before = NULL;
      g_autoptr(IpmRuleset) want = NULL;
      g_autoptr(IpmDiags) diags = ipm_diags_new ();
      guint n = g_rand_int_range (rand, 0, 30), m = g_rand_int_range (rand, 0, 30);

      g_string_truncate (a, a->len - strlen ("COMMIT\n"));
      g_string_truncate (b, b->len - strlen ("COMMIT\n"));
      for (guint i = 0; i < n; i++)
        g_string_append_printf (a, "-A INPUT -i eth%d -j ACCEPT\n", g_rand_int_range (rand, 0, 8));
      for (guint i = 0; i < m; i++)
        g_string_append_printf (b, "-A INPUT -i eth%d -j ACCEPT\n", g_rand_int_range (rand, 0, 8));
      g_string_append (a, "COMMIT\n");
      g_string_append (b, "COMMIT\n");
      a_text = g_string_free (a, FALSE);
      b_text = g_string_free (b, FALSE);
      patch = ipm_test_delta (a_text, b_text);
      CU_ASSERT_PTR_NOT_NULL_FATAL (patch);
      before = ipm_test_rs (a_text);
      want = ipm_test_rs (b_text);
      if (patch[0] != '\0')
        {
          g_autoptr(IpmInput) input = ipm_input_new_from_data ("patch", patch, strlen (patch));
          IpmParseOptions options = { .family = IPM_FAMILY_IPV4 };
          g_autoptr(IpmScript) script = ipm_parse (input, &options, diags, NULL);
          const IpmScriptTable *st;
          IpmTable *table = ipm_ruleset_lookup_table (before, "filter");

          CU_ASSERT_PTR_NOT_NULL_FATAL (script);
          st = g_ptr_array_index (script->tables, 0);
          for (guint c = 0; c < st->cmds->len; c++)
            CU_ASSERT_TRUE (ipm_apply_cmd (table, g_ptr_array_index (st->cmds, c), diags));
        }
      {
        const IpmChain *got = ipm_table_lookup_chain (ipm_ruleset_lookup_table (before, "filter"), "INPUT");
        const IpmChain *exp = ipm_table_lookup_chain (ipm_ruleset_lookup_table (want, "filter"), "INPUT");
        gboolean same = ipm_test_chain_rules (got)->len == ipm_test_chain_rules (exp)->len;

        for (guint i = 0; same && i < ipm_test_chain_rules (got)->len; i++)
          same = ipm_rule_equal (g_ptr_array_index (ipm_test_chain_rules (got), i), g_ptr_array_index (ipm_test_chain_rules (exp), i));
        CU_ASSERT_TRUE (same);
        if (!same)
          {
            g_autoptr(GString) dump = g_string_new (NULL);
            IpmPrintOptions po = { 0 };
            ipm_print_ruleset (dump, before, &po);
            fprintf (stderr, "A:\n%s\nB:\n%s\npatch:\n%s\ngot:\n%s\n", a_text, b_text, patch, dump->str);
            break;
          }
      }
    }
}

/* A copy of the host changed in place (as --delta merges into one) gives
 * the same patch as the same result parsed on its own: chains matched
 * through IpmChain.origin, renamed, removed, re-created under a removed
 * name, new. */
static void
test_copy_same_as_parsed (void)
{
  const char *host = FILTER (":A - [0:0]\n:B - [0:0]\n:C - [0:0]\n:D - [0:0]\n"
                             "-A INPUT -j A\n-A A -j ACCEPT\n-A B -j DROP\n"
                             "-A C -j RETURN\n-A D -j ACCEPT\n");
  g_autoptr(IpmRuleset) before = ipm_test_rs (host);
  g_autoptr(IpmRuleset) after = ipm_ruleset_copy (before);
  g_autoptr(IpmRuleset) parsed = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) via_copy = g_string_new (NULL);
  g_autoptr(GString) via_parse = g_string_new (NULL);
  IpmTable *t = ipm_ruleset_lookup_table (after, "filter");
  IpmPrintOptions print = { 0 };

  ipm_table_rename_chain (t, ipm_table_lookup_chain (t, "B"), "E");
  ipm_table_remove_chain (t, ipm_table_lookup_chain (t, "C"));
  g_ptr_array_add (ipm_test_chain_rules (ipm_table_ensure_chain (t, "C", NULL)),
                   ipm_rule_new ("-j DROP"));
  g_ptr_array_add (ipm_test_chain_rules (ipm_table_ensure_chain (t, "F", NULL)),
                   ipm_rule_new ("-j ACCEPT"));
  g_ptr_array_add (ipm_test_chain_rules (ipm_table_lookup_chain (t, "A")),
                   ipm_rule_new ("-j DROP"));
  CU_ASSERT_TRUE_FATAL (ipm_print_ruleset (text, after, &print));
  parsed = ipm_test_rs (text->str);
  CU_ASSERT_PTR_NOT_NULL_FATAL (parsed);
  CU_ASSERT_TRUE (ipm_delta_print (via_copy, before, after, NULL));
  CU_ASSERT_TRUE (ipm_delta_print (via_parse, before, parsed, NULL));
  CU_ASSERT_STRING_EQUAL (via_copy->str, via_parse->str);
  CU_ASSERT_TRUE (strstr (via_copy->str, "-X B\n") != NULL);
}

static const CU_TestInfo ipm_delta_tests[] = {
  { "no change: empty patch", test_no_change_is_empty },
  { "guard: -C of a host rule", test_guard },
  { "insertions: -I N and -A", test_insertions },
  { "deletions before insertions", test_deletions_first },
  { "chains and policies", test_chains_and_policies },
  { "a table the host lacked", test_new_table },
  { "duplicates", test_duplicates },
  { "a vanished table is refused", test_vanished_table_refused },
  { "random patches apply", test_random_patch_applies },
  { "a changed copy of the host as a parsed result", test_copy_same_as_parsed },
  CU_TEST_INFO_NULL,
};

CU_ErrorCode
ipm_test_add_delta (void)
{
  return ipm_test_add_suite ("delta", ipm_delta_tests);
}

/* Suite for src/drop.c: --drop removes host chains with the jumps to them
 * and host lines, never a built-in chain, and says when a pattern removes
 * nothing.  The kernel proof (the boot file restores, no dangling jump) is
 * tests/kernel/drop.sh. */
#include "config.h"

#include <string.h>

#include "drop.h"
#include "merge.h"
#include "print.h"
#include "suites.h"
#include "helpers.h"

#define HOST \
  "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n" \
  ":KUBE-FIREWALL - [0:0]\n:KUBE-SERVICES - [0:0]\n:SITE - [0:0]\n" \
  "-A INPUT -j KUBE-SERVICES\n-A INPUT -i lo -j ACCEPT\n-A INPUT -j SITE\n" \
  "-A INPUT -p tcp -m tcp --dport 333 -j ACCEPT\n" \
  "-A FORWARD -g KUBE-FIREWALL\n-A OUTPUT -j KUBE-FIREWALL\n" \
  "-A KUBE-FIREWALL -m mark --mark 0x8000/0x8000 -j DROP\n" \
  "-A KUBE-SERVICES -j KUBE-FIREWALL\n-A SITE -j KUBE-SERVICES\n" \
  "-A SITE -s 198.51.100.0/24 -j DROP\nCOMMIT\n"

#define HOST_DROPPED \
  "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n" \
  ":SITE - [0:0]\n" \
  "-A INPUT -i lo -j ACCEPT\n-A INPUT -j SITE\n" \
  "-A INPUT -p tcp -m tcp --dport 333 -j ACCEPT\n" \
  "-A SITE -s 198.51.100.0/24 -j DROP\nCOMMIT\n"

/* HOST_TEXT with --drop PATTERNS (NULL-terminated), printed; NULL when
 * ipm_drop failed.  Findings in DIAGS, records in EVENTS (may be NULL). */
static char *
ipm_test_drop (const char *host_text, gboolean spans,
               const char *const *patterns, IpmDiags *diags,
               GPtrArray *events)
{
  g_autoptr(IpmRuleset) rs = ipm_test_ruleset_read ("host.rules", host_text,
                                                    spans);
  g_autoptr(GPtrArray) list = g_ptr_array_new ();
  IpmDropOptions options = { .patterns = list, .events = events };
  IpmPrintOptions print = { 0 };
  GString *out;

  CU_ASSERT_PTR_NOT_NULL_FATAL (rs);
  for (guint i = 0; patterns[i] != NULL; i++)
    g_ptr_array_add (list, (gpointer) patterns[i]);
  if (!ipm_drop (rs, &options, diags, NULL))
    return NULL;
  out = g_string_new (NULL);
  ipm_print_ruleset (out, rs, &print);
  return g_string_free (out, FALSE);
}

/* Matching chains go, with every -j and -g to them from any chain (a user
 * chain's too); the other rules stay in order; spans or not. */
static void
test_chains_and_jumps (void)
{
  static const char *const patterns[] = { "^KUBE-", NULL };

  for (int spans = 0; spans < 2; spans++)
    {
      g_autoptr(IpmDiags) diags = ipm_diags_new ();
      g_autofree char *got = ipm_test_drop (HOST, spans, patterns, diags, NULL);

      CU_ASSERT_PTR_NOT_NULL_FATAL (got);
      CU_ASSERT_STRING_EQUAL (got, HOST_DROPPED);
      CU_ASSERT_EQUAL (diags->n_warnings, 0);
    }
}

/* A pattern matches '-A CHAIN spec' lines of the host too. */
static void
test_lines (void)
{
  static const char *const patterns[] = { "^KUBE-", "dport 333 ", NULL };
  g_autoptr(IpmDiags) diags = ipm_diags_new ();
  g_autofree char *got = ipm_test_drop (HOST, TRUE, patterns, diags, NULL);

  CU_ASSERT_PTR_NOT_NULL_FATAL (got);
  CU_ASSERT_PTR_NULL (strstr (got, "333"));
  CU_ASSERT_PTR_NOT_NULL (strstr (got, "-A SITE -s 198.51.100.0/24 -j DROP\n"));
  CU_ASSERT_EQUAL (diags->n_warnings, 0);
}

/* Built-in chains never go, even when named; a pattern that removes
 * nothing is a warning, one that matched a chain name is not. */
static void
test_builtin_and_unused (void)
{
  static const char *const patterns[] = { "^INPUT$", "^KUBE-", "NOPE", NULL };
  g_autoptr(IpmDiags) diags = ipm_diags_new ();
  g_autofree char *got = ipm_test_drop (HOST, FALSE, patterns, diags, NULL);
  const IpmDiag *d;

  CU_ASSERT_PTR_NOT_NULL_FATAL (got);
  CU_ASSERT_STRING_EQUAL (got, HOST_DROPPED);
  CU_ASSERT_EQUAL_FATAL (diags->n_warnings, 2);
  d = g_ptr_array_index (diags->items, 0);
  CU_ASSERT_PTR_NOT_NULL (strstr (d->message, "--drop '^INPUT$' matches no chain name"));
  d = g_ptr_array_index (diags->items, 1);
  CU_ASSERT_PTR_NOT_NULL (strstr (d->message, "--drop 'NOPE'"));
}

/* A chain no pattern names stays the host's lines, byte for byte. */
static void
test_spans_kept (void)
{
  static const char *const patterns[] = { "^NOTHING-HERE", NULL };
  const char *host = "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n"
    ":OUTPUT ACCEPT [0:0]\n-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\nCOMMIT\n";
  g_autoptr(IpmDiags) diags = ipm_diags_new ();
  g_autoptr(IpmRuleset) rs = ipm_test_ruleset_read ("host.rules", host, TRUE);
  g_autoptr(GPtrArray) list = g_ptr_array_new ();
  IpmDropOptions options = { .patterns = list };
  const IpmTable *table;

  CU_ASSERT_PTR_NOT_NULL_FATAL (rs);
  g_ptr_array_add (list, (gpointer) patterns[0]);
  CU_ASSERT_TRUE (ipm_drop (rs, &options, diags, NULL));
  table = g_ptr_array_index (rs->tables, 0);
  CU_ASSERT_PTR_NOT_NULL (((const IpmChain *) g_ptr_array_index (table->chains, 0))->span.text);
  CU_ASSERT_EQUAL (diags->n_warnings, 1);
}

/* What --plan reports: one record per rule removed from a kept chain and
 * per chain; a bad pattern is an error before anything changes. */
static void
test_events_and_errors (void)
{
  static const char *const patterns[] = { "^KUBE-", NULL };
  static const char *const bad[] = { "(", NULL };
  g_autoptr(IpmDiags) diags = ipm_diags_new ();
  g_autoptr(GPtrArray) events =
    g_ptr_array_new_with_free_func ((GDestroyNotify) ipm_merge_event_free);
  g_autofree char *got = ipm_test_drop (HOST, TRUE, patterns, diags, events);
  g_autofree char *none = NULL;
  guint n_rules = 0, n_chains = 0;

  CU_ASSERT_PTR_NOT_NULL_FATAL (got);
  for (guint i = 0; i < events->len; i++)
    {
      const IpmMergeEvent *e = g_ptr_array_index (events, i);

      CU_ASSERT_EQUAL (e->kind, IPM_MERGE_EVENT_DROPPED);
      CU_ASSERT_STRING_EQUAL (e->table, "filter");
      CU_ASSERT_PTR_NOT_NULL (e->why);
      if (e->rule != NULL)
        n_rules++;
      else
        n_chains++;
    }
  /* INPUT -j KUBE-SERVICES, FORWARD -g, OUTPUT -j, SITE -j; two chains */
  CU_ASSERT_EQUAL (n_rules, 4);
  CU_ASSERT_EQUAL (n_chains, 2);
  none = ipm_test_drop (HOST, TRUE, bad, diags, NULL);
  CU_ASSERT_PTR_NULL (none);
}

static const CU_TestInfo ipm_drop_tests[] = {
  { "chains and the jumps to them", test_chains_and_jumps },
  { "host lines", test_lines },
  { "built-ins kept, unused patterns", test_builtin_and_unused },
  { "untouched chains stay spans", test_spans_kept },
  { "records and errors", test_events_and_errors },
  CU_TEST_INFO_NULL,
};

CU_ErrorCode
ipm_test_add_drop (void)
{
  return ipm_test_add_suite ("drop", ipm_drop_tests);
}

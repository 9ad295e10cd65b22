/* Properties on generated rulesets (tests/gen: thousands of rules, random
 * modules from the kernel-oracle corpus, random chain graphs, four tables),
 * fixed seeds; IPMERGE_LONG=1 runs many more seeds and larger rulesets.
 *  - canonical(canonical(x)) == canonical(x), and canonical output parses;
 *  - merging a reference layer and an overlay (-D/-I/-N/-F/-P) twice gives
 *    what merging once gives;
 *  - every host rule is in the merge unless the overlay deleted it (-D) or
 *    flushed its chain (-F);
 *  - --diff A B finds a difference (and prints something) exactly when the
 *    canonical forms differ (counters aside), for one random change of every
 *    kind, and never between a dump and its canonical respelling.
 * The kernel side (delta vs full restore) is tests/kernel/delta.sh. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <CUnit/CUnit.h>

#include "diff.h"
#include "gen.h"
#include "helpers.h"
#include "merge.h"
#include "suites.h"

static IpmGenPool *ipm_props_pool;

static gboolean
ipm_props_long (void)
{
  const char *v = g_getenv ("IPMERGE_LONG");

  return v != NULL && strcmp (v, "1") == 0;
}

static guint
ipm_props_rounds (void)
{
  return ipm_props_long () ? 60 : 6;
}

static guint
ipm_props_size (guint k)
{
  static const guint sizes[] = { 3000, 800, 5000, 1500, 2000, 4000 };

  return sizes[k % G_N_ELEMENTS (sizes)] * (ipm_props_long () ? 3 : 1);
}

static const IpmGenPool *
ipm_props_get_pool (void)
{
  if (ipm_props_pool == NULL)
    {
      const char *top = g_getenv ("top_srcdir");
      g_autofree char *path = g_build_filename (top != NULL ? top : "..", "tests",
                                                "corpus", "expected.tsv", NULL);
      g_autoptr(GError) error = NULL;

      ipm_props_pool = ipm_gen_pool_load (path, &error);
      if (ipm_props_pool == NULL)
        g_printerr ("props: %s (is top_srcdir set?)\n", error->message);
    }
  return ipm_props_pool;
}

static IpmScript *
ipm_props_script (const char *name, const char *text, IpmDiags *diags)
{
  g_autoptr(IpmInput) input = ipm_input_new_from_data (name, text, strlen (text));
  IpmParseOptions options = { .family = IPM_FAMILY_IPV4 };

  return ipm_parse (input, &options, diags, NULL);
}

static IpmRuleset *
ipm_props_ruleset (const char *text)
{
  g_autoptr(IpmDiags) diags = ipm_diags_new ();
  g_autoptr(IpmScript) script = ipm_props_script ("gen", text, diags);

  return script != NULL ? ipm_apply_script (script, diags, NULL) : NULL;
}

static char *
ipm_props_print (const IpmRuleset *rs, gboolean zero_counters)
{
  IpmPrintOptions print = { .zero_counters = zero_counters };
  GString *out = g_string_new (NULL);

  ipm_print_ruleset (out, rs, &print);
  return g_string_free (out, FALSE);
}

static void
test_canonical_fixed_point (void)
{
  const IpmGenPool *pool = ipm_props_get_pool ();

  CU_ASSERT_PTR_NOT_NULL_FATAL (pool);
  CU_ASSERT_TRUE_FATAL (ipm_gen_pool_size (pool) > 300);
  for (guint k = 0; k < ipm_props_rounds (); k++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (100 + k);
      g_autofree char *host = ipm_gen_host (rand, pool, ipm_props_size (k));
      g_autoptr(IpmRuleset) rs = ipm_props_ruleset (host);
      g_autoptr(IpmRuleset) again = NULL;
      g_autofree char *first = NULL;
      g_autofree char *second = NULL;

      CU_ASSERT_PTR_NOT_NULL_FATAL (rs);
      CU_ASSERT_TRUE (ipm_ruleset_count_rules (rs) >= ipm_props_size (k) / 2);
      first = ipm_props_print (rs, FALSE);
      again = ipm_props_ruleset (first);
      CU_ASSERT_PTR_NOT_NULL_FATAL (again);
      second = ipm_props_print (again, FALSE);
      CU_ASSERT_STRING_EQUAL (first, second);
    }
}

/* TEXT -> count of "TABLE CHAIN RULE" over RS. */
static GHashTable *
ipm_props_count (const IpmRuleset *rs)
{
  GHashTable *count = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint t = 0; t < rs->tables->len; t++)
    {
      const IpmTable *table = g_ptr_array_index (rs->tables, t);

      for (guint c = 0; c < table->chains->len; c++)
        {
          const IpmChain *chain = g_ptr_array_index (table->chains, c);

          for (guint r = 0; r < ipm_test_chain_rules (chain)->len; r++)
            {
              const IpmRule *rule = g_ptr_array_index (ipm_test_chain_rules (chain), r);
              char *key = g_strdup_printf ("%s %s %s", table->name, chain->name, rule->text);
              guint n = GPOINTER_TO_UINT (g_hash_table_lookup (count, key));

              g_hash_table_insert (count, key, GUINT_TO_POINTER (n + 1));
            }
        }
    }
  return count;
}

static void
test_merge_keeps_host_and_is_idempotent (void)
{
  const IpmGenPool *pool = ipm_props_get_pool ();
  guint n_deleted = 0, n_flushed = 0;

  CU_ASSERT_PTR_NOT_NULL_FATAL (pool);
  for (guint k = 0; k < ipm_props_rounds (); k++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (200 + k);
      g_autofree char *raw = ipm_gen_host (rand, pool, ipm_props_size (k));
      g_autoptr(IpmRuleset) host = ipm_props_ruleset (raw);
      g_autofree char *host_text = NULL;
      g_autofree char *ref_text = NULL;
      g_autofree char *ovl_text = NULL;
      g_autoptr(IpmDiags) diags = ipm_diags_new ();
      g_autoptr(GPtrArray) layers = g_ptr_array_new_with_free_func ((GDestroyNotify) ipm_script_free);
      g_autoptr(IpmRuleset) merged = NULL;
      g_autoptr(IpmRuleset) again = NULL;
      g_autoptr(GHashTable) before = NULL;
      g_autoptr(GHashTable) after = NULL;
      g_autoptr(GHashTable) deleted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autoptr(GHashTable) flushed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autofree char *once = NULL;
      g_autofree char *twice = NULL;
      IpmMergeOptions options = { 0 };
      IpmScript *ovl;
      GHashTableIter it;
      gpointer key, value;
      guint missing = 0;

      CU_ASSERT_PTR_NOT_NULL_FATAL (host);
      host_text = ipm_props_print (host, FALSE);
      ref_text = ipm_gen_reference (rand, pool, host_text);
      ovl_text = ipm_gen_overlay (rand, pool, host_text, ref_text);
      g_ptr_array_add (layers, ipm_props_script ("ref", ref_text, diags));
      ovl = ipm_props_script ("overlay", ovl_text, diags);
      g_ptr_array_add (layers, ovl);
      CU_ASSERT_PTR_NOT_NULL_FATAL (g_ptr_array_index (layers, 0));
      CU_ASSERT_PTR_NOT_NULL_FATAL (ovl);

      /* what the overlay removes on purpose */
      for (guint t = 0; t < ovl->tables->len; t++)
        {
          const IpmScriptTable *st = g_ptr_array_index (ovl->tables, t);

          for (guint c = 0; c < st->cmds->len; c++)
            {
              const IpmCmd *cmd = g_ptr_array_index (st->cmds, c);

              if (cmd->kind == IPM_CMD_DELETE && cmd->rule != NULL)
                g_hash_table_add (deleted, g_strdup_printf ("%s %s %s", st->name, cmd->chain,
                                                            cmd->rule->text));
              else if (cmd->kind == IPM_CMD_FLUSH && cmd->chain != NULL)
                g_hash_table_add (flushed, g_strdup_printf ("%s %s ", st->name, cmd->chain));
            }
        }

      n_deleted += g_hash_table_size (deleted);
      n_flushed += g_hash_table_size (flushed);
      merged = ipm_props_ruleset (host_text);
      CU_ASSERT_TRUE_FATAL (ipm_merge (merged, layers, &options, diags, NULL));
      before = ipm_props_count (host);
      after = ipm_props_count (merged);
      g_hash_table_iter_init (&it, before);
      while (g_hash_table_iter_next (&it, &key, &value))
        {
          guint want = GPOINTER_TO_UINT (value);
          guint got = GPOINTER_TO_UINT (g_hash_table_lookup (after, key));
          g_auto(GStrv) w = g_strsplit (key, " ", 3);
          g_autofree char *chain_key = g_strdup_printf ("%s %s ", w[0], w[1]);

          if (g_hash_table_contains (flushed, chain_key))
            continue;
          if (g_hash_table_contains (deleted, key))
            want--;
          if (got < want)
            {
              if (missing++ < 5)
                g_printerr ("props: seed %u: host rule lost: %s\n", 200 + k, (char *) key);
            }
        }
      CU_ASSERT_EQUAL (missing, 0);
      /* the overlay's deletions did happen */
      g_hash_table_iter_init (&it, deleted);
      while (g_hash_table_iter_next (&it, &key, NULL))
        CU_ASSERT_EQUAL (GPOINTER_TO_UINT (g_hash_table_lookup (after, key)), 0);

      once = ipm_props_print (merged, FALSE);
      again = ipm_props_ruleset (once);
      CU_ASSERT_PTR_NOT_NULL_FATAL (again);
      CU_ASSERT_TRUE_FATAL (ipm_merge (again, layers, &options, diags, NULL));
      twice = ipm_props_print (again, FALSE);
      /* an overlay's numbered -I of a rule that ends the chain kills the
       * layer rules after it, which the next run places again: a
       * disagreement of the layers that the merge reports, not a fixpoint */
      if (ipm_test_find (diags, "are no longer reached") == NULL)
        CU_ASSERT_STRING_EQUAL (once, twice);
    }
  /* the overlays did delete and flush: the exemptions were exercised */
  CU_ASSERT_TRUE (n_deleted > 0);
  CU_ASSERT_TRUE (n_flushed > 0);
}

static void
test_diff_empty_iff_equal (void)
{
  const IpmGenPool *pool = ipm_props_get_pool ();
  g_autoptr(GHashTable) kinds = g_hash_table_new (g_str_hash, g_str_equal);

  CU_ASSERT_PTR_NOT_NULL_FATAL (pool);
  for (guint k = 0; k < ipm_props_rounds () * 5; k++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (300 + k);
      g_autofree char *a_text = ipm_gen_host (rand, pool, ipm_props_size (k) / 4);
      const char *what = NULL;
      g_autofree char *b_text = ipm_gen_mutate (rand, a_text, &what);
      g_autoptr(IpmRuleset) a = ipm_props_ruleset (a_text);
      g_autoptr(IpmRuleset) b = ipm_props_ruleset (b_text);
      g_autoptr(IpmRuleset) a_canon = NULL;
      g_autofree char *a_print = NULL;
      g_autofree char *a_zero = NULL;
      g_autofree char *b_zero = NULL;
      g_autoptr(GString) out = g_string_new (NULL);
      IpmDiffOptions options = { .old_name = "a", .new_name = "b", .context = 3 };
      gboolean different = TRUE;

      CU_ASSERT_PTR_NOT_NULL_FATAL (a);
      CU_ASSERT_PTR_NOT_NULL_FATAL (b);
      g_hash_table_add (kinds, (gpointer) what);
      /* a dump and its canonical respelling, counters included */
      a_print = ipm_props_print (a, FALSE);
      a_canon = ipm_props_ruleset (a_print);
      CU_ASSERT_TRUE_FATAL (ipm_diff (out, a, a_canon, &options, &different, NULL));
      CU_ASSERT_FALSE (different);
      CU_ASSERT_EQUAL (out->len, 0);
      /* one change: different exactly when the canonical forms differ */
      g_string_truncate (out, 0);
      CU_ASSERT_TRUE_FATAL (ipm_diff (out, a, b, &options, &different, NULL));
      a_zero = ipm_props_print (a, TRUE);
      b_zero = ipm_props_print (b, TRUE);
      if (different != (strcmp (a_zero, b_zero) != 0) || different != (out->len > 0))
        g_printerr ("props: seed %u, change '%s': different=%d, canonical %s, output %zu bytes\n",
                    300 + k, what, different, strcmp (a_zero, b_zero) != 0 ? "differs" : "equal",
                    out->len);
      CU_ASSERT_EQUAL (different, strcmp (a_zero, b_zero) != 0);
      CU_ASSERT_EQUAL (different, out->len > 0);
      if (strcmp (what, "counters") == 0)
        CU_ASSERT_FALSE (different);
      if (strcmp (what, "changed") == 0 || strcmp (what, "chain added") == 0)
        CU_ASSERT_TRUE (different);
    }
  /* every kind of change was drawn */
  CU_ASSERT_TRUE (g_hash_table_size (kinds) >= 6);
}

static const CU_TestInfo ipm_props_tests[] = {
  { "generated: canonical is a fixed point", test_canonical_fixed_point },
  { "generated: merge keeps host rules, is idempotent", test_merge_keeps_host_and_is_idempotent },
  { "generated: diff empty iff canonical equal", test_diff_empty_iff_equal },
  CU_TEST_INFO_NULL,
};

CU_ErrorCode
ipm_test_add_props (void)
{
  return ipm_test_add_suite ("props", ipm_props_tests);
}

/* Suite for src/ruleset.c */
#include "config.h"

#include <string.h>

#include "ruleset.h"
#include "suites.h"

static void
test_builtin_chains (void)
{
  g_autoptr(IpmRuleset) rs = ipm_ruleset_new ();
  IpmTable *nat = ipm_ruleset_ensure_table (rs, "nat", NULL);

  CU_ASSERT_EQUAL (nat->chains->len, 4);
  CU_ASSERT_STRING_EQUAL (((IpmChain *) g_ptr_array_index (nat->chains, 3))->name,
                          "POSTROUTING");
  CU_ASSERT_TRUE (ipm_chain_is_builtin ("raw", "PREROUTING"));
  CU_ASSERT_FALSE (ipm_chain_is_builtin ("raw", "INPUT"));
  CU_ASSERT_FALSE (ipm_table_name_known ("broute"));
  CU_ASSERT_PTR_EQUAL (ipm_ruleset_ensure_table (rs, "nat", NULL), nat);
}

static void
test_save_order (void)
{
  g_autoptr(IpmRuleset) rs = ipm_ruleset_new ();
  IpmTable *filter = ipm_ruleset_ensure_table (rs, "filter", NULL);
  g_autoptr(GPtrArray) order = NULL;
  const char *expected[] = { "INPUT", "FORWARD", "OUTPUT", "DOCKER",
                             "DOCKER-USER", "KUBE-FIREWALL" };

  ipm_table_ensure_chain (filter, "KUBE-FIREWALL", NULL);
  ipm_table_ensure_chain (filter, "DOCKER-USER", NULL);
  ipm_table_ensure_chain (filter, "DOCKER", NULL);
  order = ipm_table_chains_in_save_order (filter);
  CU_ASSERT_EQUAL_FATAL (order->len, G_N_ELEMENTS (expected));
  for (guint i = 0; i < order->len; i++)
    CU_ASSERT_STRING_EQUAL (((IpmChain *) g_ptr_array_index (order, i))->name,
                            expected[i]);
}

static void
test_rule_equality (void)
{
  g_autoptr(IpmRule) a = ipm_rule_new ("-j ACCEPT");
  g_autoptr(IpmRule) b = ipm_rule_new ("-j ACCEPT");
  g_autoptr(IpmRule) c = ipm_rule_new ("-j DROP");

  CU_ASSERT_TRUE (ipm_rule_equal (a, b));
  CU_ASSERT_FALSE (ipm_rule_equal (a, c));
}

static void
test_rename_and_remove (void)
{
  g_autoptr(IpmRuleset) rs = ipm_ruleset_new ();
  IpmTable *t = ipm_ruleset_ensure_table (rs, "filter", NULL);
  IpmChain *c = ipm_table_ensure_chain (t, "OLD", NULL);

  ipm_table_rename_chain (t, c, "NEW");
  CU_ASSERT_PTR_NULL (ipm_table_lookup_chain (t, "OLD"));
  CU_ASSERT_PTR_EQUAL (ipm_table_lookup_chain (t, "NEW"), c);
  ipm_table_remove_chain (t, c);
  CU_ASSERT_PTR_NULL (ipm_table_lookup_chain (t, "NEW"));
  CU_ASSERT_EQUAL (t->chains->len, 3);
}

/* The chain index (open addressing, backward-shift deletion) against a
 * plain set of names, through thousands of adds, removes and renames,
 * including names longer than a slot holds. */
static void
test_chain_index_model (void)
{
  g_autoptr(IpmRuleset) rs = ipm_ruleset_new ();
  IpmTable *t = ipm_ruleset_ensure_table (rs, "nat", NULL);
  g_autoptr(GHashTable) model = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                        g_free, NULL);
  GRand *rand = g_rand_new_with_seed (7);

  for (guint step = 0; step < 20000; step++)
    {
      guint n = g_rand_int_range (rand, 0, 3000);
      g_autofree char *name = n % 97 == 0
        ? g_strdup_printf ("A-NAME-LONGER-THAN-ANY-SLOT-OF-THE-INDEX-HOLDS-%u", n)
        : g_strdup_printf ("KUBE-SEP-%u", n);
      IpmChain *c = ipm_table_lookup_chain (t, name);
      guint op = g_rand_int_range (rand, 0, 4);

      CU_ASSERT_EQUAL_FATAL (c != NULL, g_hash_table_contains (model, name));
      CU_ASSERT_EQUAL (ipm_table_has_chain (t, name), c != NULL);
      if (c == NULL && op < 2)
        {
          c = ipm_table_ensure_chain (t, name, NULL);
          CU_ASSERT_STRING_EQUAL (c->name, name);
          g_hash_table_add (model, g_strdup (name));
        }
      else if (c != NULL && op == 2)
        {
          ipm_table_remove_chain (t, c);
          g_hash_table_remove (model, name);
        }
      else if (c != NULL && op == 3)
        {
          g_autofree char *to = g_strdup_printf ("R-%u-%u", n, step);

          ipm_table_rename_chain (t, c, to);
          g_hash_table_remove (model, name);
          g_hash_table_add (model, g_strdup (to));
          CU_ASSERT_PTR_EQUAL (ipm_table_lookup_chain (t, to), c);
        }
    }
  /* every chain of the table is found under its name, and nothing else */
  for (guint i = 0; i < t->chains->len; i++)
    {
      IpmChain *c = g_ptr_array_index (t->chains, i);

      CU_ASSERT_PTR_EQUAL (ipm_table_lookup_chain (t, c->name), c);
      CU_ASSERT (c->builtin || g_hash_table_contains (model, c->name));
    }
  CU_ASSERT_EQUAL (t->chains->len, g_hash_table_size (model) + 4);
  g_rand_free (rand);
}

/* Chains added in sorted order are indexed later, in one pass, when the
 * first lookup comes; out of order (or after a lookup) they are refused
 * and go the usual way.  Checked against a model as above. */
static void
test_chain_add_in_order (void)
{
  GRand *rand = g_rand_new_with_seed (11);

  for (guint round = 0; round < 200; round++)
    {
      g_autoptr(IpmRuleset) rs = ipm_ruleset_new ();
      IpmTable *t = ipm_ruleset_ensure_table (rs, "filter", NULL);
      g_autoptr(GHashTable) model = g_hash_table_new_full (g_str_hash,
                                                            g_str_equal,
                                                            g_free, NULL);
      guint n = g_rand_int_range (rand, 0, 400);
      guint last = 0;

      for (guint i = 0; i < n; i++)
        {
          /* mostly increasing, sometimes equal or smaller */
          guint v = g_rand_int_range (rand, 0, 10) == 0
            ? (guint) g_rand_int_range (rand, 0, last + 1)
            : last + 1 + (guint) g_rand_int_range (rand, 0, 3);
          g_autofree char *name = g_strdup_printf ("C%06u", v);
          IpmChain *c = ipm_table_add_chain_in_order (t, name, NULL);

          if (c == NULL)
            c = ipm_table_ensure_chain (t, name, NULL);
          else
            CU_ASSERT_FALSE (g_hash_table_contains (model, name));
          CU_ASSERT_STRING_EQUAL (c->name, name);
          g_hash_table_add (model, g_strdup (name));
          last = MAX (last, v);
          /* a lookup now and then: later chains go the usual way */
          if (g_rand_int_range (rand, 0, 50) == 0)
            CU_ASSERT_PTR_EQUAL (ipm_table_lookup_chain (t, name), c);
          CU_ASSERT_PTR_NULL (ipm_table_add_chain_in_order (t, "INPUT", NULL));
        }
      CU_ASSERT_EQUAL (t->chains->len, g_hash_table_size (model) + 3);
      for (guint i = 0; i < t->chains->len; i++)
        {
          IpmChain *c = g_ptr_array_index (t->chains, i);

          CU_ASSERT_PTR_EQUAL (ipm_table_lookup_chain (t, c->name), c);
        }
      CU_ASSERT_PTR_NULL (ipm_table_lookup_chain (t, "C999999"));
    }
  g_rand_free (rand);
}

/* The merge's final jump check asks whether a name was a chain once. */
static void
test_had_chain (void)
{
  g_autoptr(IpmRuleset) rs = ipm_ruleset_new ();
  IpmTable *t = ipm_ruleset_ensure_table (rs, "filter", NULL);
  IpmChain *a = ipm_table_ensure_chain (t, "A", NULL);
  IpmChain *b = ipm_table_ensure_chain (t, "B", NULL);

  CU_ASSERT_FALSE (ipm_table_had_chain (t, "A"));
  ipm_table_remove_chain (t, a);
  CU_ASSERT_TRUE (ipm_table_had_chain (t, "A"));
  ipm_table_rename_chain (t, b, "C");
  CU_ASSERT_TRUE (ipm_table_had_chain (t, "B"));
  CU_ASSERT_FALSE (ipm_table_had_chain (t, "C"));
  /* a name in use again is not a lost chain */
  ipm_table_ensure_chain (t, "A", NULL);
  CU_ASSERT_FALSE (ipm_table_had_chain (t, "A"));
  ipm_table_forget_gone (t);
  CU_ASSERT_FALSE (ipm_table_had_chain (t, "B"));
}

/* The next declared chains are found without a lookup; a position that
 * is no longer right gives NULL, never a wrong chain. */
static void
test_chain_after (void)
{
  g_autoptr(IpmRuleset) rs = ipm_ruleset_new ();
  IpmTable *t = ipm_ruleset_ensure_table (rs, "filter", NULL);
  IpmChain *input = ipm_table_lookup_chain (t, "INPUT");
  IpmChain *a = ipm_table_ensure_chain (t, "A", NULL);
  IpmChain *b = ipm_table_ensure_chain (t, "B", NULL);
  IpmChain *f;

  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *name = g_strdup_printf ("E%u", i);

      ipm_table_ensure_chain (t, name, NULL);
    }
  f = ipm_table_ensure_chain (t, "F", NULL);
  CU_ASSERT_PTR_EQUAL (ipm_table_chain_after (t, a, "B", 1), b);
  CU_ASSERT_PTR_NULL (ipm_table_chain_after (t, b, "A", 1));          /* before */
  CU_ASSERT_PTR_NULL (ipm_table_chain_after (t, b, "F", 1));          /* too far */
  CU_ASSERT_PTR_NULL (ipm_table_chain_after (t, a, "NONE", 4));
  CU_ASSERT_PTR_EQUAL (ipm_table_lookup_chain (t, "F"), f);
  /* after the built-ins (INPUT, FORWARD, OUTPUT) come the user chains */
  CU_ASSERT_PTR_EQUAL (ipm_table_chain_after (t, input, "A", 1), a);
  ipm_table_remove_chain (t, a);
  CU_ASSERT_PTR_NULL (ipm_table_chain_after (t, b, "E0", 2));
  ipm_table_prefetch_chain (t, "B");
}

/* ORDER is TABLE's chains in save order: the built-ins as the table has
 * them, then every user chain once, by name. */
static void
ipm_test_check_save_order (const IpmTable *table, const GPtrArray *order)
{
  CU_ASSERT_EQUAL_FATAL (order->len, table->chains->len);
  for (guint i = 0; i < order->len; i++)
    {
      const IpmChain *c = g_ptr_array_index (order, i);

      if (i < table->n_builtin)
        {
          CU_ASSERT_PTR_EQUAL (c, g_ptr_array_index (table->chains, i));
        }
      else
        {
          CU_ASSERT_FALSE (c->builtin);
          if (i > table->n_builtin)
            CU_ASSERT_TRUE (strcmp (((const IpmChain *)
                                     g_ptr_array_index (order, i - 1))->name,
                                    c->name) < 0);
        }
    }
}

/* The save order after declarations in order, chains appended out of
 * order (as a merge appends), removed and renamed: the table's count of
 * chains still in order stays right. */
static void
test_save_order_changes (void)
{
  g_autoptr(IpmRuleset) rs = ipm_ruleset_new ();
  IpmTable *t = ipm_ruleset_ensure_table (rs, "nat", NULL);
  GRand *rand = g_rand_new_with_seed (11);

  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *name = g_strdup_printf ("KUBE-SVC-%04u", i * 5);

      CU_ASSERT_PTR_NOT_NULL (ipm_table_add_chain_in_order (t, name, NULL));
    }
  for (guint step = 0; step < 600; step++)
    {
      guint n = g_rand_int_range (rand, 0, 1000);
      g_autofree char *name = g_strdup_printf ("KUBE-SVC-%04u", n);
      IpmChain *c = ipm_table_lookup_chain (t, name);
      guint op = g_rand_int_range (rand, 0, 3);
      g_autoptr(GPtrArray) order = NULL;

      if (c == NULL)
        ipm_table_ensure_chain (t, name, NULL);
      else if (op == 0)
        ipm_table_remove_chain (t, c);
      else if (op == 1 && step % 50 == 0)
        {
          g_autofree char *to = g_strdup_printf ("DOCKER-%u", step);

          ipm_table_rename_chain (t, c, to);
        }
      CU_ASSERT_TRUE (t->n_sorted <= t->chains->len);
      order = ipm_table_chains_in_save_order (t);
      ipm_test_check_save_order (t, order);
    }
  g_rand_free (rand);
}

static const CU_TestInfo ipm_ruleset_tests[] = {
  { "built-in chains in kernel order", test_builtin_chains },
  { "iptables-save chain order", test_save_order },
  { "save order through appends, removals, renames", test_save_order_changes },
  { "rule equality on canonical text", test_rule_equality },
  { "rename and remove chains", test_rename_and_remove },
  { "chain index against a model", test_chain_index_model },
  { "chains added in sorted order, indexed later", test_chain_add_in_order },
  { "chains removed or renamed away", test_had_chain },
  { "the chain declared next, without a lookup", test_chain_after },
  CU_TEST_INFO_NULL,
};

CU_ErrorCode
ipm_test_add_ruleset (void)
{
  return ipm_test_add_suite ("ruleset", ipm_ruleset_tests);
}

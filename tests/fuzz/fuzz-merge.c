/* Fuzz: host and layer from one input (split at a "%%" line), merge,
 * and check that every host rule survives (layers here never delete: the
 * harness drops inputs whose layer has -D/-F/-X/-R/-E) and that merging
 * the same layer again changes nothing; --delta is computed for it, and the
 * delta of the result against itself is empty. */
#include "config.h"

#include "delta.h"
#include "fuzz.h"
#include "merge.h"

static gboolean
ipm_fuzz_has_deletions (const IpmScript *layer)
{
  for (guint t = 0; t < layer->tables->len; t++)
    {
      const IpmScriptTable *st = g_ptr_array_index (layer->tables, t);

      for (guint c = 0; c < st->cmds->len; c++)
        switch (((const IpmCmd *) g_ptr_array_index (st->cmds, c))->kind)
          {
          case IPM_CMD_DELETE: case IPM_CMD_REPLACE: case IPM_CMD_FLUSH:
          case IPM_CMD_DELETE_CHAIN: case IPM_CMD_RENAME:
            return TRUE;
          default:
            break;
          }
    }
  return FALSE;
}

static gboolean
ipm_fuzz_contains_all (const IpmRuleset *big, const IpmRuleset *small)
{
  for (guint t = 0; t < small->tables->len; t++)
    {
      const IpmTable *st = g_ptr_array_index (small->tables, t);
      const IpmTable *bt = ipm_ruleset_lookup_table (big, st->name);

      if (bt == NULL)
        return FALSE;
      for (guint c = 0; c < st->chains->len; c++)
        {
          const IpmChain *sc = g_ptr_array_index (st->chains, c);
          const IpmChain *bc = ipm_table_lookup_chain (bt, sc->name);
          g_autoptr(GHashTable) count = g_hash_table_new (g_str_hash, g_str_equal);
          g_autoptr(GPtrArray) b_rules = NULL;
          g_autoptr(GPtrArray) s_rules = NULL;

          if (bc == NULL)
            return FALSE;
          b_rules = ipm_chain_rules_read (bc);
          s_rules = ipm_chain_rules_read (sc);
          /* multiset inclusion: duplicates in the host must survive too */
          for (guint r = 0; r < b_rules->len; r++)
            {
              const char *text = ((IpmRule *) g_ptr_array_index (b_rules, r))->text;
              g_hash_table_insert (count, (gpointer) text,
                                   GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (count, text)) + 1));
            }
          for (guint r = 0; r < s_rules->len; r++)
            {
              const char *text = ((IpmRule *) g_ptr_array_index (s_rules, r))->text;
              guint n = GPOINTER_TO_UINT (g_hash_table_lookup (count, text));

              if (n == 0)
                return FALSE;
              g_hash_table_insert (count, (gpointer) text, GUINT_TO_POINTER (n - 1));
            }
        }
    }
  return TRUE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const char *a, *b;
  size_t alen, blen;
  g_autoptr(IpmRuleset) host = NULL;
  g_autoptr(IpmRuleset) original = NULL;
  g_autoptr(IpmScript) layer = NULL;
  g_autoptr(GPtrArray) layers = g_ptr_array_new ();
  g_autoptr(IpmDiags) diags = ipm_diags_new ();
  g_autoptr(IpmInput) input = NULL;
  IpmParseOptions options = {
    .family = IPM_FAMILY_IPV4, .allow_invalid_utf8 = TRUE,
  };
  IpmMergeOptions merge = { 0 };
  g_autofree char *once = NULL;
  g_autofree char *twice = NULL;

  ipm_fuzz_split (data, size, &a, &alen, &b, &blen);
  host = ipm_fuzz_ruleset ("host", a, alen, FALSE, NULL);
  original = ipm_fuzz_ruleset ("host", a, alen, FALSE, NULL);
  if (host == NULL)
    return 0;
  input = ipm_input_new_from_data ("layer", b, blen);
  layer = ipm_parse (input, &options, diags, NULL);
  if (layer == NULL || ipm_fuzz_has_deletions (layer))
    return 0;
  g_ptr_array_add (layers, layer);
  if (!ipm_merge (host, layers, &merge, diags, NULL))
    return 0;
  if (!ipm_fuzz_contains_all (host, original))
    abort ();   /* a host rule was lost */
  once = ipm_fuzz_print (host);
  /* the --delta of this merge is computed, and the delta of the result
   * against itself is empty */
  {
    g_autoptr(GString) delta = g_string_new (NULL);

    if (!ipm_delta_print (delta, original, host, NULL))
      abort ();
    g_string_truncate (delta, 0);
    if (!ipm_delta_print (delta, host, host, NULL) || delta->len != 0)
      abort ();
  }
  g_clear_pointer (&diags, ipm_diags_free);
  diags = ipm_diags_new ();
  if (!ipm_merge (host, layers, &merge, diags, NULL))
    abort ();   /* merging again must succeed */
  twice = ipm_fuzz_print (host);
  if (strcmp (once, twice) != 0)
    abort ();   /* merge is not idempotent */
  return 0;
}

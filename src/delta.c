/* delta: the --noflush patch (see delta.h). */
#include "config.h"

#include <string.h>

#include "align.h"
#include "delta.h"
#include "diag.h"

/* "CMD CHAIN [N] [spec]\n" */
static void
ipm_delta_rule (GString *out, const char *cmd, const char *chain, guint index,
                const IpmRule *rule)
{
  g_string_append_printf (out, "%s %s", cmd, chain);
  if (index > 0)
    g_string_append_printf (out, " %u", index);
  if (rule != NULL && rule->text[0] != '\0')
    {
      g_string_append_c (out, ' ');
      g_string_append (out, rule->text);
    }
  g_string_append_c (out, '\n');
}

guint
ipm_delta_align_chain (const GPtrArray *before, const GPtrArray *after,
                       gboolean *kept_before, gboolean *kept_after)
{
  g_autoptr(GArray) pairs = ipm_align_common (before, after);

  for (guint i = 0; i < pairs->len; i++)
    {
      const IpmAlignPair *p = &g_array_index (pairs, IpmAlignPair, i);

      kept_before[p->a] = TRUE;
      kept_after[p->b] = TRUE;
    }
  return pairs->len;
}

/* Appends the -D lines of BEFORE's rules that AFTER lacks and the -I/-A
 * lines of AFTER's rules that BEFORE lacks.  Deletions go first, so that
 * when insertions are made in AFTER's order the chain's first I rules are
 * always AFTER's first I rules: rule I+1 is inserted as number I+1. */
static void
ipm_delta_chain (GString *dels, GString *adds, const char *name,
                 const GPtrArray *before, const GPtrArray *after)
{
  static const GPtrArray empty = { 0 };
  g_autofree gboolean *kept_before = NULL;
  g_autofree gboolean *kept_after = NULL;
  g_autoptr(GHashTable) kept_seen = NULL;
  guint len = 0, deleted = 0;

  if (before == NULL)
    before = &empty;
  /* the common case, a chain the merge left as it was: nothing to say */
  if (ipm_rules_equal (before, after))
    return;
  kept_before = g_new0 (gboolean, before->len + 1);
  kept_after = g_new0 (gboolean, after->len + 1);
  len = ipm_delta_align_chain (before, after, kept_before, kept_after);
  /* -D by spec deletes the first equal rule: right unless an equal rule
   * before it stays, then only its number says which one */
  kept_seen = g_hash_table_new (ipm_align_rule_hash, ipm_align_rule_equal);
  for (guint i = 0; i < before->len; i++)
    {
      IpmRule *rule = g_ptr_array_index (before, i);

      if (kept_before[i])
        g_hash_table_add (kept_seen, rule);
      else
        {
          if (g_hash_table_contains (kept_seen, rule))
            ipm_delta_rule (dels, "-D", name, i + 1 - deleted, NULL);
          else
            ipm_delta_rule (dels, "-D", name, 0, rule);
          deleted++;
        }
    }
  for (guint i = 0; i < after->len; i++)
    {
      if (kept_after[i])
        continue;
      /* rules 1..i are in place; the chain has LEN rules */
      ipm_delta_rule (adds, i == len ? "-A" : "-I", name, i == len ? 0 : i + 1,
                      g_ptr_array_index (after, i));
      len++;
    }
}

/* The chain of BEFORE that CHAIN was copied from, when it is still one of
 * BEFORE's chains (compared as a pointer first, so a stale origin is never
 * followed) and has CHAIN's name: the chain a lookup would find.  Else
 * NULL. */
static const IpmChain *
ipm_delta_origin (const IpmTable *before, const IpmChain *chain)
{
  if (chain->origin == NULL || chain->origin_pos >= before->chains->len
      || g_ptr_array_index (before->chains, chain->origin_pos) != chain->origin
      || strcmp (chain->origin->name, chain->name) != 0)
    return NULL;
  return chain->origin;
}

/* The guard of a table's patch: a -C line of a host rule, which holds under
 * --noflush and fails once iptables-restore has flushed the table, so that
 * the patch loaded without --noflush is refused (and nothing is changed:
 * both backends commit a table only at its COMMIT, and abort on a failed
 * line) instead of replacing the table with the patch's few rules.  The
 * shortest rule of a built-in chain (those chains never go away and a short
 * rule is the one iptables compares most surely), else of the first user
 * chain with rules.  None when the host table has no rule: a flush then
 * loses at most empty user chains. */
/* A rule whose saved text stands for more than one kernel rule, so that a
 * -C of that text may fail even on the host it came from (found by
 * tests/kernel/differential.sh): recent and connlimit save their defaults
 * whether they were given or not, and -C compares the defaults given. */
static gboolean
ipm_delta_guard_ambiguous (const IpmRule *rule)
{
  return strstr (rule->text, "-m recent ") != NULL
    || strstr (rule->text, "-m connlimit ") != NULL;
}

static void
ipm_delta_guard (GString *out, const IpmTable *before)
{
  g_autoptr(IpmRule) best = NULL;
  const char *best_chain = NULL;

  for (guint pass = 0; pass < 2 && best == NULL; pass++)
    for (guint c = 0; before != NULL && c < before->chains->len; c++)
      {
        const IpmChain *chain = g_ptr_array_index (before->chains, c);
        g_autoptr(GPtrArray) rules = NULL;

        if (chain->builtin != (pass == 0) || ipm_chain_n_rules (chain) == 0)
          continue;
        rules = ipm_chain_rules_read (chain);
        for (guint r = 0; r < rules->len; r++)
          {
            IpmRule *rule = g_ptr_array_index (rules, r);

            if (ipm_delta_guard_ambiguous (rule))
              continue;
            if (best == NULL || rule->text_len < best->text_len)
              {
                g_clear_pointer (&best, ipm_rule_unref);
                best = ipm_rule_ref (rule);
                best_chain = chain->name;
              }
          }
        if (pass == 1 && best != NULL)
          break;
      }
  if (best != NULL)
    ipm_delta_rule (out, "-C", best_chain, 0, best);
}

static void
ipm_delta_table (GString *out, const IpmTable *before, const IpmTable *after)
{
  g_autoptr(GString) decls = g_string_new (NULL);
  g_autoptr(GString) policies = g_string_new (NULL);
  g_autoptr(GString) dels = g_string_new (NULL);
  g_autoptr(GString) adds = g_string_new (NULL);
  g_autoptr(GString) drops = g_string_new (NULL);
  g_autoptr(GPtrArray) order = ipm_table_chains_in_save_order (after);
  guint n_origins = 0;      /* chains of BEFORE matched through origin */

  for (guint c = 0; c < order->len; c++)
    {
      const IpmChain *chain = g_ptr_array_index (order, c);
      const IpmChain *old = NULL;

      if (before != NULL && (old = ipm_delta_origin (before, chain)) != NULL)
        n_origins++;
      else if (before != NULL)
        {
          /* each lookup is a cache miss: start the one eight chains
           * ahead */
          if (c + 8 < order->len)
            ipm_table_prefetch_chain (before, ((const IpmChain *)
                                               g_ptr_array_index (order, c + 8))->name);
          old = ipm_table_lookup_chain (before, chain->name);
        }

      if (chain->builtin && old == NULL)
        /* a table the host lacked: declare its built-ins (nft creates the
         * table and chains then, legacy sets the policy) */
        g_string_append_printf (decls, ":%s %s [0:0]\n", chain->name,
                                chain->policy);
      else if (chain->builtin && strcmp (old->policy, chain->policy) != 0)
        g_string_append_printf (policies, "-P %s %s\n", chain->name,
                                chain->policy);
      else if (old == NULL)
        g_string_append_printf (decls, ":%s - [0:0]\n", chain->name);
      /* a chain the merge left alone is still the host's lines */
      if (old != NULL && ipm_chain_spans_equal (old, chain))
        continue;
      {
        g_autoptr(GPtrArray) old_rules = old != NULL
          ? ipm_chain_rules_read (old) : NULL;
        g_autoptr(GPtrArray) new_rules = ipm_chain_rules_read (chain);

        ipm_delta_chain (dels, adds, chain->name, old_rules, new_rules);
      }
    }
  /* the chains of BEFORE matched through origin are distinct and in AFTER
   * under their names: when they are all of them, none is gone */
  if (before != NULL && n_origins < before->chains->len)
    {
      g_autoptr(GPtrArray) old_order = ipm_table_chains_in_save_order (before);

      for (guint c = 0; c < old_order->len; c++)
        {
          const IpmChain *old = g_ptr_array_index (old_order, c);

          if (c + 8 < old_order->len)
            ipm_table_prefetch_chain (after, ((const IpmChain *)
                                              g_ptr_array_index (old_order, c + 8))->name);
          if (old->builtin || ipm_table_lookup_chain (after, old->name) != NULL)
            continue;
          /* under --noflush this flushes the chain, as -X requires; jumps
           * to it are among the -D lines */
          g_string_append_printf (decls, ":%s - [0:0]\n", old->name);
          g_string_append_printf (drops, "-X %s\n", old->name);
        }
    }
  if (decls->len + policies->len + dels->len + adds->len + drops->len == 0)
    return;
  g_string_append_printf (out, "*%s\n", after->name);
  ipm_delta_guard (out, before);
  g_string_append_len (out, decls->str, decls->len);
  g_string_append_len (out, policies->str, policies->len);
  g_string_append_len (out, dels->str, dels->len);
  g_string_append_len (out, adds->str, adds->len);
  g_string_append_len (out, drops->str, drops->len);
  g_string_append (out, "COMMIT\n");
}

gboolean
ipm_delta_print (GString *out, const IpmRuleset *before,
                 const IpmRuleset *after, GError **error)
{
  for (guint t = 0; t < after->tables->len; t++)
    {
      const IpmTable *table = g_ptr_array_index (after->tables, t);

      ipm_delta_table (out, ipm_ruleset_lookup_table (before, table->name),
                       table);
    }
  /* a merge never removes a table; say so rather than print a wrong patch */
  for (guint t = 0; t < before->tables->len; t++)
    {
      const IpmTable *table = g_ptr_array_index (before->tables, t);

      if (ipm_ruleset_lookup_table (after, table->name) == NULL)
        {
          g_set_error (error, IPM_ERROR, IPM_ERROR_INVALID,
                       "--delta: table %s would disappear, which no "
                       "--noflush patch can express", table->name);
          return FALSE;
        }
    }
  return TRUE;
}

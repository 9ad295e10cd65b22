/* check: findings that need the whole ruleset. */
#include "config.h"

#include <string.h>

#include "check.h"
#include "reach.h"

/* Column of the first word after "-A CHAIN" on a rule's line, so that the
 * caret points at the rule rather than at the command. */
static guint
ipm_check_rule_col (const IpmLine *line)
{
  const char *p = line->text;
  guint words = 0;

  if (*p == '[')
    {
      p = strchr (p, ' ');
      if (p == NULL)
        return 1;
      p++;
    }
  while (*p != '\0' && words < 2)
    {
      while (*p != '\0' && *p != ' ' && *p != '\t')
        p++;
      while (*p == ' ' || *p == '\t')
        p++;
      words++;
    }
  return *p != '\0' ? (guint) (p - line->text) + 1 : 1;
}

static void
ipm_check_chain (const IpmScript *script, const IpmTable *table,
                 const IpmChain *chain, IpmDiags *diags)
{
  /* the first rule of each text, for chains too long to scan (most
   * chains of a large dump hold two or three rules) */
  const GPtrArray *rules = ipm_chain_rules (chain);
  g_autoptr(GHashTable) seen = rules->len > 8
    ? g_hash_table_new (ipm_str_hash, g_str_equal) : NULL;
  guint dead = ipm_reach_dead_point (rules);
  g_autofree char *dead_does = dead < rules->len
    ? ipm_reach_describe (g_ptr_array_index (rules, dead)) : NULL;

  for (guint r = 0; r < rules->len; r++)
    {
      const IpmRule *rule = g_ptr_array_index (rules, r);
      const IpmRule *first;
      const char *bad;
      IpmLine line;

      ipm_script_line (script, rule->loc.lineno, &line);
      /* Only reached with --allow-invalid-utf8 (the parser refuses such
       * bytes otherwise): still worth a finding. */
      if (!g_utf8_validate (line.text, line.len, &bad))
        ipm_diags_warning (diags, &line, (guint) (bad - line.text) + 1,
                           "byte 0x%02x is not valid UTF-8 (in a comment or "
                           "log prefix?); the kernel keeps it, but editors "
                           "and other tools may not",
                           (unsigned char) *bad);
      if (r > dead)
        ipm_diags_warning (diags, &line, ipm_check_rule_col (&line),
                           "rule %u of chain %s in table %s is never "
                           "reached: the rule at line %u %s first; move "
                           "this rule above it or remove it",
                           r + 1, chain->name, table->name,
                           ((const IpmRule *) g_ptr_array_index (rules,
                                                                 dead))->loc.lineno,
                           dead_does);
      if (seen != NULL)
        first = g_hash_table_lookup (seen, rule->text);
      else
        {
          /* the first equal rule: an earlier one, or this one */
          gint at = ipm_chain_find_rule (chain, rule);

          first = at >= 0 && (guint) at < r
            ? g_ptr_array_index (rules, at) : NULL;
        }
      if (first != NULL)
        ipm_diags_warning (diags, &line, ipm_check_rule_col (&line),
                           "duplicate of the rule at line %u in chain %s; "
                           "remove one of them", first->loc.lineno,
                           chain->name);
      else if (seen != NULL)
        g_hash_table_insert (seen, rule->text, (gpointer) rule);
    }
}

void
ipm_check_ruleset (const IpmScript *script, const IpmRuleset *rs,
                   IpmDiags *diags)
{
  for (guint t = 0; t < rs->tables->len; t++)
    {
      const IpmTable *table = g_ptr_array_index (rs->tables, t);
      g_autoptr(GPtrArray) order = ipm_table_chains_in_save_order (table);
      g_autoptr(GHashTable) used = g_hash_table_new (ipm_str_hash, g_str_equal);

      /* one pass for the references: kube-proxy has tens of thousands of
       * chains */
      for (guint c = 0; c < order->len; c++)
        {
          const GPtrArray *rules =
            ipm_chain_rules (g_ptr_array_index (order, c));

          for (guint r = 0; r < rules->len; r++)
            {
              const IpmRule *rule = g_ptr_array_index (rules, r);

              if (rule->target_is_chain)
                g_hash_table_add (used, rule->target);
            }
        }

      for (guint c = 0; c < order->len; c++)
        {
          const IpmChain *chain = g_ptr_array_index (order, c);

          ipm_check_chain (script, table, chain, diags);
          if (!chain->builtin && !g_hash_table_contains (used, chain->name))
            {
              IpmLine line;

              ipm_script_line (script, chain->loc.lineno, &line);
              ipm_diags_warning (diags, &line, 1,
                                 "user chain %s in table %s is never used: "
                                 "no rule jumps or goes to it", chain->name,
                                 table->name);
            }
        }
    }
}

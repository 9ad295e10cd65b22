/* drop: --drop (see drop.h). */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "drop.h"
#include "merge.h"
#include "regex.h"

static void
ipm_drop_note (const IpmDropOptions *options, const IpmLoc *loc,
               const char *format, ...) G_GNUC_PRINTF (3, 4);

static void
ipm_drop_note (const IpmDropOptions *options, const IpmLoc *loc,
               const char *format, ...)
{
  va_list ap;

  if (!options->verbose || options->notes == NULL)
    return;
  g_string_append (options->notes, "ipmerge: ");
  if (loc != NULL && loc->file != NULL)
    g_string_append_printf (options->notes, "%s:%u:1: ", loc->file,
                            loc->lineno);
  g_string_append (options->notes, "note: --drop: ");
  va_start (ap, format);
  g_string_append_vprintf (options->notes, format, ap);
  va_end (ap);
  g_string_append_c (options->notes, '\n');
}

static void
ipm_drop_record (const IpmDropOptions *options, const IpmTable *table,
                 const IpmChain *chain, IpmRule *rule, const IpmLoc *loc,
                 char *why)
{
  if (options->events == NULL)
    {
      g_free (why);
      return;
    }
  ipm_merge_event_add (options->events, IPM_MERGE_EVENT_DROPPED, table->name,
                       chain->name, rule, loc)->why = why;
}

/* The rules of CHAIN that stay; reports the others.  NULL: all stay. */
static GPtrArray *
ipm_drop_rules (const IpmDropOptions *options, const IpmRegexList *list,
                const IpmTable *table, const IpmChain *chain,
                GHashTable *dropped, GString *line)
{
  g_autoptr(GPtrArray) rules = ipm_chain_rules_read (chain);
  GPtrArray *kept = NULL;

  for (guint r = 0; r < rules->len; r++)
    {
      IpmRule *rule = g_ptr_array_index (rules, r);
      gboolean to_dropped = rule->target != NULL
        && g_hash_table_contains (dropped, rule->target);
      char *why;

      g_string_assign (line, "-A ");
      g_string_append (line, chain->name);
      if (rule->text[0] != '\0')
        {
          g_string_append_c (line, ' ');
          g_string_append (line, rule->text);
        }
      /* every line is matched, so that each pattern's hits are known */
      if (!ipm_regex_list_match (list, line->str) && !to_dropped)
        {
          if (kept != NULL)
            g_ptr_array_add (kept, ipm_rule_ref (rule));
          continue;
        }
      if (kept == NULL)
        {
          kept = g_ptr_array_new_full (rules->len,
                                       (GDestroyNotify) ipm_rule_unref);
          for (guint i = 0; i < r; i++)
            g_ptr_array_add (kept, ipm_rule_ref (g_ptr_array_index (rules, i)));
        }
      why = to_dropped
        ? g_strdup_printf ("it %s %s, a chain --drop removes",
                           rule->is_goto ? "goes to" : "jumps to",
                           rule->target)
        : g_strdup ("its line matches --drop");
      ipm_drop_note (options, &rule->loc, "'%s' removed from %s %s: %s",
                     line->str, table->name, chain->name, why);
      ipm_drop_record (options, table, chain, rule, &rule->loc, why);
    }
  return kept;
}

static void
ipm_drop_table (const IpmDropOptions *options, const IpmRegexList *list,
                IpmTable *table, GString *line)
{
  g_autoptr(GHashTable) dropped = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) gone = g_ptr_array_new ();

  for (guint c = 0; c < table->chains->len; c++)
    {
      IpmChain *chain = g_ptr_array_index (table->chains, c);

      if (!chain->builtin && ipm_regex_list_match (list, chain->name))
        {
          g_hash_table_add (dropped, chain->name);
          g_ptr_array_add (gone, chain);
        }
    }
  for (guint c = 0; c < table->chains->len; c++)
    {
      IpmChain *chain = g_ptr_array_index (table->chains, c);
      GPtrArray *kept;

      if (g_hash_table_contains (dropped, chain->name))
        continue;
      kept = ipm_drop_rules (options, list, table, chain, dropped, line);
      if (kept != NULL)
        ipm_chain_set_rules (chain, kept);
    }
  for (guint c = 0; c < gone->len; c++)
    {
      IpmChain *chain = g_ptr_array_index (gone, c);
      guint n = ipm_chain_n_rules (chain);
      char *why = n == 0
        ? g_strdup ("its name matches --drop")
        : g_strdup_printf ("its name matches --drop; its %u rule%s go%s "
                           "with it", n, n == 1 ? "" : "s",
                           n == 1 ? "es" : "");

      ipm_drop_note (options, &chain->loc, "chain %s removed from table %s: "
                     "%s", chain->name, table->name, why);
      ipm_drop_record (options, table, chain, NULL, &chain->loc, why);
    }
  /* names stay valid until here: DROPPED holds them */
  g_hash_table_remove_all (dropped);
  for (guint c = 0; c < gone->len; c++)
    ipm_table_remove_chain (table, g_ptr_array_index (gone, c));
}

gboolean
ipm_drop (IpmRuleset *host, const IpmDropOptions *options, IpmDiags *diags,
          GError **error)
{
  g_autoptr(IpmRegexList) list = NULL;
  g_autoptr(GString) line = g_string_new (NULL);
  const char *pattern;
  guint index = 0;

  if (options->patterns == NULL || options->patterns->len == 0)
    return TRUE;
  list = ipm_regex_list_new (options->patterns, "--drop", error);
  if (list == NULL)
    return FALSE;
  for (guint t = 0; t < host->tables->len; t++)
    ipm_drop_table (options, list, g_ptr_array_index (host->tables, t), line);
  /* as --take and --skip: a pattern that removes nothing is a typo, or
   * the wrong host */
  while ((pattern = ipm_regex_list_unused (list, &index)) != NULL)
    ipm_diags_add_at (diags, IPM_SEVERITY_WARNING, "", 0, 0,
                      "--drop '%s' matches no chain name and no '-A' line of "
                      "the host; check the pattern against the host's "
                      "canonical lines (iptables-save | ipmerge --canonical)",
                      pattern);
  return TRUE;
}

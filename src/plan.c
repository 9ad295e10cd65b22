/* plan: what a merge would do (see plan.h). */
#include "config.h"

#include <string.h>

#include "delta.h"
#include "diff.h"
#include "merge.h"
#include "plan.h"

typedef enum {
  IPM_PLAN_ADD_TABLE,
  IPM_PLAN_ADD_CHAIN,
  IPM_PLAN_DELETE_CHAIN,
  IPM_PLAN_POLICY,
  IPM_PLAN_ADD,
  IPM_PLAN_LEAVE,
  IPM_PLAN_DELETE,
} IpmPlanKind;

/* The names of the kinds, as the JSON document spells them. */
static const char *const ipm_plan_kind_names[] = {
  "add-table", "add-chain", "delete-chain", "policy", "add", "leave",
  "delete",
};

typedef struct {
  IpmPlanKind kind;
  const char *table;
  const char *chain;          /* NULL for a table */
  guint position;             /* rules: 1-based; 0 for the others */
  char *rule;                 /* "-A CHAIN spec", or NULL */
  guint n_rules;              /* delete-chain: the rules that go with it */
  const char *from, *to;      /* policy */
  const IpmMergeEvent *event; /* why, or NULL: not known */
  const char *why;            /* instead of EVENT's why, or NULL */
} IpmPlanItem;

typedef struct {
  GArray *items;              /* IpmPlanItem */
  /* the merge's records, by what they are about */
  GHashTable *added_by_rule;  /* IpmRule* placed -> event */
  GHashTable *present_by_rule;/* IpmRule* of the chain -> event */
  GHashTable *added_by_text;  /* "table\tchain\tspec" -> event */
  GHashTable *deleted_by_text;/* "table\tchain\tspec" -> event */
  GHashTable *by_chain;       /* "table\tchain" -> event */
  GString *key;
  guint n_add, n_delete, n_leave, n_chains_added, n_chains_deleted;
  guint n_policies, n_tables_added;
} IpmPlan;

static void
ipm_plan_item_clear (gpointer data)
{
  IpmPlanItem *item = data;

  g_free (item->rule);
}

static char *
ipm_plan_rule_line (const char *chain, const IpmRule *rule)
{
  return rule->text[0] != '\0'
    ? g_strdup_printf ("-A %s %s", chain, rule->text)
    : g_strdup_printf ("-A %s", chain);
}

/* KEY becomes "TABLE\tCHAIN" (and "\tSPEC" with RULE). */
static const char *
ipm_plan_key (IpmPlan *plan, const char *table, const char *chain,
              const IpmRule *rule)
{
  g_string_assign (plan->key, table);
  g_string_append_c (plan->key, '\t');
  g_string_append (plan->key, chain != NULL ? chain : "");
  if (rule != NULL)
    {
      g_string_append_c (plan->key, '\t');
      g_string_append (plan->key, rule->text);
    }
  return plan->key->str;
}

/* The first record of each thing wins: the one that made the change. */
static void
ipm_plan_index (GHashTable *by, gpointer key, const IpmMergeEvent *event,
                gboolean key_owned)
{
  if (g_hash_table_contains (by, key))
    {
      if (key_owned)
        g_free (key);
      return;
    }
  g_hash_table_insert (by, key, (gpointer) event);
}

static void
ipm_plan_index_events (IpmPlan *plan, const GPtrArray *events)
{
  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      const IpmMergeEvent *e = g_ptr_array_index (events, i);
      gboolean deletes = e->kind == IPM_MERGE_EVENT_DROPPED
        || (e->kind == IPM_MERGE_EVENT_COMMAND && e->command != NULL
            && strncmp (e->command, "-D", 2) == 0);

      if (e->table == NULL)
        continue;
      if (e->rule == NULL || e->kind == IPM_MERGE_EVENT_CHAIN)
        {
          ipm_plan_index (plan->by_chain,
                          g_strdup (ipm_plan_key (plan, e->table, e->chain,
                                                  NULL)), e, TRUE);
          continue;
        }
      if (e->chain == NULL)
        continue;
      if (e->kind == IPM_MERGE_EVENT_PRESENT)
        ipm_plan_index (plan->present_by_rule, e->rule, e, FALSE);
      else if (deletes)
        ipm_plan_index (plan->deleted_by_text,
                        g_strdup (ipm_plan_key (plan, e->table, e->chain,
                                                e->rule)), e, TRUE);
      else
        {
          ipm_plan_index (plan->added_by_rule, e->rule, e, FALSE);
          ipm_plan_index (plan->added_by_text,
                          g_strdup (ipm_plan_key (plan, e->table, e->chain,
                                                  e->rule)), e, TRUE);
        }
    }
}

static IpmPlanItem *
ipm_plan_add (IpmPlan *plan, IpmPlanKind kind, const char *table,
              const char *chain)
{
  IpmPlanItem item = { 0 };

  item.kind = kind;
  item.table = table;
  item.chain = chain;
  g_array_append_val (plan->items, item);
  return &g_array_index (plan->items, IpmPlanItem, plan->items->len - 1);
}

static void
ipm_plan_chain_rules (IpmPlan *plan, const char *table, const IpmChain *chain,
                      const IpmChain *old)
{
  static const GPtrArray empty = { 0 };
  g_autoptr(GPtrArray) after_rules = ipm_chain_rules_read (chain);
  g_autoptr(GPtrArray) before_rules = old != NULL
    ? ipm_chain_rules_read (old) : NULL;
  const GPtrArray *after = after_rules;
  const GPtrArray *before = before_rules != NULL ? before_rules : &empty;
  g_autofree gboolean *kept_before = g_new0 (gboolean, before->len + 1);
  g_autofree gboolean *kept_after = g_new0 (gboolean, after->len + 1);

  if (ipm_rules_equal (before, after))
    {
      for (guint i = 0; i < after->len; i++)
        kept_before[i] = kept_after[i] = TRUE;
    }
  else
    ipm_delta_align_chain (before, after, kept_before, kept_after);
  for (guint i = 0; i < before->len; i++)
    {
      const IpmRule *rule = g_ptr_array_index (before, i);
      IpmPlanItem *item;

      if (kept_before[i])
        continue;
      item = ipm_plan_add (plan, IPM_PLAN_DELETE, table, chain->name);
      item->position = i + 1;
      item->rule = ipm_plan_rule_line (chain->name, rule);
      item->event = g_hash_table_lookup (plan->deleted_by_text,
                                         ipm_plan_key (plan, table,
                                                       chain->name, rule));
      if (item->event == NULL)
        item->event = g_hash_table_lookup (plan->by_chain,
                                           ipm_plan_key (plan, table,
                                                         chain->name, NULL));
      plan->n_delete++;
    }
  for (guint i = 0; i < after->len; i++)
    {
      const IpmRule *rule = g_ptr_array_index (after, i);
      const IpmMergeEvent *event;
      IpmPlanItem *item;

      if (kept_after[i])
        {
          const char *why = NULL;

          event = g_hash_table_lookup (plan->present_by_rule, rule);
          /* a host rule --drop removed and a layer put back where it
           * was: nothing changes */
          if (event == NULL
              && (event = g_hash_table_lookup (plan->added_by_rule, rule)) != NULL)
            why = "removed by --drop and merged again from its layer, to "
                  "the same place: unchanged";
          if (event == NULL)
            continue;
          item = ipm_plan_add (plan, IPM_PLAN_LEAVE, table, chain->name);
          item->why = why;
          plan->n_leave++;
        }
      else
        {
          event = g_hash_table_lookup (plan->added_by_rule, rule);
          if (event == NULL)
            event = g_hash_table_lookup (plan->added_by_text,
                                         ipm_plan_key (plan, table,
                                                       chain->name, rule));
          item = ipm_plan_add (plan, IPM_PLAN_ADD, table, chain->name);
          plan->n_add++;
        }
      item->position = i + 1;
      item->rule = ipm_plan_rule_line (chain->name, rule);
      item->event = event;
    }
}

static void
ipm_plan_table (IpmPlan *plan, const IpmTable *before, const IpmTable *after)
{
  g_autoptr(GPtrArray) order = ipm_table_chains_in_save_order (after);

  if (before == NULL)
    {
      ipm_plan_add (plan, IPM_PLAN_ADD_TABLE, after->name, NULL);
      plan->n_tables_added++;
    }
  for (guint c = 0; c < order->len; c++)
    {
      const IpmChain *chain = g_ptr_array_index (order, c);
      const IpmChain *old = before != NULL
        ? ipm_table_lookup_chain (before, chain->name) : NULL;

      if (old == NULL && !chain->builtin)
        {
          IpmPlanItem *item = ipm_plan_add (plan, IPM_PLAN_ADD_CHAIN,
                                            after->name, chain->name);

          item->event = g_hash_table_lookup (plan->by_chain,
                                             ipm_plan_key (plan, after->name,
                                                           chain->name, NULL));
          plan->n_chains_added++;
        }
      else if (old != NULL && chain->builtin
               && strcmp (old->policy, chain->policy) != 0)
        {
          IpmPlanItem *item = ipm_plan_add (plan, IPM_PLAN_POLICY,
                                            after->name, chain->name);

          item->from = old->policy;
          item->to = chain->policy;
          item->event = g_hash_table_lookup (plan->by_chain,
                                             ipm_plan_key (plan, after->name,
                                                           chain->name, NULL));
          plan->n_policies++;
        }
      /* a chain the merge never looked at is still the host's lines */
      if (old != NULL && ipm_chain_spans_equal (old, chain))
        continue;
      ipm_plan_chain_rules (plan, after->name, chain, old);
    }
  if (before == NULL)
    return;
  for (guint c = 0; c < before->chains->len; c++)
    {
      const IpmChain *old = g_ptr_array_index (before->chains, c);
      IpmPlanItem *item;

      if (old->builtin || ipm_table_lookup_chain (after, old->name) != NULL)
        continue;
      item = ipm_plan_add (plan, IPM_PLAN_DELETE_CHAIN, after->name,
                           old->name);
      item->n_rules = ipm_chain_n_rules (old);
      item->event = g_hash_table_lookup (plan->by_chain,
                                         ipm_plan_key (plan, after->name,
                                                       old->name, NULL));
      plan->n_chains_deleted++;
      plan->n_delete += item->n_rules;
    }
}

/* Text */

static const char *
ipm_plan_why (const IpmPlanItem *item)
{
  if (item->why != NULL)
    return item->why;
  return item->event != NULL ? item->event->why : NULL;
}

static void
ipm_plan_text_why (GString *out, const IpmPlanItem *item)
{
  const IpmMergeEvent *event = item->event;

  if (ipm_plan_why (item) == NULL)
    return;
  g_string_append (out, "      ");
  if (event->loc.file != NULL)
    g_string_append_printf (out, "%s:%u: ", event->loc.file,
                            event->loc.lineno);
  g_string_append_printf (out, "%s\n", ipm_plan_why (item));
}

static void
ipm_plan_text_warning (GString *out, const IpmDiag *d)
{
  g_string_append (out, "warn ");
  if (d->file != NULL && d->file[0] != '\0')
    {
      g_string_append (out, d->file);
      if (d->lineno > 0)
        g_string_append_printf (out, ":%u", d->lineno);
      if (d->lineno > 0 && d->col > 0)
        g_string_append_printf (out, ":%u", d->col);
      g_string_append (out, ": ");
    }
  g_string_append_printf (out, "%s\n", d->message);
}

static void
ipm_plan_text (GString *out, IpmPlan *plan, const IpmDiags *warnings)
{
  const char *table = NULL;
  guint n_warnings = 0;

  for (guint i = 0; i < plan->items->len; i++)
    {
      const IpmPlanItem *item = &g_array_index (plan->items, IpmPlanItem, i);

      if (table == NULL || strcmp (table, item->table) != 0)
        {
          table = item->table;
          g_string_append_printf (out, "table %s:\n", table);
        }
      switch (item->kind)
        {
        case IPM_PLAN_ADD_TABLE:
          g_string_append (out, "  add table (only the layers have it)\n");
          break;
        case IPM_PLAN_ADD_CHAIN:
          g_string_append_printf (out, "  add chain %s\n", item->chain);
          break;
        case IPM_PLAN_DELETE_CHAIN:
          if (item->n_rules == 0)
            g_string_append_printf (out, "  delete chain %s (empty)\n",
                                    item->chain);
          else
            g_string_append_printf (out, "  delete chain %s (%u rule%s)\n",
                                    item->chain, item->n_rules,
                                    item->n_rules == 1 ? "" : "s");
          break;
        case IPM_PLAN_POLICY:
          g_string_append_printf (out, "  policy of %s: %s -> %s\n",
                                  item->chain, item->from, item->to);
          break;
        case IPM_PLAN_ADD:
        case IPM_PLAN_LEAVE:
        case IPM_PLAN_DELETE:
          g_string_append_printf (out, "  %s rule %u of %s: %s\n",
                                  ipm_plan_kind_names[item->kind],
                                  item->position, item->chain, item->rule);
          break;
        }
      ipm_plan_text_why (out, item);
    }
  for (guint i = 0; warnings != NULL && i < warnings->items->len; i++)
    {
      const IpmDiag *d = g_ptr_array_index (warnings->items, i);

      if (d->severity != IPM_SEVERITY_WARNING)
        continue;
      ipm_plan_text_warning (out, d);
      n_warnings++;
    }
  g_string_append_printf (out, "plan: %u to add, %u to delete, %u to leave "
                          "as they are", plan->n_add, plan->n_delete,
                          plan->n_leave);
  if (plan->n_chains_added + plan->n_chains_deleted > 0)
    g_string_append_printf (out, "; %u new chain%s, %u chain%s to delete",
                            plan->n_chains_added,
                            plan->n_chains_added == 1 ? "" : "s",
                            plan->n_chains_deleted,
                            plan->n_chains_deleted == 1 ? "" : "s");
  if (plan->n_policies > 0)
    g_string_append_printf (out, "; %u polic%s", plan->n_policies,
                            plan->n_policies == 1 ? "y" : "ies");
  if (plan->n_tables_added > 0)
    g_string_append_printf (out, "; %u new table%s", plan->n_tables_added,
                            plan->n_tables_added == 1 ? "" : "s");
  g_string_append_printf (out, "; %u warning%s\n", n_warnings,
                          n_warnings == 1 ? "" : "s");
}

/* JSON */

static void
ipm_plan_json_item (GString *out, const IpmPlanItem *item)
{
  const IpmMergeEvent *e = item->event;

  g_string_append (out, "    {\"action\": ");
  ipm_diff_json_string (out, ipm_plan_kind_names[item->kind]);
  g_string_append (out, ", \"table\": ");
  ipm_diff_json_string (out, item->table);
  g_string_append (out, ", \"chain\": ");
  ipm_diff_json_string_or_null (out, item->chain);
  if (item->position > 0)
    g_string_append_printf (out, ", \"position\": %u", item->position);
  else
    g_string_append (out, ", \"position\": null");
  g_string_append (out, ", \"rule\": ");
  ipm_diff_json_string_or_null (out, item->rule);
  if (item->kind == IPM_PLAN_DELETE_CHAIN)
    g_string_append_printf (out, ", \"rules\": %u", item->n_rules);
  else
    g_string_append (out, ", \"rules\": null");
  g_string_append (out, ", \"from\": ");
  ipm_diff_json_string_or_null (out, item->from);
  g_string_append (out, ", \"to\": ");
  ipm_diff_json_string_or_null (out, item->to);
  g_string_append (out, ", \"source\": ");
  if (e != NULL && e->loc.file != NULL)
    {
      g_string_append (out, "{\"file\": ");
      ipm_diff_json_string (out, e->loc.file);
      g_string_append_printf (out, ", \"line\": %u}", e->loc.lineno);
    }
  else
    g_string_append (out, "null");
  g_string_append (out, ", \"placement\": ");
  ipm_diff_json_string_or_null (out, e != NULL && item->kind == IPM_PLAN_ADD
                                ? (e->kind == IPM_MERGE_EVENT_ADDED
                                   ? e->placement : "command") : NULL);
  g_string_append (out, ", \"anchor\": ");
  ipm_diff_json_string_or_null (out, e != NULL && item->kind == IPM_PLAN_ADD
                                ? e->anchor : NULL);
  g_string_append (out, ", \"reason\": ");
  ipm_diff_json_string_or_null (out, ipm_plan_why (item));
  g_string_append_c (out, '}');
}

static void
ipm_plan_json (GString *out, IpmPlan *plan, const IpmDiags *warnings,
               gboolean changed)
{
  guint n_warnings = 0;
  gboolean first = TRUE;

  for (guint i = 0; warnings != NULL && i < warnings->items->len; i++)
    if (((const IpmDiag *) g_ptr_array_index (warnings->items, i))->severity
        == IPM_SEVERITY_WARNING)
      n_warnings++;
  g_string_append_printf (out, "{\n  \"version\": 1,\n  \"changed\": %s,\n",
                          changed ? "true" : "false");
  g_string_append_printf (out, "  \"summary\": {\"add\": %u, \"delete\": %u, "
                          "\"leave\": %u, \"chains_added\": %u, "
                          "\"chains_deleted\": %u, \"policies\": %u, "
                          "\"tables_added\": %u, \"warnings\": %u},\n",
                          plan->n_add, plan->n_delete, plan->n_leave,
                          plan->n_chains_added, plan->n_chains_deleted,
                          plan->n_policies, plan->n_tables_added, n_warnings);
  g_string_append (out, "  \"actions\": [");
  for (guint i = 0; i < plan->items->len; i++)
    {
      g_string_append (out, i == 0 ? "\n" : ",\n");
      ipm_plan_json_item (out, &g_array_index (plan->items, IpmPlanItem, i));
    }
  g_string_append (out, plan->items->len > 0 ? "\n  ],\n" : "],\n");
  g_string_append (out, "  \"warnings\": [");
  for (guint i = 0; warnings != NULL && i < warnings->items->len; i++)
    {
      const IpmDiag *d = g_ptr_array_index (warnings->items, i);

      if (d->severity != IPM_SEVERITY_WARNING)
        continue;
      g_string_append (out, first ? "\n    {\"file\": " : ",\n    {\"file\": ");
      first = FALSE;
      ipm_diff_json_string_or_null (out, d->file != NULL && d->file[0] != '\0'
                                    ? d->file : NULL);
      g_string_append_printf (out, ", \"line\": %u, \"column\": %u, "
                              "\"message\": ", d->lineno, d->col);
      ipm_diff_json_string (out, d->message);
      g_string_append_c (out, '}');
    }
  g_string_append (out, first ? "]\n}\n" : "\n  ]\n}\n");
}

gboolean
ipm_plan_print (GString *out, const IpmRuleset *before,
                const IpmRuleset *after, const IpmPlanOptions *options,
                gboolean *changed, GError **error)
{
  IpmPlan plan = { 0 };
  g_autoptr(GArray) items = g_array_new (FALSE, TRUE, sizeof (IpmPlanItem));
  g_autoptr(GHashTable) added_by_rule = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) present_by_rule = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) added_by_text =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) deleted_by_text =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) by_chain =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) key = g_string_new (NULL);

  g_array_set_clear_func (items, ipm_plan_item_clear);
  plan.items = items;
  plan.added_by_rule = added_by_rule;
  plan.present_by_rule = present_by_rule;
  plan.added_by_text = added_by_text;
  plan.deleted_by_text = deleted_by_text;
  plan.by_chain = by_chain;
  plan.key = key;
  for (guint t = 0; t < before->tables->len; t++)
    {
      const IpmTable *table = g_ptr_array_index (before->tables, t);

      if (ipm_ruleset_lookup_table (after, table->name) == NULL)
        {
          g_set_error (error, IPM_ERROR, IPM_ERROR_INVALID,
                       "--plan: table %s would disappear, which no merge "
                       "does", table->name);
          return FALSE;
        }
    }
  ipm_plan_index_events (&plan, options->events);
  for (guint t = 0; t < after->tables->len; t++)
    {
      const IpmTable *table = g_ptr_array_index (after->tables, t);

      ipm_plan_table (&plan, ipm_ruleset_lookup_table (before, table->name),
                      table);
    }
  *changed = plan.n_add + plan.n_delete + plan.n_chains_added
    + plan.n_chains_deleted + plan.n_policies + plan.n_tables_added > 0;
  if (options->format == IPM_PLAN_FORMAT_JSON)
    ipm_plan_json (out, &plan, options->warnings, *changed);
  else
    ipm_plan_text (out, &plan, options->warnings);
  return TRUE;
}

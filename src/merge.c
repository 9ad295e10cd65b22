/* merge: layers onto a host with anchored placement (see merge.h). */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "align.h"
#include "apply.h"
#include "canon.h"
#include "canon-fast.h"
#include "merge.h"
#include "reach.h"
#include "regex.h"
#include "rewrite.h"

typedef struct {
  const IpmMergeOptions *options;
  IpmDiags *diags;
  IpmRuleset *host;
  IpmRegexList *take;
  IpmRegexList *skip;
  IpmRewriteList *rewrites;
  GHashTable *added_tables;   /* table name -> IpmScript* of the layer that
                                 added it: its policies come from that layer */
  GHashTable *chain_names;    /* "table\tchain" of every user chain a layer
                                 names, for the final jump check (the host's
                                 own are in IpmTable.gone once they go) */
  GHashTable *created;        /* names of the chains this layer table's ':'
                                 lines made (reset per layer table) */
  gint counters;              /* host rules carry [p:b], so new rules get
                                 [0:0]: TRUE, FALSE, or -1 not looked at yet
                                 (it walks every host rule) */
  const IpmScript *layer;     /* the layer being merged */
} IpmMerger;

/* One missing layer rule and where it goes. */
typedef enum {
  IPM_PLACE_AFTER,            /* after its nearest preceding anchor */
  IPM_PLACE_BEFORE,           /* before its nearest following anchor */
  IPM_PLACE_END,              /* no anchor: before the dead point and its
                                 LOG rules, else at the end */
} IpmPlaceKind;

typedef struct {
  IpmRule *rule;
  guint slot;                 /* insert before result rule SLOT (len = end) */
  IpmPlaceKind kind;
  gint anchor;                /* result index of the anchor, or -1 */
} IpmPlacement;

void
ipm_merge_event_free (IpmMergeEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->table);
  g_free (event->chain);
  if (event->rule != NULL)
    ipm_rule_unref (event->rule);
  g_free (event->anchor);
  g_free (event->command);
  g_free (event->why);
  g_free (event);
}

IpmMergeEvent *
ipm_merge_event_add (GPtrArray *events, IpmMergeEventKind kind,
                     const char *table, const char *chain, IpmRule *rule,
                     const IpmLoc *loc)
{
  IpmMergeEvent *event = g_new0 (IpmMergeEvent, 1);

  event->kind = kind;
  event->table = g_strdup (table);
  event->chain = g_strdup (chain);
  event->rule = rule != NULL ? ipm_rule_ref (rule) : NULL;
  if (loc != NULL)
    event->loc = *loc;
  g_ptr_array_add (events, event);
  return event;
}

static void
ipm_merge_note (IpmMerger *m, const IpmLoc *loc, const char *format, ...)
  G_GNUC_PRINTF (3, 4);

static void
ipm_merge_note (IpmMerger *m, const IpmLoc *loc, const char *format, ...)
{
  va_list ap;
  g_autofree char *message = NULL;

  if (!m->options->verbose || m->options->notes == NULL)
    return;
  va_start (ap, format);
  message = g_strdup_vprintf (format, ap);
  va_end (ap);
  ipm_diags_note (m->options->notes, loc != NULL ? loc->file : NULL,
                  loc != NULL ? loc->lineno : 0, "%s", message);
}

/* "-A CHAIN spec" for messages. */
static char *
ipm_merge_rule_line (const char *chain, const IpmRule *rule)
{
  return rule->text[0] != '\0'
    ? g_strdup_printf ("-A %s %s", chain, rule->text)
    : g_strdup_printf ("-A %s", chain);
}

/* Whether RULE jumps or goes to a user chain.  DECLARED holds the user
 * chains the layer table names: a target the canonicalizer could not tell
 * from a target module is a chain when the layer declares it. */
static gboolean
ipm_merge_targets_chain (const IpmRule *rule, GHashTable *declared)
{
  return rule->target != NULL
    && (rule->target_is_chain
        || (declared != NULL && g_hash_table_contains (declared, rule->target)));
}

/* The family the rules of RS require, and where a rule says so. */
static IpmFamily
ipm_merge_ruleset_family (const IpmRuleset *rs, IpmLoc *witness)
{
  for (guint t = 0; t < rs->tables->len; t++)
    {
      const IpmTable *table = g_ptr_array_index (rs->tables, t);

      for (guint c = 0; c < table->chains->len; c++)
        {
          const IpmChain *chain = g_ptr_array_index (table->chains, c);
          const GPtrArray *rules = ipm_chain_rules_made_const (chain);
          /* a span's rules have the family of its parse */
          IpmFamily family = ipm_chain_span_family (chain, witness);

          if (family != IPM_FAMILY_UNKNOWN)
            return family;
          for (guint r = 0; rules != NULL && r < rules->len; r++)
            {
              const IpmRule *rule = g_ptr_array_index (rules, r);

              if (rule->family != IPM_FAMILY_UNKNOWN)
                {
                  *witness = rule->loc;
                  return rule->family;
                }
            }
        }
    }
  return IPM_FAMILY_UNKNOWN;
}

static IpmFamily
ipm_merge_script_family (const IpmScript *script, const IpmRule **witness)
{
  for (guint t = 0; t < script->tables->len; t++)
    {
      const IpmScriptTable *st = g_ptr_array_index (script->tables, t);

      for (guint c = 0; c < st->cmds->len; c++)
        {
          const IpmCmd *cmd = g_ptr_array_index (st->cmds, c);

          if (cmd->rule != NULL && cmd->rule->family != IPM_FAMILY_UNKNOWN)
            {
              *witness = cmd->rule;
              return cmd->rule->family;
            }
        }
    }
  return IPM_FAMILY_UNKNOWN;
}

static gboolean
ipm_merge_host_has_counters (const IpmRuleset *rs)
{
  for (guint t = 0; t < rs->tables->len; t++)
    {
      const IpmTable *table = g_ptr_array_index (rs->tables, t);

      for (guint c = 0; c < table->chains->len; c++)
        {
          const IpmChain *chain = g_ptr_array_index (table->chains, c);
          const GPtrArray *rules = ipm_chain_rules_made_const (chain);

          /* (a span's rules have none) */
          for (guint r = 0; rules != NULL && r < rules->len; r++)
            if (((const IpmRule *) g_ptr_array_index (rules, r))
                ->counters.present)
              return TRUE;
        }
    }
  return FALSE;
}

/* A private copy for a rule whose counters must change; rules are shared. */
static IpmRule *
ipm_merge_rule_copy (const IpmRule *rule)
{
  IpmRule *copy = ipm_rule_new (rule->text);

  copy->target = g_strdup (rule->target);
  copy->is_goto = rule->is_goto;
  copy->target_is_chain = rule->target_is_chain;
  copy->unconditional = rule->unconditional;
  copy->literal = rule->literal;
  copy->family = rule->family;
  copy->counters = rule->counters;
  copy->loc = rule->loc;
  return copy;
}

/* RULE of the layer as it enters the result: rewritten, and with [0:0]
 * counters when the host has counters (a reference host's traffic is not
 * this host's), none otherwise.  NULL after an error in DIAGS. */
static IpmRule *
ipm_merge_layer_rule (IpmMerger *m, IpmRule *rule)
{
  IpmRule *r = ipm_rewrite_rule (m->rewrites, rule, m->layer->family,
                                 m->diags);
  IpmRule *copy;

  if (r == NULL)
    return NULL;
  if (m->counters < 0)
    m->counters = !m->host->no_rule_counters
      && ipm_merge_host_has_counters (m->host);
  if (r->counters.present == m->counters && r->counters.packets == 0
      && r->counters.bytes == 0)
    return r;
  copy = ipm_merge_rule_copy (r);
  ipm_rule_unref (r);
  copy->counters.present = m->counters;
  copy->counters.packets = copy->counters.bytes = 0;
  return copy;
}

/* What --take/--skip see: the canonical line. */
static char *
ipm_merge_cmd_text (const IpmCmd *cmd)
{
  if (cmd->kind == IPM_CMD_DECLARE)
    return g_strdup_printf (":%s %s", cmd->chain, cmd->arg);
  return ipm_merge_rule_line (cmd->chain, cmd->rule);
}

/* User chains the layer table declares (':' or -N): name -> IpmCmd*. */
static GHashTable *
ipm_merge_declared (const IpmScriptTable *st)
{
  GHashTable *declared = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint c = 0; c < st->cmds->len; c++)
    {
      IpmCmd *cmd = g_ptr_array_index (st->cmds, c);

      if ((cmd->kind == IPM_CMD_DECLARE || cmd->kind == IPM_CMD_NEW_CHAIN)
          && !ipm_chain_is_builtin (st->name, cmd->chain)
          && !g_hash_table_contains (declared, cmd->chain))
        g_hash_table_insert (declared, cmd->chain, cmd);
    }
  return declared;
}

/* The ':' and '-A' commands of ST to merge, or NULL for all of them.
 * --take picks the roots, the chains they jump or go to come along with
 * their rules (closure over a worklist), --skip always wins. */
static GHashTable *
ipm_merge_select (IpmMerger *m, const IpmScriptTable *st, GHashTable *declared)
{
  g_autoptr(GHashTable) skipped = NULL;
  g_autoptr(GHashTable) by_chain = NULL;
  g_autoptr(GHashTable) visited = NULL;
  g_autoptr(GPtrArray) work = NULL;
  GHashTable *selected;
  gboolean take_all = ipm_regex_list_is_empty (m->take);

  if (take_all && ipm_regex_list_is_empty (m->skip))
    return NULL;
  selected = g_hash_table_new (g_direct_hash, g_direct_equal);
  skipped = g_hash_table_new (g_direct_hash, g_direct_equal);
  by_chain = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                    (GDestroyNotify) g_ptr_array_unref);
  visited = g_hash_table_new (g_str_hash, g_str_equal);
  work = g_ptr_array_new ();
  for (guint c = 0; c < st->cmds->len; c++)
    {
      IpmCmd *cmd = g_ptr_array_index (st->cmds, c);
      g_autofree char *text = NULL;

      if (cmd->kind != IPM_CMD_DECLARE && cmd->kind != IPM_CMD_APPEND)
        continue;
      if (cmd->kind == IPM_CMD_APPEND)
        {
          GPtrArray *list = g_hash_table_lookup (by_chain, cmd->chain);

          if (list == NULL)
            {
              list = g_ptr_array_new ();
              g_hash_table_insert (by_chain, cmd->chain, list);
            }
          g_ptr_array_add (list, cmd);
        }
      text = ipm_merge_cmd_text (cmd);
      if (ipm_regex_list_match (m->skip, text))
        g_hash_table_add (skipped, cmd);
      else if (take_all || ipm_regex_list_match (m->take, text))
        {
          g_hash_table_add (selected, cmd);
          if (cmd->kind == IPM_CMD_APPEND
              && ipm_merge_targets_chain (cmd->rule, declared))
            g_ptr_array_add (work, cmd->rule->target);
        }
    }
  while (work->len > 0)
    {
      const char *name = g_ptr_array_index (work, work->len - 1);
      IpmCmd *decl = g_hash_table_lookup (declared, name);
      GPtrArray *list = g_hash_table_lookup (by_chain, name);

      g_ptr_array_set_size (work, work->len - 1);
      if (!g_hash_table_add (visited, (gpointer) name))
        continue;
      if (decl != NULL && decl->kind == IPM_CMD_DECLARE
          && !g_hash_table_contains (skipped, decl))
        g_hash_table_add (selected, decl);
      for (guint i = 0; list != NULL && i < list->len; i++)
        {
          IpmCmd *cmd = g_ptr_array_index (list, i);

          if (g_hash_table_contains (skipped, cmd)
              || !g_hash_table_add (selected, cmd))
            continue;
          if (ipm_merge_targets_chain (cmd->rule, declared))
            g_ptr_array_add (work, cmd->rule->target);
        }
    }
  /* a selected rule of a user chain needs the chain's declaration */
  for (guint c = 0; c < st->cmds->len; c++)
    {
      IpmCmd *cmd = g_ptr_array_index (st->cmds, c);
      IpmCmd *decl;

      if (cmd->kind != IPM_CMD_APPEND || !g_hash_table_contains (selected, cmd))
        continue;
      decl = g_hash_table_lookup (declared, cmd->chain);
      if (decl != NULL && decl->kind == IPM_CMD_DECLARE
          && !g_hash_table_contains (skipped, decl))
        g_hash_table_add (selected, decl);
    }
  return selected;
}

static void
ipm_merge_declare (IpmMerger *m, IpmTable *table, gboolean added_here,
                   const IpmCmd *cmd)
{
  IpmChain *chain = ipm_table_lookup_chain (table, cmd->chain);

  if (chain != NULL && chain->builtin)
    {
      if (added_here)
        {
          /* the host has no such table: the layer's policy is all there is */
          g_free (chain->policy);
          chain->policy = g_strdup (cmd->arg);
          chain->loc = cmd->loc;
        }
      else if (strcmp (chain->policy, cmd->arg) != 0)
        ipm_diags_add_at (m->diags, IPM_SEVERITY_WARNING, cmd->loc.file,
                          cmd->loc.lineno, cmd->chain_col,
                          "policy of %s in table %s: the host has %s, this "
                          "layer %s; keeping %s (a layer changes a policy "
                          "only with -P %s %s)", cmd->chain, table->name,
                          chain->policy, cmd->arg, chain->policy, cmd->chain,
                          cmd->arg);
      return;
    }
  /* an existing chain is never flushed or re-declared */
  if (chain != NULL)
    return;
  chain = ipm_table_ensure_chain (table, cmd->chain, &cmd->loc);
  g_hash_table_add (m->created, g_strdup (chain->name));
  ipm_merge_note (m, &cmd->loc, "new chain %s in table %s", cmd->chain,
                  table->name);
  if (m->options->events != NULL)
    ipm_merge_event_add (m->options->events, IPM_MERGE_EVENT_CHAIN,
                         table->name, cmd->chain, NULL, &cmd->loc)->why =
      g_strdup ("declared by a layer, missing on the host");
}

/* Reports RULE (bound for CHAIN) if it jumps to a chain the result lacks:
 * the output never has a dangling jump. */
static gboolean
ipm_merge_check_target (IpmMerger *m, const IpmTable *table,
                        const char *chain, const IpmRule *rule,
                        GHashTable *declared)
{
  g_autofree char *line = NULL;

  if (!ipm_merge_targets_chain (rule, declared)
      || ipm_table_lookup_chain (table, rule->target) != NULL)
    return TRUE;
  line = ipm_merge_rule_line (chain, rule);
  ipm_diags_add_at (m->diags, IPM_SEVERITY_ERROR, rule->loc.file,
                    rule->loc.lineno, 0,
                    "'%s' %s chain %s, which is defined neither on the host "
                    "nor in this layer's table %s%s", line,
                    rule->is_goto ? "goes to" : "jumps to", rule->target,
                    table->name,
                    declared != NULL && g_hash_table_contains (declared, rule->target)
                    ? " (--skip left its declaration out)" : "");
  return FALSE;
}

static void
ipm_merge_note_placement (IpmMerger *m, const IpmTable *table,
                          const IpmChain *chain, const GPtrArray *old_rules,
                          const IpmPlacement *p, guint position,
                          guint dead, guint insert_at)
{
  g_autofree char *line = NULL;
  g_autofree char *anchor = NULL;
  g_autofree char *dead_line = NULL;
  g_autofree char *what = NULL;
  g_autofree char *why = NULL;
  const char *placement = "end";

  if ((!m->options->verbose || m->options->notes == NULL)
      && m->options->events == NULL)
    return;
  line = ipm_merge_rule_line (chain->name, p->rule);
  if (p->anchor >= 0)
    anchor = ipm_merge_rule_line (chain->name,
                                  g_ptr_array_index (old_rules, p->anchor));
  if (dead < old_rules->len)
    {
      const IpmRule *rule = g_ptr_array_index (old_rules, dead);

      dead_line = ipm_merge_rule_line (chain->name, rule);
      what = ipm_reach_describe (rule);
    }
  switch (p->kind)
    {
    case IPM_PLACE_AFTER:
      placement = "after";
      why = g_strdup_printf ("after '%s'", anchor);
      break;
    case IPM_PLACE_BEFORE:
      placement = "before";
      why = g_strdup_printf ("before '%s'", anchor);
      break;
    case IPM_PLACE_END:
      if (dead_line != NULL)
        why = g_strdup_printf ("no rule of its layer chain is there to anchor "
                               "it, so before '%s' (line %u, which %s: no "
                               "rule after it is reached)%s", dead_line,
                               ((const IpmRule *) g_ptr_array_index (old_rules,
                                                                     dead))->loc.lineno,
                               what, insert_at < dead
                               ? " and the LOG rules that announce it" : "");
      else
        why = g_strdup ("no rule of its layer chain is there to anchor it, "
                        "so at the end");
      break;
    }
  ipm_merge_note (m, &p->rule->loc, "'%s' added as rule %u of %s %s%s%s",
                  line, position, table->name, chain->name,
                  p->kind == IPM_PLACE_END ? ": " : ", ", why);
  if (m->options->events != NULL)
    {
      IpmMergeEvent *event = ipm_merge_event_add (m->options->events,
                                                  IPM_MERGE_EVENT_ADDED,
                                                  table->name, chain->name,
                                                  p->rule, &p->rule->loc);

      event->placement = placement;
      event->anchor = p->kind == IPM_PLACE_END ? g_steal_pointer (&dead_line)
                                               : g_steal_pointer (&anchor);
      event->why = g_steal_pointer (&why);
    }
}

/* A layer rule the chain has where packets reach it: left as it is (the
 * record --plan reports as "leave"). */
static void
ipm_merge_event_present (IpmMerger *m, const IpmTable *table,
                         const IpmChain *chain, IpmRule *host_rule,
                         const IpmRule *layer_rule, const char *why)
{
  IpmMergeEvent *event;

  if (m->options->events == NULL)
    return;
  event = ipm_merge_event_add (m->options->events, IPM_MERGE_EVENT_PRESENT,
                               table->name, chain->name, host_rule,
                               &layer_rule->loc);
  event->why = g_strdup (why);
}

/* A layer rule the chain has only after its dead point: the copy no packet
 * reaches stays (no host rule is lost), the rule is placed where it works,
 * and the user is told, as this is how hand-appended rules go wrong. */
static void
ipm_merge_warn_dead_copy (IpmMerger *m, const IpmTable *table,
                          const IpmChain *chain, const IpmRule *rule,
                          const IpmRule *copy, const IpmRule *dead)
{
  g_autofree char *line = ipm_merge_rule_line (chain->name, rule);
  g_autofree char *what = ipm_reach_describe (dead);

  ipm_diags_add_at (m->diags, IPM_SEVERITY_WARNING, rule->loc.file,
                    rule->loc.lineno, 0,
                    "'%s' is in %s %s only at %s:%u, after the rule at line "
                    "%u, which %s: no packet reaches it there, so it is "
                    "added before that rule; the unreachable copy is kept "
                    "(delete it by hand, or with a -D line in an overlay)",
                    line, table->name, chain->name, copy->loc.file,
                    copy->loc.lineno, dead->loc.lineno, what);
}

static void
ipm_merge_warn_dead_in_layer (IpmMerger *m, const IpmTable *table,
                              const IpmChain *chain, const IpmRule *rule,
                              const IpmRule *dead)
{
  g_autofree char *line = ipm_merge_rule_line (chain->name, rule);
  g_autofree char *what = ipm_reach_describe (dead);

  ipm_diags_add_at (m->diags, IPM_SEVERITY_WARNING, rule->loc.file,
                    rule->loc.lineno, 0,
                    "'%s' is not merged into %s %s: in its own layer it comes "
                    "after the rule at line %u, which %s, so no packet "
                    "reaches it; move it above that rule if it is meant",
                    line, table->name, chain->name, dead->loc.lineno, what);
}

/* Merges the layer chain LAYER (IpmRule*, in order) into CHAIN.  Only the
 * rules up to the chain's dead point (reach.h) count: they are the anchors
 * and what makes a layer rule present; no rule is placed after it. */
static void
ipm_merge_place (IpmMerger *m, IpmTable *table, IpmChain *chain,
                 const GPtrArray *layer, GHashTable *declared)
{
  GPtrArray *old_rules = ipm_chain_rules (chain);
  g_autoptr(GPtrArray) wanted = g_ptr_array_new ();
  g_autoptr(GPtrArray) live = NULL;
  g_autoptr(GArray) pairs = NULL;
  g_autoptr(GHashTable) in_result = NULL;
  g_autoptr(GHashTable) dead_copies = NULL;
  g_autoptr(GArray) placements = g_array_new (FALSE, FALSE, sizeof (IpmPlacement));
  g_autofree gint *match = NULL;
  GPtrArray *new_rules;
  gint prev = -1, first = -1;
  guint dead, n_live, insert_at, p;

  for (guint i = 0; i < layer->len; i++)
    {
      IpmRule *rule = g_ptr_array_index (layer, i);

      if (ipm_merge_check_target (m, table, chain->name, rule, declared))
        g_ptr_array_add (wanted, rule);
    }
  /* what no packet reaches in the layer itself has nothing to give, and
   * placed after the layer's own dead point it would be dead here too, then
   * placed again by the next run */
  dead = ipm_reach_dead_point (wanted);
  for (guint i = dead + 1; i < wanted->len; i++)
    ipm_merge_warn_dead_in_layer (m, table, chain,
                                  g_ptr_array_index (wanted, i),
                                  g_ptr_array_index (wanted, dead));
  if (dead + 1 < wanted->len)
    g_ptr_array_set_size (wanted, dead + 1);
  if (wanted->len == 0)
    return;
  dead = ipm_reach_dead_point (old_rules);
  n_live = dead < old_rules->len ? dead + 1 : old_rules->len;
  insert_at = ipm_reach_insertion_point (old_rules, dead);
  live = g_ptr_array_sized_new (n_live);
  for (guint i = 0; i < n_live; i++)
    g_ptr_array_add (live, g_ptr_array_index (old_rules, i));
  /* anchors: the live rules both have, in the same order */
  pairs = ipm_align_common (wanted, live);
  match = g_new (gint, wanted->len);
  for (guint i = 0; i < wanted->len; i++)
    match[i] = -1;
  for (guint i = 0; i < pairs->len; i++)
    {
      const IpmAlignPair *pair = &g_array_index (pairs, IpmAlignPair, i);

      match[pair->a] = pair->b;
    }
  if (pairs->len > 0)
    first = g_array_index (pairs, IpmAlignPair, 0).b;
  /* in_result also grows with the rules placed, so that a rule the layer
   * chain lists twice is added once, as a second run would see it */
  in_result = ipm_align_rule_set (live);
  for (guint i = 0; i < wanted->len; i++)
    {
      IpmRule *rule = g_ptr_array_index (wanted, i);
      IpmPlacement pl = { rule, 0, IPM_PLACE_AFTER, -1 };

      if (match[i] >= 0)
        {
          prev = match[i];
          ipm_merge_event_present (m, table, chain,
                                   g_ptr_array_index (live, match[i]), rule,
                                   "present, in the layer's order");
          continue;
        }
      if (g_hash_table_contains (in_result, rule))
        {
          /* already there (out of order): changes nothing */
          ipm_merge_event_present (m, table, chain,
                                   g_hash_table_lookup (in_result, rule), rule,
                                   "present, in another order than in its "
                                   "layer");
          continue;
        }
      g_hash_table_add (in_result, rule);
      if (n_live < old_rules->len)
        {
          const IpmRule *copy;

          if (dead_copies == NULL)
            {
              dead_copies = g_hash_table_new (ipm_align_rule_hash,
                                              ipm_align_rule_equal);
              /* the first copy, for the message */
              for (guint r = old_rules->len; r-- > n_live;)
                g_hash_table_replace (dead_copies,
                                      g_ptr_array_index (old_rules, r),
                                      g_ptr_array_index (old_rules, r));
            }
          copy = g_hash_table_lookup (dead_copies, rule);
          if (copy != NULL)
            ipm_merge_warn_dead_copy (m, table, chain, rule, copy,
                                      g_ptr_array_index (old_rules, dead));
        }
      if (prev >= 0)
        {
          pl.slot = prev + 1;
          pl.anchor = prev;
        }
      else if (first >= 0)
        {
          pl.slot = first;
          pl.kind = IPM_PLACE_BEFORE;
          pl.anchor = first;
        }
      else
        {
          pl.slot = insert_at;
          pl.kind = IPM_PLACE_END;
          pl.anchor = -1;
        }
      /* an anchor among the dead point's LOG rules, or the dead point
       * itself, would put the rule where its packets are logged as
       * dropped, or where none arrive; and a rule that ends the chain
       * itself placed anywhere else would take every packet from the live
       * rules after it (the next run would then add them again) */
      if (pl.slot > insert_at
          || (pl.slot < insert_at && ipm_reach_ends_chain (rule)))
        {
          pl.slot = insert_at;
          pl.kind = IPM_PLACE_END;
          pl.anchor = -1;
        }
      g_array_append_val (placements, pl);
    }
  if (placements->len == 0)
    return;
  /* slots never decrease along the layer chain (anchors are increasing,
   * BEFORE slots come first and every slot is at most INSERT_AT), so one
   * pass splices them all in */
  new_rules = g_ptr_array_new_full (old_rules->len + placements->len,
                                    (GDestroyNotify) ipm_rule_unref);
  p = 0;
  for (guint s = 0; s <= old_rules->len; s++)
    {
      for (; p < placements->len
             && g_array_index (placements, IpmPlacement, p).slot == s; p++)
        {
          const IpmPlacement *pl = &g_array_index (placements, IpmPlacement, p);

          g_ptr_array_add (new_rules, ipm_rule_ref (pl->rule));
          ipm_merge_note_placement (m, table, chain, old_rules, pl,
                                    new_rules->len, dead, insert_at);
        }
      if (s < old_rules->len)
        g_ptr_array_add (new_rules,
                         ipm_rule_ref (g_ptr_array_index (old_rules, s)));
    }
  g_assert (p == placements->len);
  ipm_chain_set_rules (chain, new_rules);
}

/* A run of ':' and '-A' commands: declarations first, then each layer
 * chain merged as a whole (one alignment per chain and run). */
static void
ipm_merge_run (IpmMerger *m, IpmTable *table, gboolean added_here,
               const GPtrArray *run, GHashTable *declared)
{
  g_autoptr(GHashTable) groups =
    g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                           (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();

  for (guint i = 0; i < run->len; i++)
    {
      const IpmCmd *cmd = g_ptr_array_index (run, i);
      GPtrArray *group;
      IpmRule *rule;

      if (cmd->kind == IPM_CMD_DECLARE)
        {
          ipm_merge_declare (m, table, added_here, cmd);
          continue;
        }
      rule = ipm_merge_layer_rule (m, cmd->rule);
      if (rule == NULL)
        continue;
      group = g_hash_table_lookup (groups, cmd->chain);
      if (group == NULL)
        {
          group = g_ptr_array_new_with_free_func ((GDestroyNotify) ipm_rule_unref);
          g_hash_table_insert (groups, cmd->chain, group);
          g_ptr_array_add (order, cmd->chain);
        }
      g_ptr_array_add (group, rule);
    }
  for (guint i = 0; i < order->len; i++)
    {
      const char *name = g_ptr_array_index (order, i);
      GPtrArray *group = g_hash_table_lookup (groups, name);
      IpmChain *chain = ipm_table_lookup_chain (table, name);

      if (chain == NULL)
        {
          const IpmRule *rule = g_ptr_array_index (group, 0);

          ipm_diags_add_at (m->diags, IPM_SEVERITY_ERROR, rule->loc.file,
                            rule->loc.lineno, 0,
                            "chain %s does not exist in table %s: its "
                            "declaration was not merged (left out by "
                            "--take/--skip?), so its %u rule%s cannot be",
                            name, table->name, group->len,
                            group->len == 1 ? "" : "s");
          continue;
        }
      ipm_merge_place (m, table, chain, group, declared);
    }
}

/* An -I or -R of a rule that ends the chain, placed by its number before
 * rules packets reached: iptables would do it, so it is done, but those
 * rules are now dead, and a layer rule among them is placed again, before
 * it, by the next run: the user is told that the layers disagree. */
static void
ipm_merge_warn_new_dead_point (IpmMerger *m, const IpmTable *table,
                               IpmChain *chain, const IpmCmd *cmd,
                               guint n_live_before)
{
  const GPtrArray *rules = ipm_chain_rules (chain);
  guint dead = ipm_reach_dead_point (rules);
  guint lost;

  if (dead + 1 >= n_live_before + 1)
    return;
  /* the rules that were live and now follow the new dead point */
  lost = n_live_before - dead;
  if (cmd->kind == IPM_CMD_REPLACE)
    lost--;
  if (lost == 0)
    return;
  ipm_diags_add_at (m->diags, IPM_SEVERITY_WARNING, cmd->loc.file,
                    cmd->loc.lineno, cmd->col,
                    "%s %s %u: the rule matches every packet and ends the "
                    "chain, so the %u rule%s after it in %s %s are no longer "
                    "reached; a later run places again the layer rules among "
                    "them; use -A (placed after every reached rule) or a "
                    "condition", ipm_cmd_kind_name (cmd->kind), cmd->chain,
                    cmd->index > 0 ? cmd->index : 1, lost,
                    lost == 1 ? "" : "s", table->name, chain->name);
}

/* An overlay command other than ':' and '-A': iptables semantics on the
 * result, except that what is already done is not done again. */
static void
ipm_merge_command (IpmMerger *m, IpmTable *table, const IpmCmd *cmd,
                   GHashTable *declared)
{
  IpmChain *chain = cmd->chain != NULL
    ? ipm_table_lookup_chain (table, cmd->chain) : NULL;
  g_autoptr(IpmRule) rule = NULL;
  IpmCmd tmp = *cmd;
  guint n_live_before = 0;

  if (cmd->rule != NULL)
    {
      rule = cmd->kind == IPM_CMD_DELETE || cmd->kind == IPM_CMD_CHECK
        ? ipm_rewrite_rule (m->rewrites, cmd->rule, m->layer->family, m->diags)
        : ipm_merge_layer_rule (m, cmd->rule);
      if (rule == NULL)
        return;
      tmp.rule = rule;
    }
  switch (cmd->kind)
    {
    case IPM_CMD_INSERT:
      if (chain != NULL && ipm_chain_find_rule (chain, rule) >= 0)
        {
          ipm_merge_note (m, &cmd->loc, "-I %s: the rule is already in the "
                          "chain; not inserted again", cmd->chain);
          ipm_merge_event_present (m, table, chain,
                                   g_ptr_array_index (ipm_chain_rules (chain),
                                                      ipm_chain_find_rule (chain, rule)),
                                   rule, "-I of a rule the chain has: not "
                                   "inserted again");
          return;
        }
      /* fall through */
    case IPM_CMD_REPLACE:
      if (!ipm_merge_check_target (m, table, cmd->chain, rule, declared))
        return;
      break;
    case IPM_CMD_DELETE:
      if (cmd->index == 0 && chain != NULL
          && ipm_chain_find_rule (chain, rule) < 0)
        {
          ipm_merge_note (m, &cmd->loc, "-D %s: no such rule in the chain; "
                          "nothing to delete", cmd->chain);
          return;
        }
      break;
    case IPM_CMD_NEW_CHAIN:
      if (chain != NULL)
        {
          ipm_merge_note (m, &cmd->loc, "-N %s: the chain exists already",
                          cmd->chain);
          return;
        }
      break;
    case IPM_CMD_DELETE_CHAIN:
      if (cmd->chain != NULL && chain == NULL)
        {
          ipm_merge_note (m, &cmd->loc, "-X %s: no such chain; nothing to "
                          "delete", cmd->chain);
          return;
        }
      break;
    case IPM_CMD_RENAME:
      /* renamed by an earlier run: OLD is missing, or is only the empty
       * chain this layer's own ':OLD' line just made */
      if (ipm_table_lookup_chain (table, cmd->arg) != NULL
          && (chain == NULL
              || (g_hash_table_contains (m->created, chain->name)
                  && ipm_chain_n_rules (chain) == 0
                  && ipm_table_count_references (table, chain->name) == 0)))
        {
          if (chain != NULL)
            {
              g_hash_table_remove (m->created, chain->name);
              ipm_table_remove_chain (table, chain);
            }
          ipm_merge_note (m, &cmd->loc, "-E %s %s: renamed already",
                          cmd->chain, cmd->arg);
          return;
        }
      break;
    default:
      break;
    }
  if (chain != NULL && rule != NULL
      && (cmd->kind == IPM_CMD_INSERT || cmd->kind == IPM_CMD_REPLACE)
      && ipm_reach_ends_chain (rule))
    n_live_before = ipm_reach_dead_point (ipm_chain_rules (chain));
  if (!ipm_apply_cmd (table, &tmp, m->diags))
    return;
  if (n_live_before > 0)
    ipm_merge_warn_new_dead_point (m, table, chain, cmd, n_live_before);
  if (m->options->verbose || m->options->events != NULL)
    {
      g_autoptr(GString) what = g_string_new (ipm_cmd_kind_name (cmd->kind));

      if (cmd->chain != NULL)
        g_string_append_printf (what, " %s", cmd->chain);
      if (cmd->index > 0)
        g_string_append_printf (what, " %u", cmd->index);
      if (cmd->arg != NULL)
        g_string_append_printf (what, " %s", cmd->arg);
      if (rule != NULL && rule->text[0] != '\0')
        g_string_append_printf (what, " %s", rule->text);
      ipm_merge_note (m, &cmd->loc, "'%s' done in table %s", what->str,
                      table->name);
      if (m->options->events != NULL)
        {
          IpmMergeEvent *event = ipm_merge_event_add (m->options->events,
                                                      IPM_MERGE_EVENT_COMMAND,
                                                      table->name, cmd->chain,
                                                      rule, &cmd->loc);

          event->command = g_strdup (what->str);
          event->why = g_strdup_printf ("'%s' of an overlay", what->str);
        }
    }
}

static void
ipm_merge_remember_chains (IpmMerger *m, const char *table,
                           GHashTable *declared)
{
  GHashTableIter iter;
  gpointer name;

  g_hash_table_iter_init (&iter, declared);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    g_hash_table_add (m->chain_names, g_strdup_printf ("%s\t%s", table,
                                                       (const char *) name));
}

static void
ipm_merge_table (IpmMerger *m, const IpmScriptTable *st)
{
  g_autoptr(GHashTable) declared = ipm_merge_declared (st);
  g_autoptr(GHashTable) selected = ipm_merge_select (m, st, declared);
  g_autoptr(GPtrArray) run = g_ptr_array_new ();
  IpmTable *table;
  gboolean added_here, any = FALSE;

  g_hash_table_remove_all (m->created);
  ipm_merge_remember_chains (m, st->name, declared);

  for (guint c = 0; c < st->cmds->len && !any; c++)
    {
      const IpmCmd *cmd = g_ptr_array_index (st->cmds, c);

      any = (cmd->kind != IPM_CMD_DECLARE && cmd->kind != IPM_CMD_APPEND)
        || selected == NULL || g_hash_table_contains (selected, cmd);
    }
  /* a table nothing was taken from is not added */
  if (!any)
    {
      ipm_merge_note (m, &st->loc, "nothing selected from table %s",
                      st->name);
      return;
    }
  table = ipm_ruleset_lookup_table (m->host, st->name);
  if (table == NULL)
    {
      table = ipm_ruleset_ensure_table (m->host, st->name, &st->loc);
      g_hash_table_insert (m->added_tables, table->name, (gpointer) m->layer);
      ipm_merge_note (m, &st->loc, "table %s is new: added after the "
                      "host's tables", st->name);
    }
  added_here = g_hash_table_lookup (m->added_tables, table->name) == m->layer;
  for (guint c = 0; c < st->cmds->len; c++)
    {
      IpmCmd *cmd = g_ptr_array_index (st->cmds, c);

      if (cmd->kind == IPM_CMD_DECLARE || cmd->kind == IPM_CMD_APPEND)
        {
          if (selected == NULL || g_hash_table_contains (selected, cmd))
            g_ptr_array_add (run, cmd);
          continue;
        }
      ipm_merge_run (m, table, added_here, run, declared);
      g_ptr_array_set_size (run, 0);
      ipm_merge_command (m, table, cmd, declared);
    }
  ipm_merge_run (m, table, added_here, run, declared);
}

static gboolean
ipm_merge_family_ok (IpmMerger *m, const IpmScript *layer)
{
  const IpmRule *layer_witness = NULL;
  IpmLoc host_witness = { 0 };
  IpmFamily host, other;

  /* the families the dumps say they are (header, -4/-6, addresses) */
  if (m->host->family != IPM_FAMILY_UNKNOWN
      && layer->family != IPM_FAMILY_UNKNOWN
      && m->host->family != layer->family)
    {
      ipm_diags_add_at (m->diags, IPM_SEVERITY_ERROR, layer->file, 1, 0,
                        "this layer is an IPv%d ruleset but the host on "
                        "standard input is IPv%d; merge iptables and "
                        "ip6tables dumps separately", (int) layer->family,
                        (int) m->host->family);
      return FALSE;
    }
  host = ipm_merge_ruleset_family (m->host, &host_witness);
  other = ipm_merge_script_family (layer, &layer_witness);
  if (host == IPM_FAMILY_UNKNOWN || other == IPM_FAMILY_UNKNOWN
      || host == other)
    return TRUE;
  ipm_diags_add_at (m->diags, IPM_SEVERITY_ERROR, layer_witness->loc.file,
                    layer_witness->loc.lineno, 0,
                    "this layer is an IPv%d ruleset but the host is IPv%d "
                    "(%s:%u); merge iptables and ip6tables dumps separately "
                    "(ip6tables with -6)", (int) other, (int) host,
                    host_witness.file, host_witness.lineno);
  return FALSE;
}

/* Whether a rule of TABLE may jump to a chain the result lacks.  Every
 * rule's jump was checked when the rule was added: the parser looks up
 * each target, the merge each layer rule it places (ipm_merge_check_target),
 * -X refuses a chain still targeted and -E retargets the jumps.  What can
 * still break one is a chain going away (n_dropped), or a chain a layer
 * names and the table lacks (--skip left out its declaration), which a
 * target module's name might mean. */
static gboolean
ipm_merge_jumps_may_dangle (IpmMerger *m, const IpmTable *table)
{
  gsize len = strlen (table->name);
  GHashTableIter iter;
  gpointer key;

  if (table->n_dropped > 0)
    return TRUE;
  g_hash_table_iter_init (&iter, m->chain_names);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      const char *name = key;

      if (strncmp (name, table->name, len) == 0 && name[len] == '\t'
          && !ipm_table_has_chain (table, name + len + 1))
        return TRUE;
    }
  return FALSE;
}

/* Belt and braces: no rule of TABLE jumps to a missing chain.  A target is
 * a chain when the canonicalizer says so or when the host or a layer had a
 * user chain of that name (e.g. removed by -X, renamed by -E).  Returns the
 * number of such rules, each reported when REPORT. */
static guint
ipm_merge_check_table_jumps (IpmMerger *m, const IpmTable *table,
                             gboolean report)
{
  g_autoptr(GString) key = g_string_new (NULL);
  /* A target module's name (ACCEPT, DNAT, ...) gives the same answer for
   * every rule of the table: decided once per name.  Values: 1 fine, 2
   * lost. */
  g_autoptr(GHashTable) target_verdicts =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_lost = 0;

  for (guint c = 0; c < table->chains->len; c++)
    {
      const IpmChain *chain = g_ptr_array_index (table->chains, c);
      /* a span stays a span: it prints as read */
      g_autoptr(GPtrArray) rules = ipm_chain_rules_read (chain);
      const char *last_found = NULL;    /* a target of RULES */

      for (guint r = 0; r < rules->len; r++)
        {
          const IpmRule *rule = g_ptr_array_index (rules, r);
          gboolean lost;

          /* start loading the index slot of a jump a few rules on */
          if (r + 8 < rules->len)
            {
              const IpmRule *ahead = g_ptr_array_index (rules, r + 8);

              if (ahead->target_is_chain)
                ipm_table_prefetch_chain (table, ahead->target);
            }
          if (rule->target == NULL)
            continue;
          if (rule->target_is_chain)
            {
              /* runs of rules jump to the same chain (KUBE-MARK-MASQ) */
              if (last_found != NULL && strcmp (last_found, rule->target) == 0)
                continue;
              lost = ipm_table_lookup_chain (table, rule->target) == NULL;
              if (!lost)
                last_found = rule->target;
            }
          else
            {
              guint verdict = GPOINTER_TO_UINT (g_hash_table_lookup (target_verdicts,
                                                                     rule->target));

              if (verdict == 0)
                {
                  /* "TABLE\tTARGET", without an allocation per rule */
                  g_string_assign (key, table->name);
                  g_string_append_c (key, '\t');
                  g_string_append (key, rule->target);
                  verdict = ipm_table_lookup_chain (table, rule->target) == NULL
                    && (g_hash_table_contains (m->chain_names, key->str)
                        || ipm_table_had_chain (table, rule->target)) ? 2 : 1;
                  g_hash_table_insert (target_verdicts, g_strdup (rule->target),
                                       GUINT_TO_POINTER (verdict));
                }
              lost = verdict == 2;
            }
          if (!lost)
            continue;
          n_lost++;
          if (report)
            {
              g_autofree char *line = ipm_merge_rule_line (chain->name, rule);

              ipm_diags_add_at (m->diags, IPM_SEVERITY_ERROR,
                                rule->loc.file, rule->loc.lineno, 0,
                                "'%s' in table %s %s chain %s, which the "
                                "merged result no longer has", line,
                                table->name,
                                rule->is_goto ? "goes to" : "jumps to",
                                rule->target);
            }
        }
    }
  return n_lost;
}

/* No rule of the result jumps to a missing chain: each table is walked
 * where a jump may have lost its chain (IPM_CANON_CHECK=1: every table,
 * and a lost jump the shortcut missed aborts). */
static void
ipm_merge_check_jumps (IpmMerger *m)
{
  for (guint t = 0; t < m->host->tables->len; t++)
    {
      const IpmTable *table = g_ptr_array_index (m->host->tables, t);

      if (ipm_merge_jumps_may_dangle (m, table))
        ipm_merge_check_table_jumps (m, table, TRUE);
      else if (ipm_canon_fast_checking ()
               && ipm_merge_check_table_jumps (m, table, FALSE) > 0)
        g_error ("merge: a jump in table %s lost its chain, but no chain "
                 "went away: a rule was added without its jump checked",
                 table->name);
    }
}

/* A selection that selects nothing is a typo or a layer other than the one
 * meant: said, and an error with --strict. */
static void
ipm_merge_warn_unused (IpmMerger *m, const IpmRegexList *list,
                       const char *option, guint n_given)
{
  const char *pattern;
  guint index = 0;

  /* the first N_GIVEN patterns are the user's */
  while ((pattern = ipm_regex_list_unused (list, &index)) != NULL
         && index <= n_given)
    ipm_diags_add_at (m->diags, IPM_SEVERITY_WARNING, "", 0, 0,
                      "%s '%s' matches no ':' or '-A' line of any layer; "
                      "check the pattern against the layers' canonical "
                      "lines (ipmerge --canonical LAYER)", option, pattern);
}

gboolean
ipm_merge (IpmRuleset *host, const GPtrArray *layers,
           const IpmMergeOptions *options, IpmDiags *diags, GError **error)
{
  g_autoptr(IpmRegexList) take = NULL;
  g_autoptr(IpmRegexList) skip = NULL;
  g_autoptr(GPtrArray) all_skips = NULL;
  g_autoptr(IpmRewriteList) rewrites = NULL;
  g_autoptr(GHashTable) added_tables =
    g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) chain_names =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) created =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  IpmMerger m = { 0 };

  if (host->tables->len == 0 && !options->allow_empty_host)
    {
      g_set_error (error, IPM_ERROR, IPM_ERROR_INVALID,
                   "the host dump on standard input has no table (did "
                   "iptables-save fail?); refusing to build a firewall from "
                   "the layers alone; pass --allow-empty-host if the host "
                   "really has no rules");
      return FALSE;
    }
  take = ipm_regex_list_new (options->take, "--take", error);
  if (take == NULL)
    return FALSE;
  all_skips = g_ptr_array_new ();
  for (guint i = 0; options->skip != NULL && i < options->skip->len; i++)
    g_ptr_array_add (all_skips, g_ptr_array_index (options->skip, i));
  for (guint i = 0; options->preset_skip != NULL && i < options->preset_skip->len; i++)
    g_ptr_array_add (all_skips, g_ptr_array_index (options->preset_skip, i));
  skip = ipm_regex_list_new (all_skips, "--skip", error);
  if (skip == NULL)
    return FALSE;
  rewrites = ipm_rewrite_list_new (options->rewrites, error);
  if (rewrites == NULL)
    return FALSE;
  m.options = options;
  m.diags = diags;
  m.host = host;
  m.take = take;
  m.skip = skip;
  m.rewrites = rewrites;
  m.added_tables = added_tables;
  m.chain_names = chain_names;
  m.created = created;
  /* host chains that go from here on are a jump check's concern */
  for (guint t = 0; t < host->tables->len; t++)
    ipm_table_forget_gone (g_ptr_array_index (host->tables, t));
  m.counters = -1;
  for (guint i = 0; i < layers->len; i++)
    {
      const IpmScript *layer = g_ptr_array_index (layers, i);

      m.layer = layer;
      if (!ipm_merge_family_ok (&m, layer))
        continue;
      for (guint t = 0; t < layer->tables->len; t++)
        ipm_merge_table (&m, g_ptr_array_index (layer->tables, t));
    }
  ipm_merge_warn_unused (&m, take, "--take", G_MAXUINT);
  {
    const char *spec;
    guint index = 0;

    while ((spec = ipm_rewrite_list_unused (rewrites, &index)) != NULL)
      ipm_diags_add_at (diags, IPM_SEVERITY_WARNING, "", 0, 0,
                        "--rewrite '%s' changed no value of any layer rule "
                        "(no address in FROM, or no such interface)", spec);
  }
  ipm_merge_warn_unused (&m, skip, "--skip",
                         options->skip != NULL ? options->skip->len : 0);
  if (!ipm_diags_has_errors (diags))
    ipm_merge_check_jumps (&m);
  return ipm_diags_to_error (diags, error);
}

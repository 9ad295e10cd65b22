/* apply: script commands on a ruleset, with iptables' semantics. */
#include "config.h"

#include <string.h>

#include "apply.h"

/* The rules of CHAIN that jump or go to CHAIN_NAME. */
static guint
ipm_table_count_references_in (const IpmChain *chain, const char *chain_name)
{
  /* read without turning a span into rules for good */
  g_autoptr(GPtrArray) rules = ipm_chain_rules_read (chain);
  guint n = 0;

  for (guint r = 0; r < rules->len; r++)
    {
      const IpmRule *rule = g_ptr_array_index (rules, r);

      if (rule->target_is_chain && strcmp (rule->target, chain_name) == 0)
        n++;
    }
  return n;
}

guint
ipm_table_count_references (const IpmTable *table, const char *chain_name)
{
  guint n = 0;

  for (guint c = 0; c < table->chains->len; c++)
    n += ipm_table_count_references_in (g_ptr_array_index (table->chains, c),
                                        chain_name);
  return n;
}

static void
ipm_apply_error (IpmDiags *diags, const IpmCmd *cmd, const char *format, ...)
  G_GNUC_PRINTF (3, 4);

static void
ipm_apply_error (IpmDiags *diags, const IpmCmd *cmd, const char *format, ...)
{
  va_list ap;

  va_start (ap, format);
  ipm_diags_addv (diags, IPM_SEVERITY_ERROR, cmd->loc.file, cmd->loc.lineno,
                  cmd->col, NULL, format, ap);
  va_end (ap);
}

static IpmChain *
ipm_apply_chain (IpmTable *table, const IpmCmd *cmd, IpmDiags *diags)
{
  IpmChain *chain = ipm_table_lookup_chain (table, cmd->chain);

  if (chain == NULL)
    ipm_apply_error (diags, cmd, "chain %s does not exist in table %s at "
                     "this point (deleted or renamed earlier?)", cmd->chain,
                     table->name);
  return chain;
}

/* Rewrites the "-j OLD"/"-g OLD" at the end of a rule's text after -E. */
static IpmRule *
ipm_rule_retarget (const IpmRule *rule, const char *new_name)
{
  gsize old_len = strlen (rule->target);
  gsize keep = strlen (rule->text) - old_len;
  g_autofree char *text = g_strdup_printf ("%.*s%s", (int) keep, rule->text,
                                           new_name);
  IpmRule *copy = ipm_rule_new (text);

  copy->target = g_strdup (new_name);
  copy->is_goto = rule->is_goto;
  copy->target_is_chain = TRUE;
  copy->unconditional = rule->unconditional;
  copy->literal = rule->literal;
  copy->family = rule->family;
  copy->counters = rule->counters;
  copy->loc = rule->loc;
  return copy;
}

static gboolean
ipm_apply_delete_chain (IpmTable *table, IpmChain *chain, const IpmCmd *cmd,
                        IpmDiags *diags)
{
  if (chain->builtin)
    {
      ipm_apply_error (diags, cmd, "cannot delete built-in chain %s",
                       chain->name);
      return FALSE;
    }
  if (ipm_chain_n_rules (chain) > 0)
    {
      guint n = ipm_chain_n_rules (chain);

      ipm_apply_error (diags, cmd, "cannot delete chain %s: it still has %u "
                       "rule%s; flush it first with -F %s", chain->name,
                       n, n == 1 ? "" : "s", chain->name);
      return FALSE;
    }
  if (ipm_table_count_references (table, chain->name) > 0)
    {
      ipm_apply_error (diags, cmd, "cannot delete chain %s: rules still jump "
                       "to it", chain->name);
      return FALSE;
    }
  ipm_table_remove_chain (table, chain);
  return TRUE;
}

gboolean
ipm_apply_cmd (IpmTable *table, const IpmCmd *cmd, IpmDiags *diags)
{
  IpmChain *chain = NULL;

  if (cmd->chain != NULL && cmd->kind != IPM_CMD_DECLARE
      && cmd->kind != IPM_CMD_NEW_CHAIN)
    {
      chain = ipm_apply_chain (table, cmd, diags);
      if (chain == NULL)
        return FALSE;
    }
  switch (cmd->kind)
    {
    case IPM_CMD_DECLARE:
      chain = ipm_table_ensure_chain (table, cmd->chain, &cmd->loc);
      if (chain->builtin)
        {
          g_free (chain->policy);
          chain->policy = g_strdup (cmd->arg);
        }
      chain->counters = cmd->counters;
      chain->loc = cmd->loc;
      return TRUE;
    case IPM_CMD_NEW_CHAIN:
      if (ipm_table_lookup_chain (table, cmd->chain) != NULL)
        {
          ipm_apply_error (diags, cmd, "chain %s already exists", cmd->chain);
          return FALSE;
        }
      chain = ipm_table_ensure_chain (table, cmd->chain, &cmd->loc);
      chain->counters.present = TRUE;
      return TRUE;
    case IPM_CMD_APPEND:
      g_ptr_array_add (ipm_chain_rules (chain), ipm_rule_ref (cmd->rule));
      return TRUE;
    case IPM_CMD_INSERT:
      {
        GPtrArray *rules = ipm_chain_rules (chain);
        guint at = cmd->index > 0 ? cmd->index - 1 : 0;

        if (at > rules->len)
          {
            ipm_apply_error (diags, cmd, "-I %s %u: the chain has only %u "
                             "rule%s (index too big)", chain->name,
                             cmd->index, rules->len,
                             rules->len == 1 ? "" : "s");
            return FALSE;
          }
        g_ptr_array_insert (rules, at, ipm_rule_ref (cmd->rule));
        return TRUE;
      }
    case IPM_CMD_CHECK:
      if (ipm_chain_find_rule (chain, cmd->rule) < 0)
        {
          ipm_apply_error (diags, cmd, "-C %s: no such rule in the chain "
                           "(iptables-restore would fail here: 'Bad rule')",
                           chain->name);
          return FALSE;
        }
      return TRUE;
    case IPM_CMD_DELETE:
    case IPM_CMD_REPLACE:
      {
        GPtrArray *rules = ipm_chain_rules (chain);
        gint at;

        if (cmd->index > 0)
          at = cmd->index <= rules->len ? (gint) cmd->index - 1 : -1;
        else
          at = ipm_chain_find_rule (chain, cmd->rule);
        if (at < 0)
          {
            if (cmd->index > 0)
              ipm_apply_error (diags, cmd, "%s %s %u: the chain has only %u "
                               "rule%s", ipm_cmd_kind_name (cmd->kind),
                               chain->name, cmd->index, rules->len,
                               rules->len == 1 ? "" : "s");
            else
              ipm_apply_error (diags, cmd, "-D %s: no such rule in the chain "
                               "(iptables would fail with 'Bad rule')",
                               chain->name);
            return FALSE;
          }
        if (cmd->kind == IPM_CMD_DELETE)
          g_ptr_array_remove_index (rules, at);
        else
          {
            ipm_rule_unref (g_ptr_array_index (rules, at));
            g_ptr_array_index (rules, at) = ipm_rule_ref (cmd->rule);
          }
        return TRUE;
      }
    case IPM_CMD_FLUSH:
      if (chain != NULL)
        ipm_chain_set_rules (chain, NULL);
      else
        for (guint i = 0; i < table->chains->len; i++)
          ipm_chain_set_rules (g_ptr_array_index (table->chains, i), NULL);
      return TRUE;
    case IPM_CMD_DELETE_CHAIN:
      if (chain != NULL)
        return ipm_apply_delete_chain (table, chain, cmd, diags);
      for (guint i = table->chains->len; i-- > 0;)
        {
          IpmChain *c = g_ptr_array_index (table->chains, i);

          if (!c->builtin && !ipm_apply_delete_chain (table, c, cmd, diags))
            return FALSE;
        }
      return TRUE;
    case IPM_CMD_POLICY:
      g_free (chain->policy);
      chain->policy = g_strdup (cmd->arg);
      return TRUE;
    case IPM_CMD_ZERO:
      for (guint i = 0; i < table->chains->len; i++)
        {
          IpmChain *c = g_ptr_array_index (table->chains, i);
          GPtrArray *made;

          if (chain != NULL && c != chain)
            continue;
          if (c->counters.present)
            c->counters.packets = c->counters.bytes = 0;
          /* (a span's rules have no counters) */
          made = ipm_chain_rules_made (c);
          for (guint r = 0; made != NULL && r < made->len; r++)
            {
              IpmRule *rule = g_ptr_array_index (made, r);

              if (rule->counters.present)
                rule->counters.packets = rule->counters.bytes = 0;
            }
        }
      return TRUE;
    case IPM_CMD_RENAME:
      if (chain->builtin)
        {
          ipm_apply_error (diags, cmd, "cannot rename built-in chain %s",
                           chain->name);
          return FALSE;
        }
      if (ipm_table_lookup_chain (table, cmd->arg) != NULL)
        {
          ipm_apply_error (diags, cmd, "chain %s already exists", cmd->arg);
          return FALSE;
        }
      for (guint c = 0; c < table->chains->len; c++)
        {
          IpmChain *other = g_ptr_array_index (table->chains, c);
          GPtrArray *rules;

          /* a span that does not jump there stays a span */
          if (ipm_chain_rules_made (other) == NULL
              && ipm_table_count_references_in (other, chain->name) == 0)
            continue;
          rules = ipm_chain_rules (other);
          for (guint r = 0; r < rules->len; r++)
            {
              IpmRule *rule = g_ptr_array_index (rules, r);

              if (rule->target_is_chain && strcmp (rule->target, chain->name) == 0)
                {
                  g_ptr_array_index (rules, r) = ipm_rule_retarget (rule, cmd->arg);
                  ipm_rule_unref (rule);
                }
            }
        }
      ipm_table_rename_chain (table, chain, cmd->arg);
      return TRUE;
    }
  g_assert_not_reached ();
}

/* With TAKE, -A moves the command's reference to its rule into the
 * ruleset (the command's rule becomes NULL) rather than adding one. */
static IpmRuleset *
ipm_apply_script_full (IpmScript *script, gboolean take, IpmDiags *diags,
                       GError **error)
{
  g_autoptr(IpmRuleset) rs = NULL;

  /* parsed with build_ruleset: the ruleset is there already */
  if (script->ruleset != NULL)
    {
      if (!ipm_diags_to_error (diags, error))
        return NULL;
      return take ? g_steal_pointer (&script->ruleset)
                  : ipm_ruleset_copy (script->ruleset);
    }
  rs = ipm_ruleset_new ();
  rs->family = script->family;
  for (guint t = 0; t < script->tables->len; t++)
    {
      const IpmScriptTable *st = g_ptr_array_index (script->tables, t);
      IpmTable *table = ipm_ruleset_ensure_table (rs, st->name, &st->loc);
      IpmChain *last = NULL;          /* the chain of the previous -A */
      const char *last_name = NULL;   /* its name as that -A gave it */

      for (guint c = 0; c < st->cmds->len; c++)
        {
          IpmCmd *cmd = g_ptr_array_index (st->cmds, c);

          /* A dump appends runs of rules to one chain, and the parser gives
           * them the same name string: no lookup for the rest of a run. */
          if (cmd->kind == IPM_CMD_APPEND && cmd->chain == last_name)
            {
              g_ptr_array_add (ipm_chain_rules (last), take ? g_steal_pointer (&cmd->rule)
                                            : ipm_rule_ref (cmd->rule));
              continue;
            }
          last_name = NULL;
          if (!ipm_apply_cmd (table, cmd, diags)
              || cmd->kind != IPM_CMD_APPEND)
            continue;
          last = ipm_table_lookup_chain (table, cmd->chain);
          last_name = cmd->chain;
        }
    }
  if (!ipm_diags_to_error (diags, error))
    return NULL;
  return g_steal_pointer (&rs);
}

IpmRuleset *
ipm_apply_script (const IpmScript *script, IpmDiags *diags, GError **error)
{
  /* without TAKE the script is only read */
  return ipm_apply_script_full ((IpmScript *) script, FALSE, diags, error);
}

IpmRuleset *
ipm_apply_script_steal (IpmScript *script, IpmDiags *diags, GError **error)
{
  return ipm_apply_script_full (script, TRUE, diags, error);
}

IpmRuleset *
ipm_apply_script_take (IpmScript *script, IpmDiags *diags, GError **error)
{
  IpmRuleset *rs = ipm_apply_script_steal (script, diags, error);

  ipm_script_free (script);
  return rs;
}

/* reach: dead points of chains (see reach.h). */
#include "config.h"

#include <string.h>

#include "grammar.h"
#include "reach.h"

/* The end of the canonical word at P: quoted parts may hold blanks. */
static const char *
ipm_reach_skip_word (const char *p)
{
  while (*p != '\0' && *p != ' ')
    {
      if (*p != '"')
        {
          p++;
          continue;
        }
      for (p++; *p != '\0' && *p != '"'; p++)
        if (*p == '\\' && p[1] != '\0')
          p++;
      if (*p == '"')
        p++;
    }
  return *p == ' ' ? p + 1 : p;
}

/* P past a module instance "-m NAME" whose options are all in OPTIONS
 * (each given once, in any order), or NULL when P is not one. */
static const char *
ipm_reach_skip_module (const char *p, const char *name,
                       const char *const *options)
{
  gsize len = strlen (name);

  if (strncmp (p, "-m ", 3) != 0 || strncmp (p + 3, name, len) != 0
      || (p[3 + len] != ' ' && p[3 + len] != '\0'))
    return NULL;
  p = ipm_reach_skip_word (p + 3);
  for (;;)
    {
      gboolean known = FALSE;

      for (guint i = 0; options[i] != NULL && !known; i++)
        {
          gsize olen = strlen (options[i]);

          if (strncmp (p, options[i], olen) == 0 && p[olen] == ' ')
            {
              p = ipm_reach_skip_word (p + olen + 1);
              known = TRUE;
            }
        }
      if (!known)
        return p;
    }
}

/* TEXT past every leading comment (and, with LIMITS, rate limit) match:
 * what is left are the conditions that select packets, then the target. */
static const char *
ipm_reach_skip_quiet_matches (const char *text, gboolean limits)
{
  static const char *const comment[] = { "--comment", NULL };
  static const char *const limit[] = { "--limit", "--limit-burst", NULL };
  const char *p = text;

  for (;;)
    {
      const char *next = ipm_reach_skip_module (p, "comment", comment);

      if (next == NULL && limits)
        next = ipm_reach_skip_module (p, "limit", limit);
      if (next == NULL)
        return p;
      p = next;
    }
}

static gboolean
ipm_reach_is_target_only (const char *p)
{
  return *p == '\0' || strncmp (p, "-j ", 3) == 0 || strncmp (p, "-g ", 3) == 0;
}

gboolean
ipm_reach_matches_every_packet (const IpmRule *rule)
{
  if (rule->unconditional)
    return TRUE;
  /* a negated comment is refused by the parser, so "! " never follows */
  return ipm_reach_is_target_only (ipm_reach_skip_quiet_matches (rule->text,
                                                               FALSE));
}

gboolean
ipm_reach_leaves_chain (const IpmRule *rule)
{
  const IpmGrammarModule *target;

  if (rule->target == NULL)
    return FALSE;
  if (rule->is_goto)
    return TRUE;
  if (rule->target_is_chain)
    return FALSE;
  target = ipm_grammar_target (rule->target, 0);
  return target != NULL && (target->flags & IPM_MODULE_VERDICT) != 0;
}

gboolean
ipm_reach_ends_chain (const IpmRule *rule)
{
  return ipm_reach_leaves_chain (rule) && ipm_reach_matches_every_packet (rule);
}

guint
ipm_reach_dead_point (const GPtrArray *rules)
{
  for (guint i = 0; i < rules->len; i++)
    if (ipm_reach_ends_chain (g_ptr_array_index (rules, i)))
      return i;
  return rules->len;
}

/* A LOG, NFLOG or ULOG rule that logs every packet (but for a rate limit):
 * the announcement of an unconditional verdict right after it. */
static gboolean
ipm_reach_logs_every_packet (const IpmRule *rule)
{
  if (rule->target == NULL || rule->is_goto
      || (strcmp (rule->target, "LOG") != 0
          && strcmp (rule->target, "NFLOG") != 0
          && strcmp (rule->target, "ULOG") != 0))
    return FALSE;
  return rule->unconditional
    || ipm_reach_is_target_only (ipm_reach_skip_quiet_matches (rule->text,
                                                               TRUE));
}

guint
ipm_reach_insertion_point (const GPtrArray *rules, guint dead)
{
  guint at = dead;

  if (dead >= rules->len)
    return rules->len;
  while (at > 0 && ipm_reach_logs_every_packet (g_ptr_array_index (rules,
                                                                   at - 1)))
    at--;
  return at;
}

char *
ipm_reach_describe (const IpmRule *rule)
{
  static const struct {
    const char *target;
    const char *verb;
  } verbs[] = {
    { "ACCEPT", "accepts" }, { "DROP", "drops" }, { "REJECT", "rejects" },
    { "RETURN", "returns" }, { "QUEUE", "queues" }, { "NFQUEUE", "queues" },
  };

  if (rule->is_goto)
    return g_strdup_printf ("goes to %s with every packet", rule->target);
  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    if (strcmp (rule->target, verbs[i].target) == 0)
      return g_strdup_printf ("%s every packet", verbs[i].verb);
  return g_strdup_printf ("ends the chain for every packet (-j %s)",
                          rule->target);
}

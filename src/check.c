/* check: findings that need more than one line (see check.h). */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "apply.h"
#include "check.h"
#include "grammar.h"
#include "merge.h"
#include "reach.h"
#include "suggest.h"

static const IpmCheckKind ipm_check_kind_table[] = {
  { IPM_CHECK_KIND_INPUT_ERROR, "iptables-restore would reject the line or "
    "read it otherwise (syntax, values, undeclared chains, a module in a "
    "table that lacks it)" },
  { IPM_CHECK_KIND_INPUT_WARNING, "legal, but likely not what was meant (a "
    "comment the kernel truncates, ...)" },
  { IPM_CHECK_KIND_IO_ERROR, "the file cannot be read" },
  { IPM_CHECK_KIND_DUPLICATE, "a rule given twice in one chain" },
  { IPM_CHECK_KIND_UNREACHABLE, "a rule after the chain's dead point: no "
    "packet reaches it" },
  { IPM_CHECK_KIND_UNUSED_CHAIN, "a user chain no rule jumps or goes to" },
  { IPM_CHECK_KIND_INVALID_UTF8, "bytes that are not UTF-8 in a comment or "
    "log prefix" },
  { IPM_CHECK_KIND_UNKNOWN_MODULE, "a match module ipmerge does not know, "
    "close to one it knows" },
  { IPM_CHECK_KIND_MERGE_ERROR, "--host: the merge of the layers into the "
    "host fails" },
  { IPM_CHECK_KIND_MERGE_WARNING, "--host: the merge of the layers into the "
    "host warns" },
};

const IpmCheckKind *
ipm_check_kinds (guint *n)
{
  *n = G_N_ELEMENTS (ipm_check_kind_table);
  return ipm_check_kind_table;
}

const char *
ipm_check_kind_of (const IpmDiag *d)
{
  if (d->kind != NULL)
    return d->kind;
  if (d->severity == IPM_SEVERITY_WARNING)
    return IPM_CHECK_KIND_INPUT_WARNING;
  return d->lineno == 0 ? IPM_CHECK_KIND_IO_ERROR : IPM_CHECK_KIND_INPUT_ERROR;
}

/* the agent column documents the row; the reason is what callers get */
static const struct {
  const char *chain;
  const char *tables;
  const char *reason;
} ipm_agent_chains[] = {
#define IPM_AGENT_CHAIN(id, chain, tables, agent, reason) \
  { chain, tables, reason },
#include "agent-chains.def"
#undef IPM_AGENT_CHAIN
};

const char *
ipm_check_agent_chain (const char *table, const char *chain)
{
  for (guint i = 0; i < G_N_ELEMENTS (ipm_agent_chains); i++)
    if (strcmp (ipm_agent_chains[i].chain, chain) == 0
        && ipm_grammar_list_has (ipm_agent_chains[i].tables, table))
      return ipm_agent_chains[i].reason;
  return NULL;
}

/* Where findings go, and the lines they show. */
typedef struct {
  const GPtrArray *scripts; /* IpmScript*, parsed with keep_text */
  const char *host_file;    /* --host: findings about this file's lines
                               alone are left out (checking the host is
                               --check HOST); NULL: none left out */
  IpmDiags *diags;
} IpmChecker;

/* Fills LINE with line LOC of whichever script it comes from. */
static void
ipm_check_line (const IpmChecker *ck, const IpmLoc *loc, IpmLine *line)
{
  for (guint i = 0; i < ck->scripts->len; i++)
    {
      const IpmScript *script = g_ptr_array_index (ck->scripts, i);

      if (script->file == loc->file)
        {
          ipm_script_line (script, loc->lineno, line);
          return;
        }
    }
  memset (line, 0, sizeof *line);
  line->file = loc->file;
  line->lineno = loc->lineno;
}

/* TRUE when a finding about A (and B, if not NULL) is to be reported: not
 * all of it about the host's own lines. */
static gboolean
ipm_check_in_scope (const IpmChecker *ck, const IpmLoc *a, const IpmLoc *b)
{
  return ck->host_file == NULL || a->file != ck->host_file
         || (b != NULL && b->file != ck->host_file);
}

/* Column of the first word after "-A CHAIN" (or "-I CHAIN N", ...) on a
 * rule's line, so that the caret points at the rule rather than at the
 * command. */
static guint
ipm_check_rule_col (const IpmLine *line)
{
  const char *p = line->text;
  guint words = 0;

  if (p == NULL)
    return 0;
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
  /* -I CHAIN N, -R CHAIN N */
  if (line->text[0] == '-' && (line->text[1] == 'I' || line->text[1] == 'R')
      && g_ascii_isdigit (*p))
    {
      while (g_ascii_isdigit (*p))
        p++;
      while (*p == ' ' || *p == '\t')
        p++;
    }
  return *p != '\0' ? (guint) (p - line->text) + 1 : 1;
}

static void G_GNUC_PRINTF (6, 7)
ipm_check_report (const IpmChecker *ck, IpmSeverity severity,
                  const char *kind, const IpmLine *line, guint col,
                  const char *format, ...)
{
  g_autofree char *message = NULL;
  guint before = ck->diags->items->len;
  va_list ap;

  va_start (ap, format);
  message = g_strdup_vprintf (format, ap);
  va_end (ap);
  if (line->text != NULL)
    ipm_diags_add (ck->diags, severity, line, col, "%s", message);
  else
    ipm_diags_add_at (ck->diags, severity, line->file, line->lineno, col,
                      "%s", message);
  ipm_diags_set_kind (ck->diags, before, kind);
}

/* The end of the word at P (quoted parts may hold blanks). */
static const char *
ipm_check_word_end (const char *p)
{
  while (*p != '\0' && *p != ' ')
    {
      if (*p++ != '"')
        continue;
      for (; *p != '\0' && *p != '"'; p++)
        if (*p == '\\' && p[1] != '\0')
          p++;
      if (*p == '"')
        p++;
    }
  return p;
}

/* Column of the first word NAME on LINE, or 0. */
static guint
ipm_check_word_col (const IpmLine *line, const char *name)
{
  gsize len = strlen (name);

  for (const char *p = line->text; p != NULL && *p != '\0';)
    {
      const char *end = ipm_check_word_end (p);

      if ((gsize) (end - p) == len && strncmp (p, name, len) == 0)
        return (guint) (p - line->text) + 1;
      while (*end == ' ' || *end == '\t')
        end++;
      if (end == p)
        end++;
      p = end;
    }
  return 0;
}

/* A rule whose matches the grammar did not know keeps them word for word:
 * when such a match is named like one it knows, it is a typo the kernel
 * will refuse at restore time. */
static void
ipm_check_rule_modules (const IpmChecker *ck, const IpmRule *rule,
                        guint family, const IpmLine *line)
{
  const char *p = rule->text;

  if (!rule->literal)
    return;
  while (*p != '\0')
    {
      const char *end = ipm_check_word_end (p);

      if (end - p == 2 && strncmp (p, "-m", 2) == 0 && *end == ' ')
        {
          const char *name_at = end + 1;
          const char *name_end = ipm_check_word_end (name_at);
          g_autofree char *name = g_strndup (name_at, name_end - name_at);

          if (ipm_grammar_match (name, 0) == NULL)
            {
              g_auto(IpmSuggest) s = { 0 };
              g_autofree char *close = NULL;

              ipm_suggest_init (&s, name);
              ipm_suggest_offer_matches (&s, family);
              close = ipm_suggest_result (&s, "");
              if (close != NULL)
                ipm_check_report (ck, IPM_SEVERITY_WARNING,
                                  IPM_CHECK_KIND_UNKNOWN_MODULE, line,
                                  ipm_check_word_col (line, name),
                                  "match %s is not one ipmerge knows (its "
                                  "options are kept unchecked, and the "
                                  "kernel refuses a module it lacks); did "
                                  "you mean %s?", name, close);
            }
          end = name_end;
        }
      p = *end == ' ' ? end + 1 : end;
    }
}

static void
ipm_check_rule_line (const IpmChecker *ck, const IpmRule *rule, guint family,
                     const IpmLine *line)
{
  const char *bad;

  /* Only reached with --allow-invalid-utf8 (the parser refuses such bytes
   * otherwise): still worth a finding. */
  if (line->text != NULL && !g_utf8_validate (line->text, line->len, &bad))
    ipm_check_report (ck, IPM_SEVERITY_WARNING, IPM_CHECK_KIND_INVALID_UTF8,
                      line, (guint) (bad - line->text) + 1,
                      "byte 0x%02x is not valid UTF-8 (in a comment or log "
                      "prefix?); the kernel keeps it, but editors and other "
                      "tools may not", (unsigned char) *bad);
  ipm_check_rule_modules (ck, rule, family, line);
}

/* The whole-ruleset findings of one chain. */
static void
ipm_check_chain (const IpmChecker *ck, const IpmTable *table,
                 const IpmChain *chain, guint family)
{
  /* the first rule of each text, for chains too long to scan (most
   * chains of a large dump hold two or three rules) */
  const GPtrArray *rules = ipm_chain_rules (chain);
  g_autoptr(GHashTable) seen = rules->len > 8
    ? g_hash_table_new (ipm_str_hash, g_str_equal) : NULL;
  guint dead = ipm_reach_dead_point (rules);
  const IpmRule *dead_rule = dead < rules->len
    ? g_ptr_array_index (rules, dead) : NULL;
  g_autofree char *dead_does = dead_rule != NULL
    ? ipm_reach_describe (dead_rule) : NULL;

  for (guint r = 0; r < rules->len; r++)
    {
      const IpmRule *rule = g_ptr_array_index (rules, r);
      const IpmRule *first;
      IpmLine line;

      ipm_check_line (ck, &rule->loc, &line);
      if (ipm_check_in_scope (ck, &rule->loc, NULL))
        ipm_check_rule_line (ck, rule, family, &line);
      if (r > dead && ipm_check_in_scope (ck, &rule->loc, &dead_rule->loc))
        ipm_check_report (ck, IPM_SEVERITY_WARNING,
                          IPM_CHECK_KIND_UNREACHABLE, &line,
                          ipm_check_rule_col (&line),
                          "rule %u of chain %s in table %s is never reached: "
                          "the rule at %s%s%u %s first; move this rule above "
                          "it or remove it", r + 1, chain->name, table->name,
                          dead_rule->loc.file != rule->loc.file
                          ? dead_rule->loc.file : "",
                          dead_rule->loc.file != rule->loc.file ? ":" : "line ",
                          dead_rule->loc.lineno, dead_does);
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
        {
          if (ipm_check_in_scope (ck, &rule->loc, &first->loc))
            ipm_check_report (ck, IPM_SEVERITY_WARNING,
                              IPM_CHECK_KIND_DUPLICATE, &line,
                              ipm_check_rule_col (&line),
                              "duplicate of the rule at %s%s%u in chain %s; "
                              "remove one of them",
                              first->loc.file != rule->loc.file
                              ? first->loc.file : "",
                              first->loc.file != rule->loc.file ? ":" : "line ",
                              first->loc.lineno, chain->name);
        }
      else if (seen != NULL)
        g_hash_table_insert (seen, rule->text, (gpointer) rule);
    }
}

static void
ipm_check_ruleset_with (const IpmChecker *ck, const IpmRuleset *rs)
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

          ipm_check_chain (ck, table, chain, rs->family);
          if (!chain->builtin && !g_hash_table_contains (used, chain->name)
              && ipm_check_agent_chain (table->name, chain->name) == NULL
              && ipm_check_in_scope (ck, &chain->loc, NULL))
            {
              IpmLine line;

              ipm_check_line (ck, &chain->loc, &line);
              ipm_check_report (ck, IPM_SEVERITY_WARNING,
                                IPM_CHECK_KIND_UNUSED_CHAIN, &line, 1,
                                "user chain %s in table %s is never used: no "
                                "rule jumps or goes to it", chain->name,
                                table->name);
            }
        }
    }
}

void
ipm_check_ruleset (const IpmScript *script, const IpmRuleset *rs,
                   IpmDiags *diags)
{
  g_autoptr(GPtrArray) scripts = g_ptr_array_new ();
  IpmChecker ck = { scripts, NULL, diags };

  g_ptr_array_add (scripts, (gpointer) script);
  ipm_check_ruleset_with (&ck, rs);
}

/* TRUE when every built-in chain of TABLE was declared by a ':' line (an
 * undeclared one has the location of its table's '*' line). */
static gboolean
ipm_check_table_declares_builtins (const IpmTable *table)
{
  const char *const *builtin = ipm_table_builtin_chains (table->name);

  for (; builtin != NULL && *builtin != NULL; builtin++)
    {
      const IpmChain *chain = ipm_table_lookup_chain (table, *builtin);

      if (chain == NULL || chain->loc.lineno == table->loc.lineno)
        return FALSE;
    }
  return TRUE;
}

static gboolean
ipm_check_script_table_declares_builtins (const IpmScriptTable *st)
{
  const char *const *builtin = ipm_table_builtin_chains (st->name);

  for (; builtin != NULL && *builtin != NULL; builtin++)
    {
      gboolean declared = FALSE;

      for (guint c = 0; c < st->cmds->len && !declared; c++)
        {
          const IpmCmd *cmd = g_ptr_array_index (st->cmds, c);

          declared = cmd->kind == IPM_CMD_DECLARE
                     && strcmp (cmd->chain, *builtin) == 0;
        }
      if (!declared)
        return FALSE;
    }
  return TRUE;
}

gboolean
ipm_check_is_dump (const IpmScript *script)
{
  if (!script->only_dump_lines)
    return FALSE;
  if (script->ruleset != NULL)
    {
      for (guint t = 0; t < script->ruleset->tables->len; t++)
        if (!ipm_check_table_declares_builtins (g_ptr_array_index (script->ruleset->tables, t)))
          return FALSE;
      return TRUE;
    }
  for (guint t = 0; t < script->tables->len; t++)
    if (!ipm_check_script_table_declares_builtins (g_ptr_array_index (script->tables, t)))
      return FALSE;
  return TRUE;
}

/* The -A rules of one chain in a run of ':' and '-A' lines of an overlay:
 * the merge places them as one sequence (merge.c), after dropping those
 * behind the sequence's own dead point. */
static void
ipm_check_overlay_group (const IpmChecker *ck, const char *table,
                         const char *chain, const GPtrArray *rules)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint dead;
  g_autofree char *dead_does = NULL;

  dead = ipm_reach_dead_point (rules);
  if (dead < rules->len)
    dead_does = ipm_reach_describe (g_ptr_array_index (rules, dead));
  for (guint i = 0; i < rules->len; i++)
    {
      const IpmRule *rule = g_ptr_array_index (rules, i);
      const IpmRule *first = g_hash_table_lookup (seen, rule->text);
      IpmLine line;

      ipm_check_line (ck, &rule->loc, &line);
      if (i > dead)
        ipm_check_report (ck, IPM_SEVERITY_WARNING,
                          IPM_CHECK_KIND_UNREACHABLE, &line,
                          ipm_check_rule_col (&line),
                          "rule %u of this file's -A %s (table %s) is never "
                          "reached: the rule at line %u %s first (a merge "
                          "leaves this rule out); move it above that rule or "
                          "remove it", i + 1, chain, table,
                          ((const IpmRule *) g_ptr_array_index (rules,
                                                                dead))->loc.lineno,
                          dead_does);
      if (first != NULL)
        ipm_check_report (ck, IPM_SEVERITY_WARNING, IPM_CHECK_KIND_DUPLICATE,
                          &line, ipm_check_rule_col (&line),
                          "duplicate of the -A at line %u in chain %s: the "
                          "merge adds the rule once; remove one of them",
                          first->loc.lineno, chain);
      else
        g_hash_table_insert (seen, rule->text, (gpointer) rule);
    }
}

static void
ipm_check_overlay_run (const IpmChecker *ck, const IpmScriptTable *st,
                       GPtrArray *order, GHashTable *groups)
{
  for (guint i = 0; i < order->len; i++)
    {
      const char *chain = g_ptr_array_index (order, i);

      ipm_check_overlay_group (ck, st->name, chain,
                               g_hash_table_lookup (groups, chain));
    }
  g_ptr_array_set_size (order, 0);
  g_hash_table_remove_all (groups);
}

/* An overlay is checked for what holds whatever host it is merged into. */
static void
ipm_check_overlay (const IpmChecker *ck, const IpmScript *script)
{
  /* only ':' and '-A' lines, built as they were read: each chain's rules
   * are one run */
  for (guint t = 0; script->ruleset != NULL && t < script->ruleset->tables->len;
       t++)
    {
      const IpmTable *table = g_ptr_array_index (script->ruleset->tables, t);

      for (guint c = 0; c < table->chains->len; c++)
        {
          const IpmChain *chain = g_ptr_array_index (table->chains, c);
          const GPtrArray *rules = ipm_chain_rules (chain);

          for (guint r = 0; r < rules->len; r++)
            {
              const IpmRule *rule = g_ptr_array_index (rules, r);
              IpmLine line;

              ipm_check_line (ck, &rule->loc, &line);
              ipm_check_rule_line (ck, rule, script->family, &line);
            }
          ipm_check_overlay_group (ck, table->name, chain->name, rules);
        }
    }
  for (guint t = 0; t < script->tables->len; t++)
    {
      const IpmScriptTable *st = g_ptr_array_index (script->tables, t);
      g_autoptr(GHashTable) groups =
        g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                               (GDestroyNotify) g_ptr_array_unref);
      g_autoptr(GPtrArray) order = g_ptr_array_new ();

      for (guint c = 0; c < st->cmds->len; c++)
        {
          const IpmCmd *cmd = g_ptr_array_index (st->cmds, c);
          IpmLine line;

          ipm_check_line (ck, &cmd->loc, &line);
          if (cmd->rule != NULL)
            ipm_check_rule_line (ck, cmd->rule, script->family, &line);
          if (cmd->kind == IPM_CMD_APPEND)
            {
              GPtrArray *group = g_hash_table_lookup (groups, cmd->chain);

              if (group == NULL)
                {
                  group = g_ptr_array_new ();
                  g_hash_table_insert (groups, cmd->chain, group);
                  g_ptr_array_add (order, cmd->chain);
                }
              g_ptr_array_add (group, cmd->rule);
              continue;
            }
          if (cmd->kind == IPM_CMD_DECLARE)
            continue;
          ipm_check_overlay_run (ck, st, order, groups);
          /* what iptables refuses on any host (apply.c says the same) */
          if ((cmd->kind == IPM_CMD_DELETE_CHAIN || cmd->kind == IPM_CMD_RENAME)
              && cmd->chain != NULL && ipm_chain_is_builtin (st->name, cmd->chain))
            ipm_check_report (ck, IPM_SEVERITY_ERROR,
                              IPM_CHECK_KIND_INPUT_ERROR, &line, cmd->chain_col,
                              "cannot %s built-in chain %s",
                              cmd->kind == IPM_CMD_RENAME ? "rename" : "delete",
                              cmd->chain);
        }
      ipm_check_overlay_run (ck, st, order, groups);
    }
}

void
ipm_check_script (IpmScript *script, IpmDiags *diags)
{
  g_autoptr(GPtrArray) scripts = g_ptr_array_new ();
  IpmChecker ck = { scripts, NULL, diags };
  g_autoptr(IpmRuleset) rs = NULL;

  g_ptr_array_add (scripts, script);
  if (!ipm_check_is_dump (script))
    {
      ipm_check_overlay (&ck, script);
      return;
    }
  /* the script keeps its lines for the findings */
  rs = ipm_apply_script_steal (script, diags, NULL);
  if (rs != NULL)
    ipm_check_ruleset_with (&ck, rs);
}

/* Parses PATH for --check; NULL after reporting. */
static IpmScript *
ipm_check_load (const char *path, const IpmParseOptions *parse,
                gboolean build_ruleset, IpmFamily default_family,
                IpmDiags *diags)
{
  g_autoptr(GError) error = NULL;
  IpmParseOptions options = *parse;
  IpmScript *script;

  options.keep_text = TRUE;
  options.build_ruleset = build_ruleset;
  options.spans = FALSE;
  options.allow_empty = FALSE;
  options.default_family = default_family;
  script = ipm_parse_path (path, &options, diags, &error);
  /* the message names the file already */
  if (script == NULL && error->code == IPM_ERROR_IO)
    {
      guint before = diags->items->len;

      ipm_diags_add_at (diags, IPM_SEVERITY_ERROR, "", 0, 0, "%s",
                        error->message);
      ipm_diags_set_kind (diags, before, IPM_CHECK_KIND_IO_ERROR);
    }
  return script;
}

/* Merge findings have a location but no line: give them theirs, for the
 * caret and the machine formats. */
static void
ipm_check_attach_lines (const IpmChecker *ck, guint from)
{
  for (guint i = from; i < ck->diags->items->len; i++)
    {
      IpmDiag *d = g_ptr_array_index (ck->diags->items, i);
      IpmLoc loc = { d->file, d->lineno };
      IpmLine line;

      if (d->line_text != NULL || d->lineno == 0)
        continue;
      ipm_check_line (ck, &loc, &line);
      if (line.text != NULL)
        d->line_text = g_strndup (line.text, line.len);
    }
}

/* --check --host HOST LAYER...: the layers merged into HOST as a merge
 * would (into a copy), what the merge says, and the findings of the
 * result that involve a layer. */
static void
ipm_check_against_host (const IpmCheckOptions *options, IpmDiags *diags)
{
  g_autoptr(GPtrArray) scripts =
    g_ptr_array_new_with_free_func ((GDestroyNotify) ipm_script_free);
  g_autoptr(GPtrArray) layers = g_ptr_array_new ();
  g_autoptr(IpmDiags) found = ipm_diags_new ();
  g_autoptr(IpmRuleset) host = NULL;
  g_autoptr(IpmRuleset) result = NULL;
  g_autoptr(GError) error = NULL;
  IpmMergeOptions merge = { 0 };
  IpmScript *host_script;
  IpmChecker ck = { scripts, NULL, found };
  gboolean loaded = TRUE;
  guint before;

  /* not strict while checking: a warning must not stop the checks that
   * follow (the caller's DIAGS decides the exit status) */
  host_script = ipm_check_load (options->host, &options->parse, TRUE,
                                IPM_FAMILY_UNKNOWN, found);
  if (host_script == NULL)
    {
      ipm_diags_move (diags, found);
      return;
    }
  g_ptr_array_add (scripts, host_script);
  ck.host_file = host_script->file;
  host = ipm_apply_script_steal (host_script, found, NULL);
  for (const char *const *path = options->paths; *path != NULL; path++)
    {
      /* each layer's findings, whatever the others hold */
      g_autoptr(IpmDiags) layer_found = ipm_diags_new ();
      IpmScript *layer;

      layer = ipm_check_load (*path, &options->parse, FALSE,
                              host != NULL ? host->family : IPM_FAMILY_UNKNOWN,
                              layer_found);
      ipm_diags_move (found, layer_found);
      if (layer == NULL)
        {
          loaded = FALSE;
          continue;
        }
      g_ptr_array_add (scripts, layer);
      g_ptr_array_add (layers, layer);
    }
  /* nothing to merge until every input reads */
  if (host == NULL || !loaded || ipm_diags_has_errors (found))
    {
      ipm_diags_move (diags, found);
      return;
    }
  if (options->merge != NULL)
    {
      /* the selection and rewrites of the merge to check, nothing else:
       * no notes, and the host read is never empty */
      merge.take = options->merge->take;
      merge.skip = options->merge->skip;
      merge.preset_skip = options->merge->preset_skip;
      merge.rewrites = options->merge->rewrites;
    }
  result = ipm_ruleset_copy (host);
  before = found->items->len;
  if (!ipm_merge (result, layers, &merge, found, &error)
      && found->n_errors == 0)
    ipm_diags_add_at (found, IPM_SEVERITY_ERROR, "", 0, 0, "%s",
                      error->message);
  for (guint i = before; i < found->items->len; i++)
    {
      IpmDiag *d = g_ptr_array_index (found->items, i);

      if (d->kind == NULL)
        d->kind = d->severity == IPM_SEVERITY_ERROR
          ? IPM_CHECK_KIND_MERGE_ERROR : IPM_CHECK_KIND_MERGE_WARNING;
    }
  ipm_check_attach_lines (&ck, before);
  if (found->n_errors == 0)
    ipm_check_ruleset_with (&ck, result);
  ipm_diags_move (diags, found);
}

gboolean
ipm_check_options_valid (const IpmCheckOptions *options, GError **error)
{
  guint n_stdin = options->host != NULL && strcmp (options->host, "-") == 0;

  if (options->host != NULL
      && (options->paths == NULL || options->paths[0] == NULL))
    {
      g_set_error (error, IPM_ERROR, IPM_ERROR_USAGE,
                   "--check --host HOST takes the LAYER files to check "
                   "against HOST");
      return FALSE;
    }
  if (options->host == NULL && options->merge != NULL
      && ((options->merge->take != NULL && options->merge->take->len > 0)
          || (options->merge->skip != NULL && options->merge->skip->len > 0)
          || (options->merge->rewrites != NULL && options->merge->rewrites->len > 0)
          || (options->merge->preset_skip != NULL
              && options->merge->preset_skip->len > 0)))
    {
      g_set_error (error, IPM_ERROR, IPM_ERROR_USAGE,
                   "--take, --skip, --rewrite and --skip-containers act on "
                   "the merge of --check --host HOST; without --host they "
                   "do nothing");
      return FALSE;
    }
  for (const char *const *path = options->paths; path != NULL && *path != NULL;
       path++)
    n_stdin += strcmp (*path, "-") == 0;
  if (n_stdin > 1)
    {
      g_set_error (error, IPM_ERROR, IPM_ERROR_USAGE,
                   "--check: standard input ('-') can be read only once");
      return FALSE;
    }
  return TRUE;
}

void
ipm_check_files (const IpmCheckOptions *options, IpmDiags *diags)
{
  static const char *const stdin_only[] = { "-", NULL };
  IpmCheckOptions with_paths = *options;

  if (options->paths == NULL || options->paths[0] == NULL)
    {
      with_paths.paths = stdin_only;
      options = &with_paths;
    }
  if (options->host != NULL)
    {
      ipm_check_against_host (options, diags);
      return;
    }
  for (const char *const *path = options->paths; *path != NULL; path++)
    {
      /* each file's findings, whatever the others hold: a file's own
       * errors stop only its own checks */
      g_autoptr(IpmDiags) found = ipm_diags_new ();
      g_autoptr(IpmScript) script = NULL;

      /* not strict here either (see above) */
      script = ipm_check_load (*path, &options->parse, TRUE,
                               IPM_FAMILY_UNKNOWN, found);
      if (script != NULL)
        ipm_check_script (script, found);
      ipm_diags_move (diags, found);
    }
}

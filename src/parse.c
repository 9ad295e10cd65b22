/* parse: lines -> script of table commands, with restore's own checks. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "canon.h"
#include "canon-fast.h"
#include "lexer.h"
#include "parse.h"
#include "strbuf.h"
#include "suggest.h"

/* XT_EXTENSION_MAXNAMELEN (29) including the NUL. */
#define IPM_MAX_CHAIN_NAME 28

typedef struct {
  const IpmParseOptions *options;   /* the caller's, but for the family */
  IpmParseOptions own_options;
  gboolean family_open;       /* family not given: a header line before the
                                 first table may still set it */
  IpmDiags *diags;
  IpmScript *script;
  IpmScriptTable *table;      /* open table, or NULL after COMMIT */
  gboolean skipping_table;    /* inside a table already reported as bad */
  gboolean cr_reported;       /* CR line endings are reported once */
  gboolean seen_content;      /* a line other than a comment or blank */
  gboolean foreign;           /* not a rules file (ipm_parser_foreign): the
                                 rest is not looked at */
  GHashTable *declared;       /* chain names usable in the open table;
                                 unused while the ruleset is built, whose
                                 table knows its chains */
  char *last_chain;           /* the declared name the last command used */
  GHashTable *tables_seen;    /* table names opened so far */
  IpmWords *words;
  IpmLine line;
  guint table_lineno;
  /* build_ruleset: the open table in IpmScript.ruleset (NULL once the
   * parser went back to keeping commands), and the chain the last -A
   * named */
  IpmTable *rtable;
  IpmChain *last_rchain;
  /* a buffer for chain names */
  GString *name_buf;
  GString *line_copy;       /* the line, NUL-terminated, for the usual way */
  /* ipm_parser_append_as_written: the open table's name when the grammar
   * knows it, and the built-in chain (ipm_canon_builtin_chain) of the
   * chain it saw last */
  const char *known_table;
  const IpmChain *builtin_of;
  const char *builtin;
} IpmParser;

/* build_ruleset, at the first command other than ':' and '-A': turns the
 * ruleset built so far back into the commands that give it (a declaration
 * per chain, then its rules) and goes on without it.  Applying a ':' or an
 * '-A' to a chain that exists reports nothing, so the commands need no
 * columns. */
static void
ipm_parser_unbuild (IpmParser *p)
{
  IpmScript *script = p->script;
  g_autoptr(IpmRuleset) rs = g_steal_pointer (&script->ruleset);

  for (guint t = 0; t < script->tables->len; t++)
    {
      IpmScriptTable *st = g_ptr_array_index (script->tables, t);
      const IpmTable *table = ipm_ruleset_lookup_table (rs, st->name);

      for (guint c = 0; c < table->chains->len; c++)
        {
          const IpmChain *chain = g_ptr_array_index (table->chains, c);
          IpmCmd *cmd = ipm_script_add_cmd (script, st, IPM_CMD_DECLARE,
                                            &chain->loc, 1);

          cmd->chain = g_string_chunk_insert_const (script->strings,
                                                    chain->name);
          cmd->arg = g_string_chunk_insert_const (script->strings,
                                                  chain->policy != NULL
                                                  ? chain->policy : "-");
          cmd->counters = chain->counters;
        }
      for (guint c = 0; c < table->chains->len; c++)
        {
          const IpmChain *chain = g_ptr_array_index (table->chains, c);
          const char *name = g_string_chunk_insert_const (script->strings,
                                                          chain->name);
          const GPtrArray *rules = ipm_chain_rules (chain);

          for (guint r = 0; r < rules->len; r++)
            {
              IpmRule *rule = g_ptr_array_index (rules, r);
              IpmCmd *cmd = ipm_script_add_cmd (script, st, IPM_CMD_APPEND,
                                                &rule->loc, 1);

              cmd->chain = (char *) name;
              cmd->rule = ipm_rule_ref (rule);
            }
        }
    }
  /* the open table's chains become declared names of the script */
  g_hash_table_remove_all (p->declared);
  if (p->table != NULL)
    {
      const IpmTable *open = ipm_ruleset_lookup_table (rs, p->table->name);

      for (guint c = 0; c < open->chains->len; c++)
        {
          const IpmChain *chain = g_ptr_array_index (open->chains, c);

          g_hash_table_add (p->declared,
                            g_string_chunk_insert_const (script->strings,
                                                         chain->name));
        }
    }
  p->last_chain = NULL;
  p->rtable = NULL;
  p->last_rchain = NULL;
}

static IpmCmd *
ipm_parser_add_cmd (IpmParser *p, IpmCmdKind kind, guint col)
{
  IpmLoc loc = { p->line.file, p->line.lineno };

  if (kind != IPM_CMD_DECLARE && kind != IPM_CMD_APPEND)
    {
      if (p->script->ruleset != NULL)
        ipm_parser_unbuild (p);
      p->script->only_dump_lines = FALSE;
    }
  return ipm_script_add_cmd (p->script, p->table, kind, &loc, col);
}

/* Parses "[packets:bytes]" at S; returns the bytes consumed or 0. */
static gsize
ipm_parse_counters (const char *s, gsize len, IpmCounters *counters)
{
  const char *end = s + len;
  const char *q;
  char *stop;
  guint64 packets, bytes;

  if (len < 5 || s[0] != '[')
    return 0;
  q = memchr (s, ']', len);
  if (q == NULL)
    return 0;
  if (!g_ascii_isdigit (s[1]))
    return 0;
  /* "[0:0]" on every chain of a dump saved without -c */
  if (q == s + 4 && s[1] == '0' && s[2] == ':' && s[3] == '0')
    {
      counters->present = TRUE;
      counters->packets = counters->bytes = 0;
      return 5;
    }
  errno = 0;
  packets = g_ascii_strtoull (s + 1, &stop, 10);
  if (errno != 0 || stop >= end || *stop != ':' || !g_ascii_isdigit (stop[1]))
    return 0;
  bytes = g_ascii_strtoull (stop + 1, &stop, 10);
  if (errno != 0 || stop != q)
    return 0;
  counters->present = TRUE;
  counters->packets = packets;
  counters->bytes = bytes;
  return q - s + 1;
}

static gboolean
ipm_chain_name_valid (IpmParser *p, const IpmWord *w)
{
  const char *name = w->text;

  if (*name == '\0')
    {
      ipm_diags_error (p->diags, &p->line, w->col, "empty chain name");
      return FALSE;
    }
  if (w->len > IPM_MAX_CHAIN_NAME)
    {
      ipm_diags_error (p->diags, &p->line, w->col,
                       "chain name '%s' is %zu characters long; the kernel "
                       "allows at most %d, shorten it",
                       name, w->len, IPM_MAX_CHAIN_NAME);
      return FALSE;
    }
  if (name[0] == '-' || name[0] == '!')
    {
      ipm_diags_error (p->diags, &p->line, w->col,
                       "chain name '%s' may not start with '%c'", name,
                       name[0]);
      return FALSE;
    }
  for (const char *c = name; *c; c++)
    if (g_ascii_isspace (*c) || *c == '"' || (unsigned char) *c < 0x20)
      {
        ipm_diags_error (p->diags, &p->line, w->col + (c - name),
                         "chain name '%s' contains a blank or control "
                         "character", name);
        return FALSE;
      }
  return TRUE;
}

static gboolean
ipm_parse_uint (const char *s, guint *out)
{
  char *end;
  guint64 v;

  if (!g_ascii_isdigit (*s))
    return FALSE;
  errno = 0;
  v = g_ascii_strtoull (s, &end, 10);
  if (errno != 0 || *end != '\0' || v == 0 || v > G_MAXINT)
    return FALSE;
  *out = v;
  return TRUE;
}

/* TRUE when the open table has declared chain NAME. */
static gboolean
ipm_parser_has_chain (IpmParser *p, const char *name)
{
  if (p->rtable != NULL)
    return ipm_table_has_chain (p->rtable, name);
  return g_hash_table_contains (p->declared, name);
}

/* NAME as stored in the script: the declared chain's copy, else one more
 * copy (names outlive the line they were read from).  Only once commands
 * are kept (the ruleset's names die with it). */
static char *
ipm_parser_name (IpmParser *p, const char *name)
{
  gpointer key;

  g_assert (p->rtable == NULL);
  if (g_hash_table_lookup_extended (p->declared, name, &key, NULL))
    return key;
  return g_string_chunk_insert_const (p->script->strings, name);
}

/* Returns the script's copy of NAME. */
static char *
ipm_parser_declare (IpmParser *p, const char *name)
{
  char *copy = g_string_chunk_insert (p->script->strings, name);

  g_hash_table_add (p->declared, copy);
  return copy;
}

static void
ipm_parse_table_line (IpmParser *p)
{
  const IpmLine *line = &p->line;
  g_autofree char *name = g_strndup (line->text + 1, line->len - 1);
  IpmScriptTable *table;

  if (p->table != NULL)
    {
      ipm_diags_error (p->diags, line, 1,
                       "table '%s' starts before table '%s' (line %u) was "
                       "closed; add a COMMIT line before it",
                       name, p->table->name, p->table_lineno);
      return;
    }
  /* the lines up to its COMMIT would only repeat this error */
  p->skipping_table = TRUE;
  if (!ipm_table_name_known (name))
    {
      ipm_diags_error (p->diags, line, 2,
                       "unknown table '%s'; expected filter, nat, mangle, raw "
                       "or security", name);
      return;
    }
  if (g_hash_table_contains (p->tables_seen, name))
    {
      ipm_diags_error (p->diags, line, 1,
                       "table '%s' appears twice; merge its two parts into "
                       "one *%s ... COMMIT block", name, name);
      return;
    }
  p->skipping_table = FALSE;
  g_hash_table_add (p->tables_seen, g_strdup (name));
  table = ipm_script_add_table (p->script, g_steal_pointer (&name),
                                &(IpmLoc) { line->file, line->lineno });
  p->table = table;
  p->table_lineno = line->lineno;
  p->known_table = ipm_table_known_name (table->name);
  p->builtin_of = NULL;
  g_hash_table_remove_all (p->declared);
  p->last_chain = NULL;
  p->last_rchain = NULL;
  if (p->script->ruleset != NULL)
    {
      /* the table comes with its built-in chains */
      p->rtable = ipm_ruleset_ensure_table (p->script->ruleset, table->name,
                                            &table->loc);
      return;
    }
  for (const char *const *c = ipm_table_builtin_chains (table->name); *c; c++)
    ipm_parser_declare (p, *c);
}

/* ":NAME - [P:B]" declaring a user chain after the last one in name order,
 * as iptables-save writes them: declared without lexing the line.  FALSE:
 * nothing done, the line takes the usual way (which also reports any
 * problem). */
static gboolean
ipm_parser_declare_as_written (IpmParser *p)
{
  const char *name = p->line.text + 1, *end = p->line.text + p->line.len;
  const char *space = memchr (name, ' ', end - name);
  IpmCounters counters = { 0 };
  IpmLoc loc = { p->line.file, p->line.lineno };
  IpmChain *chain;
  gsize name_len;

  if (space == NULL || end - space < 4 || memcmp (space, " - ", 3) != 0
      || ipm_parse_counters (space + 3, end - space - 3, &counters)
         != (gsize) (end - space - 3))
    return FALSE;
  /* a name ipm_chain_name_valid takes, one word for the lexer */
  name_len = space - name;
  if (name_len == 0 || name_len > IPM_MAX_CHAIN_NAME || name[0] == '-'
      || name[0] == '!')
    return FALSE;
  for (gsize i = 0; i < name_len; i++)
    if ((guchar) name[i] <= ' ' || name[i] == '"')
      return FALSE;
  ipm_strbuf_assign_len (p->name_buf, name, name_len);
  if (ipm_chain_name_builtin (p->name_buf->str))
    return FALSE;
  chain = ipm_table_add_chain_in_order (p->rtable, p->name_buf->str, &loc);
  if (chain == NULL)
    return FALSE;
  chain->counters = counters;
  return TRUE;
}

static void
ipm_parse_chain_line (IpmParser *p)
{
  const IpmLine *line = &p->line;
  IpmWords *words = p->words;
  const IpmWord *name, *policy;
  char *chain;
  IpmCounters counters = { 0 };
  gboolean builtin;
  IpmCmd *cmd;

  if (!ipm_lex_words (line, 1, words, p->diags))
    return;
  if (words->n < 2 || words->v[0].col != 2)
    {
      ipm_diags_error (p->diags, line, 1,
                       "chain declaration needs a name and a policy, as in "
                       "':INPUT ACCEPT [0:0]' or ':MYCHAIN - [0:0]'");
      return;
    }
  name = &words->v[0];
  policy = &words->v[1];
  if (!ipm_chain_name_valid (p, name))
    return;
  if (words->n >= 3)
    {
      const IpmWord *c = &words->v[2];

      if (words->n > 3 || ipm_parse_counters (c->text, strlen (c->text),
                                              &counters) != strlen (c->text))
        {
          ipm_diags_error (p->diags, line, c->col,
                           "expected counters '[packets:bytes]' after the "
                           "policy, and nothing else");
          return;
        }
    }
  builtin = ipm_chain_is_builtin (p->table->name, name->text);
  if (builtin && !ipm_policy_valid (policy->text))
    {
      ipm_diags_error (p->diags, line, policy->col,
                       "built-in chain %s needs the policy ACCEPT or DROP, "
                       "not '%s'", name->text, policy->text);
      return;
    }
  if (!builtin && strcmp (policy->text, "-") != 0)
    {
      ipm_diags_error (p->diags, line, policy->col,
                       "user chain %s cannot have a policy ('%s'); write "
                       "':%s - [0:0]'", name->text, policy->text, name->text);
      return;
    }
  if (p->rtable != NULL)
    {
      /* what applying the declaration does, without keeping it; the
       * table's own lookup is the duplicate check */
      IpmCmd declare = {
        .kind = IPM_CMD_DECLARE, .chain = (char *) name->text,
        .arg = policy->text, .counters = counters,
        .loc = { line->file, line->lineno }, .col = 1,
        .chain_col = name->col,
      };

      if (!builtin)
        {
          /* declared in sorted order, as iptables-save does: certainly
           * new, and indexed in bulk later */
          IpmChain *chain_in_order =
            ipm_table_add_chain_in_order (p->rtable, name->text,
                                          &declare.loc);

          if (chain_in_order != NULL)
            {
              chain_in_order->counters = counters;
              return;
            }
        }
      if (!builtin && ipm_table_lookup_chain (p->rtable, name->text) != NULL)
        {
          ipm_diags_error (p->diags, line, name->col,
                           "chain %s is declared twice in table %s; remove "
                           "one declaration", name->text, p->table->name);
          return;
        }
      ipm_apply_cmd (p->rtable, &declare, p->diags);
      return;
    }
  if (builtin)
    chain = ipm_parser_name (p, name->text);
  else
    {
      /* one lookup: g_hash_table_add tells whether the name is new */
      chain = g_string_chunk_insert (p->script->strings, name->text);
      if (!g_hash_table_add (p->declared, chain))
        {
          ipm_diags_error (p->diags, line, name->col,
                           "chain %s is declared twice in table %s; remove "
                           "one declaration", name->text, p->table->name);
          return;
        }
    }
  cmd = ipm_parser_add_cmd (p, IPM_CMD_DECLARE, 1);
  cmd->chain = chain;
  cmd->chain_col = name->col;
  cmd->arg = g_string_chunk_insert_const (p->script->strings, policy->text);
  cmd->counters = counters;
}

typedef struct {
  const char *short_name;
  const char *long_name;
  IpmCmdKind kind;
} IpmCommandName;

static const IpmCommandName ipm_commands[] = {
  { "-A", "--append", IPM_CMD_APPEND },
  { "-C", "--check", IPM_CMD_CHECK },
  { "-D", "--delete", IPM_CMD_DELETE },
  { "-E", "--rename-chain", IPM_CMD_RENAME },
  { "-F", "--flush", IPM_CMD_FLUSH },
  { "-I", "--insert", IPM_CMD_INSERT },
  { "-N", "--new-chain", IPM_CMD_NEW_CHAIN },
  { "-P", "--policy", IPM_CMD_POLICY },
  { "-R", "--replace", IPM_CMD_REPLACE },
  { "-X", "--delete-chain", IPM_CMD_DELETE_CHAIN },
  { "-Z", "--zero", IPM_CMD_ZERO },
};

static gboolean
ipm_lookup_command (const char *word, IpmCmdKind *kind)
{
  for (gsize i = 0; i < G_N_ELEMENTS (ipm_commands); i++)
    if (strcmp (word, ipm_commands[i].short_name) == 0
        || strcmp (word, ipm_commands[i].long_name) == 0)
      {
        *kind = ipm_commands[i].kind;
        return TRUE;
      }
  return FALSE;
}

/* Offers the chains declared in the open table so far to S. */
static void
ipm_parser_offer_chains (IpmParser *p, IpmSuggest *s)
{
  if (p->rtable != NULL)
    for (guint i = 0; i < p->rtable->chains->len; i++)
      ipm_suggest_offer (s, ((const IpmChain *) g_ptr_array_index (p->rtable->chains, i))->name);
  else
    {
      GHashTableIter iter;
      gpointer name;

      g_hash_table_iter_init (&iter, p->declared);
      while (g_hash_table_iter_next (&iter, &name, NULL))
        ipm_suggest_offer (s, name);
    }
}

/* A command names a chain the table lacks.  Declaring it is the fix only
 * when nothing better is known: a built-in chain of other tables would
 * then be a user chain no packet enters, and a misspelled name a second
 * chain. */
static void
ipm_parser_undeclared_chain (IpmParser *p, const IpmWord *w)
{
  g_autofree char *tables = ipm_suggest_builtin_tables (w->text);
  g_auto(IpmSuggest) s = { 0 };
  g_autofree char *close = NULL;

  if (tables != NULL)
    {
      ipm_diags_error (p->diags, &p->line, w->col,
                       "%s is a chain of %s, not of table %s; move the "
                       "line into one of those tables", w->text,
                       tables, p->table->name);
      return;
    }
  ipm_suggest_init (&s, w->text);
  ipm_parser_offer_chains (p, &s);
  close = ipm_suggest_result (&s, "");
  if (close != NULL)
    ipm_diags_error (p->diags, &p->line, w->col,
                     "chain %s is not declared in table %s; did you mean "
                     "%s?", w->text, p->table->name, close);
  else
    ipm_diags_error (p->diags, &p->line, w->col,
                     "chain %s is not declared in table %s; add ':%s - "
                     "[0:0]' after the '*%s' line", w->text, p->table->name,
                     w->text, p->table->name);
}

/* The chain a command names must exist in the table at this point, as
 * iptables-restore requires.  Returns the script's copy of the name, or
 * NULL after reporting. */
static char *
ipm_parser_require_chain (IpmParser *p, const IpmWord *w)
{
  gpointer key;

  /* Rules come in runs per chain: the last command's chain first.  A
   * declared name is valid, so only an unknown one needs checking. */
  if (p->rtable != NULL)
    {
      p->last_rchain = ipm_table_find_chain_near (p->rtable, p->last_rchain,
                                                  w->text);
      if (p->last_rchain != NULL)
        return p->last_rchain->name;
    }
  else if (p->last_chain != NULL && strcmp (p->last_chain, w->text) == 0)
    return p->last_chain;
  else if (g_hash_table_lookup_extended (p->declared, w->text, &key, NULL))
    return p->last_chain = key;
  if (!ipm_chain_name_valid (p, w))
    return NULL;
  ipm_parser_undeclared_chain (p, w);
  return NULL;
}

/* RULE jumps or goes to a name that is neither a declared chain nor a
 * target: a close target (-j only: -g takes chains) or chain is the likely
 * fix, and declaring the name would only make a chain that accepts
 * nothing. */
static void
ipm_parser_undeclared_target (IpmParser *p, const IpmRule *rule, guint col)
{
  g_auto(IpmSuggest) s = { 0 };
  g_autofree char *close = NULL;

  ipm_suggest_init (&s, rule->target);
  if (!rule->is_goto)
    ipm_suggest_offer_targets (&s, p->options->family);
  ipm_parser_offer_chains (p, &s);
  close = ipm_suggest_result (&s, "");
  if (close != NULL)
    ipm_diags_error (p->diags, &p->line, col,
                     "%s to '%s', which is neither a chain of table %s nor "
                     "a target ipmerge knows; did you mean %s?",
                     rule->is_goto ? "goto" : "jump", rule->target,
                     p->table->name, close);
  else
    ipm_diags_error (p->diags, &p->line, col,
                     "%s to chain '%s', which is not declared in table %s "
                     "(and is not a target ipmerge knows); declare it with "
                     "':%s - [0:0]' or fix the name",
                     rule->is_goto ? "goto" : "jump", rule->target,
                     p->table->name, rule->target);
}

/* Canonicalizes the rule spec starting at word FIRST into RULES (several
 * when -s or -d is a list of addresses: iptables makes one rule per
 * address) and checks that a jump or goto names a chain that exists or a
 * known target.  FALSE after reporting errors (RULES unchanged). */
static gboolean
ipm_parser_rules (IpmParser *p, guint first, const IpmCounters *counters,
                  GPtrArray *rules)
{
  guint added = rules->len;
  IpmRule *rule;

  if (!ipm_canon_rules_in_table (&p->line, p->words, first,
                                 p->options->family, p->table->name,
                                 p->diags, rules))
    return FALSE;
  for (guint k = added; k < rules->len; k++)
    {
      rule = g_ptr_array_index (rules, k);
      rule->loc.file = p->line.file;
      rule->loc.lineno = p->line.lineno;
      /* "[p:b] -A ..." and "-c p b" inside the rule both set counters */
      if (counters->present)
        rule->counters = *counters;
      if (rule->counters.present && p->script->ruleset != NULL)
        p->script->ruleset->no_rule_counters = FALSE;
    }
  /* the rules of one line differ in their addresses only */
  rule = g_ptr_array_index (rules, added);
  if (rule->target != NULL && rule->target_is_chain
      && !ipm_parser_has_chain (p, rule->target))
    {
      guint col = 0;

      for (guint i = p->words->n; i-- > first;)
        if (strcmp (p->words->v[i].text, rule->target) == 0)
          {
            col = p->words->v[i].col;
            break;
          }
      ipm_parser_undeclared_target (p, rule, col);
      while (rules->len > added)
        ipm_rule_unref (g_ptr_array_steal_index (rules, rules->len - 1));
      return FALSE;
    }
  return TRUE;
}

/* TEXT[0..LEN) is "-A NAME SPEC" as the lexer would split it, NAME without
 * quotes or blanks: sets *NAME_LEN and *SPEC (the bytes after "-A NAME ",
 * empty at the end of the line). */
static gboolean
ipm_parser_split_append (const char *text, gsize len, gsize *name_len,
                         const char **spec)
{
  const char *name = text + 3, *space;

  if (len < 4 || memcmp (text, "-A ", 3) != 0)
    return FALSE;
  space = memchr (name, ' ', len - 3);
  *name_len = space != NULL ? (gsize) (space - name) : len - 3;
  if (*name_len == 0 || memchr (name, '"', *name_len) != NULL
      || memchr (name, '\t', *name_len) != NULL)
    return FALSE;
  *spec = space != NULL ? space + 1 : text + len;
  return TRUE;
}

/* "-A CHAIN SPEC" whose SPEC is already its canonical text: the rule
 * straight from the line, checked in place (canon-fast.h) rather than
 * lexed and canonicalized.  Most lines of a dump written by iptables-save
 * take this way.  FALSE: nothing done, the line takes the usual way (which
 * also reports any problem). */
static gboolean
ipm_parser_append_as_written (IpmParser *p, gsize start,
                              const IpmCounters *counters)
{
  const char *text = p->line.text + start, *spec, *last;
  gsize len = p->line.len - start, name_len, spec_at, last_len;
  guint last_hash = 0;
  IpmChain *chain;
  IpmCanonFast fast;
  IpmLoc loc;
  IpmRule *rule;

  if (!ipm_parser_split_append (text, len, &name_len, &spec))
    return FALSE;
  spec_at = spec - p->line.text;
  chain = ipm_table_find_chain_near_len (p->rtable, p->last_rchain, text + 3,
                                         name_len);
  if (chain == NULL)
    return FALSE;
  p->last_rchain = chain;
  /* "... -j NAME" at the end: the jump target is looked up after the
   * check, start loading its slot; its hash serves the lookup too */
  last = memrchr (text, ' ', len);
  last = last != NULL ? last + 1 : text;
  last_len = text + len - last;
  if (last - text >= 4 && last[-4] == ' ' && last[-3] == '-'
      && (last[-2] == 'j' || last[-2] == 'g') && last[-1] == ' ')
    {
      last_hash = ipm_text_hash (last, last_len);
      ipm_table_prefetch_hash (p->rtable, last_hash);
    }
  else
    last = NULL;
  if (chain != p->builtin_of)
    {
      p->builtin_of = chain;
      p->builtin = ipm_canon_builtin_chain (p->known_table, chain->name);
    }
  if (!ipm_canon_fast_line (&p->line, start, spec_at, p->builtin,
                                  p->options->family, p->known_table, &fast))
    return FALSE;
  /* a chain target is the line's last word (no option follows it) */
  if (fast.target != NULL && fast.target_is_chain
      && !(last != NULL && last_len == strlen (fast.target)
           && fast.text_len >= last_len
           && memcmp (fast.text + fast.text_len - last_len, last,
                      last_len) == 0
           ? ipm_table_has_chain_hashed (p->rtable, last, last_len, last_hash)
           : ipm_table_has_chain (p->rtable, fast.target)))
    return FALSE;
  loc.file = p->line.file;
  loc.lineno = p->line.lineno;
  /* kept as the line itself when it is one of a run printed back as read:
   * "-A NAME SPEC" as ipm_print_rule writes it ("-A NAME" when SPEC is
   * empty, without the blank a line may have there) */
  if (p->options->spans && start == 0 && p->line.stable
      && fast.text == p->line.text + spec_at
      && p->line.len == 3 + name_len
                        + (fast.text_len > 0 ? 1 + fast.text_len : 0)
      && ipm_chain_span_extend (chain, ipm_canon_fast_span_rules, p->line.text,
                                p->line.len, &loc,
                                p->options->family, p->known_table))
    return TRUE;
  rule = ipm_canon_fast_rule (&fast, p->options->family);
  rule->loc = loc;
  if (counters->present)
    {
      rule->counters = *counters;
      p->script->ruleset->no_rule_counters = FALSE;
    }
  g_ptr_array_add (ipm_chain_rules (chain), rule);
  return TRUE;
}

static void
ipm_parse_command_line (IpmParser *p, gsize start, const IpmCounters *counters)
{
  IpmWords *words = p->words;
  const IpmWord *cmdw, *chainw = NULL;
  char *chain_name = NULL;
  IpmCmdKind kind;
  IpmCmd *cmd;
  guint next = 1;
  guint index = 0;
  g_autoptr(GPtrArray) rules = g_ptr_array_new ();

  if (!ipm_lex_words (&p->line, start, words, p->diags))
    return;
  if (words->n == 0)
    return;
  if (words->n > IPM_MAX_WORDS)
    {
      ipm_diags_error (p->diags, &p->line, words->v[IPM_MAX_WORDS].col,
                       "%u words on one line; iptables-restore accepts at "
                       "most %d, split the rule", words->n, IPM_MAX_WORDS);
      return;
    }
  for (guint i = 0; i < words->n; i++)
    if (words->v[i].len > IPM_MAX_WORD_BYTES)
      {
        ipm_diags_error (p->diags, &p->line, words->v[i].col,
                         "word of %zu bytes; iptables-restore accepts at most "
                         "%d bytes per word", words->v[i].len,
                         IPM_MAX_WORD_BYTES);
        return;
      }
  cmdw = &words->v[0];
  if (!ipm_lookup_command (cmdw->text, &kind))
    {
      ipm_diags_error (p->diags, &p->line, cmdw->col,
                       "expected a command (-A, -I, -D, -R, -N, -X, -F, -P, "
                       "-Z or -E) at the start of the line, not '%s'",
                       cmdw->text);
      return;
    }
  if (p->table == NULL)
    {
      ipm_diags_error (p->diags, &p->line, cmdw->col,
                       "command outside a table; add a '*filter' (or other "
                       "table) line before it and a COMMIT line after");
      return;
    }
  /* Only ':' and -A lines are applied while parsing: any other command
   * turns the ruleset built so far back into commands, before it looks at
   * (or declares) chain names. */
  if (kind != IPM_CMD_APPEND && p->rtable != NULL)
    ipm_parser_unbuild (p);
  /* The jump target is looked up after canon: start loading its slot. */
  if (p->rtable != NULL && words->n >= 4
      && words->v[words->n - 2].text[0] == '-'
      && (words->v[words->n - 2].text[1] == 'j'
          || words->v[words->n - 2].text[1] == 'g')
      && words->v[words->n - 2].text[2] == '\0')
    ipm_table_prefetch_chain (p->rtable, words->v[words->n - 1].text);
  if (words->n > 1)
    chainw = &words->v[1];
  switch (kind)
    {
    case IPM_CMD_APPEND:
    case IPM_CMD_INSERT:
    case IPM_CMD_DELETE:
    case IPM_CMD_REPLACE:
    case IPM_CMD_CHECK:
      if (chainw == NULL)
        {
          ipm_diags_error (p->diags, &p->line, cmdw->col,
                           "%s needs a chain name", cmdw->text);
          return;
        }
      chain_name = ipm_parser_require_chain (p, chainw);
      if (chain_name == NULL)
        return;
      next = 2;
      if (next < words->n && ipm_parse_uint (words->v[next].text, &index))
        next++;
      else if (next < words->n && g_ascii_isdigit (words->v[next].text[0]))
        {
          ipm_diags_error (p->diags, &p->line, words->v[next].col,
                           "invalid rule number '%s'; expected 1 to %d (the "
                           "number of the rule in the chain)", words->v[next].text,
                           G_MAXINT);
          return;
        }
      else if (kind == IPM_CMD_REPLACE)
        {
          ipm_diags_error (p->diags, &p->line,
                           next < words->n ? words->v[next].col : 0,
                           "-R needs a rule number after the chain name");
          return;
        }
      if (kind == IPM_CMD_CHECK && index > 0)
        {
          ipm_diags_error (p->diags, &p->line, words->v[2].col,
                           "-C takes a rule, not a rule number");
          return;
        }
      if (kind == IPM_CMD_APPEND && index > 0)
        {
          ipm_diags_error (p->diags, &p->line, words->v[2].col,
                           "-A takes no rule number; use -I %s %u",
                           chainw->text, index);
          return;
        }
      if (kind == IPM_CMD_DELETE && index > 0 && next < words->n)
        {
          ipm_diags_error (p->diags, &p->line, words->v[next].col,
                           "-D takes either a rule number or a rule, not both");
          return;
        }
      if (!(kind == IPM_CMD_DELETE && index > 0))
        {
          if (!ipm_parser_rules (p, next, counters, rules))
            return;
          if (kind == IPM_CMD_REPLACE && rules->len > 1)
            {
              ipm_diags_error (p->diags, &p->line, words->v[next].col,
                               "-R replaces one rule, and a list of "
                               "addresses makes %u; iptables refuses it: "
                               "write one address", rules->len);
              for (guint k = 0; k < rules->len; k++)
                ipm_rule_unref (g_ptr_array_index (rules, k));
              return;
            }
        }
      break;
    case IPM_CMD_NEW_CHAIN:
      if (chainw == NULL || words->n > 2)
        {
          ipm_diags_error (p->diags, &p->line, cmdw->col,
                           "-N takes exactly one chain name");
          return;
        }
      if (!ipm_chain_name_valid (p, chainw))
        return;
      if (ipm_parser_has_chain (p, chainw->text))
        {
          ipm_diags_error (p->diags, &p->line, chainw->col,
                           "chain %s already exists in table %s",
                           chainw->text, p->table->name);
          return;
        }
      ipm_parser_declare (p, chainw->text);
      break;
    case IPM_CMD_DELETE_CHAIN:
    case IPM_CMD_FLUSH:
    case IPM_CMD_ZERO:
      if (words->n > 2 && !(kind == IPM_CMD_ZERO && words->n == 3
                            && ipm_parse_uint (words->v[2].text, &index)))
        {
          ipm_diags_error (p->diags, &p->line, words->v[2].col,
                           "%s takes at most a chain name", cmdw->text);
          return;
        }
      if (chainw != NULL && !ipm_parser_require_chain (p, chainw))
        return;
      /* -X leaves the name declared: a later rule then fails at apply
       * time with a precise message. */
      break;
    case IPM_CMD_POLICY:
      if (words->n != 3)
        {
          ipm_diags_error (p->diags, &p->line, cmdw->col,
                           "-P takes a built-in chain and ACCEPT or DROP");
          return;
        }
      if (!ipm_chain_is_builtin (p->table->name, chainw->text))
        {
          ipm_diags_error (p->diags, &p->line, chainw->col,
                           "-P works only on built-in chains of table %s, "
                           "not '%s'", p->table->name, chainw->text);
          return;
        }
      if (!ipm_policy_valid (words->v[2].text))
        {
          ipm_diags_error (p->diags, &p->line, words->v[2].col,
                           "policy must be ACCEPT or DROP, not '%s'",
                           words->v[2].text);
          return;
        }
      break;
    case IPM_CMD_RENAME:
      if (words->n != 3)
        {
          ipm_diags_error (p->diags, &p->line, cmdw->col,
                           "-E takes the old and the new chain name");
          return;
        }
      if (!ipm_parser_require_chain (p, chainw)
          || !ipm_chain_name_valid (p, &words->v[2]))
        return;
      if (ipm_parser_has_chain (p, words->v[2].text))
        {
          ipm_diags_error (p->diags, &p->line, words->v[2].col,
                           "chain %s already exists in table %s",
                           words->v[2].text, p->table->name);
          return;
        }
      ipm_parser_declare (p, words->v[2].text);
      break;
    case IPM_CMD_DECLARE:
      g_assert_not_reached ();
    }

  if (kind == IPM_CMD_APPEND && p->rtable != NULL)
    {
      /* ipm_parser_require_chain found the chain */
      GPtrArray *chain_rules = ipm_chain_rules (p->last_rchain);

      for (guint k = 0; k < rules->len; k++)
        g_ptr_array_add (chain_rules, g_ptr_array_index (rules, k));
      return;
    }
  /* One command per rule of the line, in iptables' order (-I N inserts
   * each at N: the last one made ends up first, as iptables leaves them). */
  for (guint k = 0; k < MAX (rules->len, 1u); k++)
    {
      cmd = ipm_parser_add_cmd (p, kind, cmdw->col);
      if (chainw != NULL)
        {
          cmd->chain = chain_name != NULL ? chain_name
                       : ipm_parser_name (p, chainw->text);
          cmd->chain_col = chainw->col;
        }
      cmd->index = index;
      cmd->rule = rules->len > 0 ? g_ptr_array_index (rules, k) : NULL;
      if (kind == IPM_CMD_POLICY || kind == IPM_CMD_RENAME)
        cmd->arg = g_string_chunk_insert_const (p->script->strings,
                                                words->v[2].text);
    }
}

/* A dump is text: iptables-restore and the kernel keep any bytes of a
 * comment or log prefix, but a Latin-1 byte in /etc/sysconfig/iptables is
 * misread by editors, diff tools and review, so it is refused unless the
 * user asks for the bytes to be kept.  Lines are checked 8 bytes at a time
 * for any non-ASCII byte first: dumps are nearly always ASCII. */
static gboolean
ipm_line_utf8_ok (IpmParser *p)
{
  const IpmLine *line = &p->line;
  const guint64 high = G_GUINT64_CONSTANT (0x8080808080808080);
  const char *bad;
  gsize i = 0;
  guint64 w;

  for (; i + 8 <= line->len; i += 8)
    {
      memcpy (&w, line->text + i, 8);
      if (w & high)
        break;
    }
  for (; i < line->len; i++)
    if ((guchar) line->text[i] >= 0x80)
      break;
  if (i == line->len || g_utf8_validate (line->text, line->len, &bad))
    return TRUE;
  ipm_diags_error (p->diags, line, (guint) (bad - line->text) + 1,
                   "byte 0x%02x is not valid UTF-8 (a comment or log prefix "
                   "in another encoding?); convert the file to UTF-8 (e.g. "
                   "iconv -f latin1 -t utf-8), or pass --allow-invalid-utf8 "
                   "to keep the bytes as they are",
                   (unsigned char) *bad);
  return FALSE;
}

/* Rejects what iptables-restore rejects or misreads about a line as a whole. */
static gboolean
ipm_line_shape_ok (IpmParser *p)
{
  const IpmLine *line = &p->line;
  const char *nul = line->plain ? NULL : memchr (line->text, '\0', line->len);
  gsize i;

  if (nul != NULL)
    {
      ipm_diags_error (p->diags, line, nul - line->text + 1,
                       "NUL byte in the line; the file is binary or corrupt");
      return FALSE;
    }
  if (line->len > 0 && line->text[line->len - 1] == '\r')
    {
      if (!p->cr_reported)
        ipm_diags_error (p->diags, line, line->len,
                         "CR line ending (DOS format), which iptables-restore "
                         "rejects; convert the file with dos2unix or "
                         "sed -i 's/\\r$//' (reported once per file)");
      p->cr_reported = TRUE;
      /* go on without the CR, to find the other problems (the byte
       * after the line is the CR now, not its newline) */
      p->line.len--;
      p->line.stable = FALSE;
    }
  if (line->len > IPM_MAX_LINE_BYTES)
    {
      ipm_diags_error (p->diags, line, IPM_MAX_LINE_BYTES + 1,
                       "line of %zu bytes; iptables-restore reads at most "
                       "%d bytes per line and would split it", line->len,
                       IPM_MAX_LINE_BYTES);
      return FALSE;
    }
  for (i = 0; i < line->len && (line->text[i] == ' ' || line->text[i] == '\t');
       i++)
    ;
  if (i > 0)
    {
      ipm_diags_error (p->diags, line, 1,
                       i == line->len
                       ? "line of only blanks, which iptables-restore rejects; "
                         "make it empty"
                       : "line starts with a blank, which iptables-restore "
                         "rejects; remove the leading blanks");
      return FALSE;
    }
  return TRUE;
}

/* The ways for lines as iptables-save writes them, on the line as read
 * (LEN bytes, no NUL after them): a user chain declared in order, an -A of
 * a rule already canonical.  FALSE: nothing done, the line takes the
 * usual way (which also reports any problem). */
static gboolean
ipm_parser_line_as_written (IpmParser *p)
{
  IpmCounters counters = { 0 };
  gsize skip;

  /* (the usual way reports a line outside a table) */
  if (p->rtable == NULL || p->table == NULL)
    return FALSE;
  switch (p->line.text[0])
    {
    case ':':
      return ipm_parser_declare_as_written (p);
    case '-':
      return ipm_parser_append_as_written (p, 0, &counters);
    case '[':
      /* "[p:b] -A ...", as iptables-save -c writes it */
      skip = ipm_parse_counters (p->line.text, p->line.len, &counters);
      return skip > 0 && skip < p->line.len && p->line.text[skip] == ' '
             && ipm_parser_append_as_written (p, skip + 1, &counters);
    default:
      return FALSE;
    }
}

IpmFamily
ipm_parse_header_family (const char *text, gsize len)
{
  static const char prefix[] = "# Generated by ";
  const gsize n = sizeof prefix - 1;

  if (len <= n || memcmp (text, prefix, n) != 0)
    return IPM_FAMILY_UNKNOWN;
  text += n;
  len -= n;
  if (len > 9 && memcmp (text, "ip6tables", 9) == 0)
    return IPM_FAMILY_IPV6;
  if (len > 8 && memcmp (text, "iptables", 8) == 0)
    return IPM_FAMILY_IPV4;
  return IPM_FAMILY_UNKNOWN;
}

static void
ipm_parser_set_family (IpmParser *p, IpmFamily family)
{
  p->own_options.family = family;
  p->script->family = family;
  if (p->script->ruleset != NULL)
    p->script->ruleset->family = family;
}

/* Whether LINE is a header line of 'iptables -L': "Chain INPUT (policy
 * ACCEPT)", "Chain DOCKER (2 references)", "target prot opt source
 * destination" (with -v "pkts bytes target ...", with --line-numbers
 * "num target ..."). */
static gboolean
ipm_line_is_list_output (const IpmLine *line)
{
  g_autofree char *text = g_strndup (line->text, line->len);

  if (g_str_has_prefix (text, "Chain "))
    return strstr (text, " (policy ") != NULL
           || g_str_has_suffix (text, " references)")
           || g_str_has_suffix (text, " reference)");
  return (g_str_has_prefix (text, "target ") || g_str_has_prefix (text, "num ")
          || g_str_has_prefix (text, "pkts "))
         && strstr (text, " prot ") != NULL && strstr (text, " source ") != NULL;
}

/* The first line that is not a comment: output of 'iptables -S' or
 * 'iptables -L', which people save by mistake, gives one error that says
 * so rather than one per line that does not. */
static gboolean
ipm_parser_foreign (IpmParser *p)
{
  const IpmLine *line = &p->line;

  if ((line->len > 3 && (memcmp (line->text, "-P ", 3) == 0
                         || memcmp (line->text, "-N ", 3) == 0)))
    ipm_diags_error (p->diags, line, 1,
                     "this is the output of 'iptables -S' (commands without "
                     "'*TABLE' and 'COMMIT' lines), not a rules file; save "
                     "the rules with iptables-save (ip6tables-save for IPv6), "
                     "e.g. iptables-save > FILE (a file written by hand "
                     "needs a '*filter' line first and 'COMMIT' last)");
  else if (ipm_line_is_list_output (line))
    ipm_diags_error (p->diags, line, 1,
                     "this is the output of 'iptables -L' (a listing for "
                     "people, which cannot be restored), not a rules file; "
                     "save the rules with iptables-save (ip6tables-save for "
                     "IPv6), e.g. iptables-save > FILE");
  else
    return FALSE;
  p->foreign = TRUE;
  return TRUE;
}

static void
ipm_parse_line (IpmParser *p)
{
  const IpmLine *line = &p->line;
  IpmCounters counters = { 0 };
  gsize skip;

  if (G_UNLIKELY (p->foreign))
    return;

  if (!line->plain && !p->options->allow_invalid_utf8
      && !ipm_line_utf8_ok (p))
    return;
  if (line->len > 0 && line->text[0] == '#' && p->family_open)
    {
      IpmFamily family = ipm_parse_header_family (line->text, line->len);

      if (family != IPM_FAMILY_UNKNOWN)
        ipm_parser_set_family (p, family);
    }
  if (line->len == 0 || line->text[0] == '#')
    return;
  /* the header comes first: from here on the family is what it is */
  p->family_open = FALSE;
  if (G_UNLIKELY (!p->seen_content))
    {
      p->seen_content = TRUE;
      if (line->text[0] != '*' && ipm_parser_foreign (p))
        return;
    }
  if (!ipm_line_shape_ok (p))
    return;
  if (!p->skipping_table && ipm_parser_line_as_written (p))
    return;
  /* the usual way: lexer, canon.c and their diagnostics, on a copy of the
   * line ending in a NUL */
  ipm_strbuf_assign_len (p->line_copy, line->text, line->len);
  p->line.text = p->line_copy->str;
  p->line.stable = FALSE;
  if (p->skipping_table)
    {
      if (line->len >= 6 && memcmp (line->text, "COMMIT", 6) == 0)
        p->skipping_table = FALSE;
      else if (line->text[0] == '*')
        {
          p->skipping_table = FALSE;
          ipm_parse_table_line (p);
        }
      return;
    }
  switch (line->text[0])
    {
    case '*':
      ipm_parse_table_line (p);
      return;
    case ':':
      if (p->table == NULL)
        {
          ipm_diags_error (p->diags, line, 1,
                           "chain declaration outside a table; add a "
                           "'*filter' (or other table) line before it");
          return;
        }
      ipm_parse_chain_line (p);
      return;
    case 'C':
      if (line->len == 6 && memcmp (line->text, "COMMIT", 6) == 0)
        {
          if (p->table == NULL)
            ipm_diags_error (p->diags, line, 1,
                             "COMMIT without a table; remove it or add a "
                             "'*filter' line before the rules");
          p->table = NULL;
          return;
        }
      if (g_str_has_prefix (line->text, "COMMIT"))
        {
          ipm_diags_error (p->diags, line, 7,
                           "text after COMMIT; the line must be exactly "
                           "'COMMIT'");
          p->table = NULL;
          p->skipping_table = FALSE;
          return;
        }
      break;
    case '[':
      skip = ipm_parse_counters (line->text, line->len, &counters);
      if (skip == 0)
        {
          ipm_diags_error (p->diags, line, 1,
                           "malformed counters; expected '[packets:bytes]' "
                           "followed by a command");
          return;
        }
      ipm_parse_command_line (p, skip, &counters);
      return;
    default:
      break;
    }
  ipm_parse_command_line (p, 0, &counters);
}

IpmScript *
ipm_parse (IpmInput *input, const IpmParseOptions *options, IpmDiags *diags,
           GError **error)
{
  g_autoptr(IpmScript) script = ipm_script_new ();
  g_autoptr(GHashTable) declared = g_hash_table_new (ipm_str_hash, g_str_equal);
  g_autoptr(GHashTable) tables_seen =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(IpmWords) words = ipm_words_new ();
  g_autoptr(GString) name_buf = g_string_new (NULL);
  g_autoptr(GString) line_copy = g_string_new (NULL);
  IpmParser p = { 0 };
  GError *read_error = NULL;
  guint last_lineno = 0;
  guint errors_before = diags->n_errors;

  if (options->spans && options->build_ruleset)
    ipm_input_retain (input);
  script->file = ipm_input_name (input);
  /* not given: IPv4 unless the header says otherwise */
  p.own_options = *options;
  p.family_open = options->family == IPM_FAMILY_UNKNOWN;
  if (p.family_open)
    p.own_options.family = options->default_family != IPM_FAMILY_UNKNOWN
      ? options->default_family : IPM_FAMILY_IPV4;
  script->family = p.own_options.family;
  if (options->build_ruleset)
    {
      script->ruleset = ipm_ruleset_new ();
      script->ruleset->family = p.own_options.family;
      script->ruleset->no_rule_counters = TRUE;
    }
  /* the texts in script->strings: no allocation per line */
  if (options->keep_text)
    script->lines = g_ptr_array_new ();
  p.options = &p.own_options;
  p.diags = diags;
  p.script = script;
  p.declared = declared;
  p.tables_seen = tables_seen;
  p.words = words;
  p.name_buf = name_buf;
  p.line_copy = line_copy;

  while (ipm_input_next (input, &p.line, &read_error))
    {
      last_lineno = p.line.lineno;
      if (G_UNLIKELY (p.line.lineno == 1) && ipm_input_bom_removed (input))
        ipm_diags_warning (diags, &p.line, 1,
                           "the file starts with a UTF-8 byte order mark "
                           "(BOM), skipped here; iptables-restore does not "
                           "skip it: remove it (sed -i '1s/^\\xEF\\xBB\\xBF//' "
                           "FILE)");
      if (script->lines != NULL)
        {
          if (script->lines->len < p.line.lineno)
            g_ptr_array_set_size (script->lines, p.line.lineno);
          g_ptr_array_index (script->lines, p.line.lineno - 1) =
            g_string_chunk_insert_len (script->strings, p.line.text,
                                       p.line.len);
        }
      ipm_parse_line (&p);
    }
  if (read_error != NULL)
    {
      g_propagate_error (error, read_error);
      return NULL;
    }
  script->n_lines = last_lineno;
  /* the bytes the spans point into live as long as the ruleset */
  if (script->ruleset != NULL && options->spans)
    script->ruleset->storage = ipm_input_storage (input);
  if (p.table != NULL)
    ipm_diags_add_at (diags, IPM_SEVERITY_ERROR, script->file,
                      last_lineno, 0,
                      "table '%s' (line %u) has no COMMIT: the dump is "
                      "truncated or incomplete; nothing was written",
                      p.table->name, p.table_lineno);
  else if (script->tables->len == 0 && !options->allow_empty
           && diags->n_errors == errors_before)
    ipm_diags_add_at (diags, IPM_SEVERITY_ERROR, script->file,
                      MAX (last_lineno, 1), 0,
                      last_lineno == 0
                      ? "empty input: no table, no rules (did iptables-save "
                        "fail?)"
                      : "no table in the input (did iptables-save fail, or "
                        "is this not a rules file?)");
  else if (ipm_input_last_line_unterminated (input) && last_lineno > 0)
    ipm_diags_add_at (diags, IPM_SEVERITY_WARNING, script->file,
                      last_lineno, 0,
                      "no newline at the end of the file; "
                      "iptables-legacy-restore ignores a last COMMIT without "
                      "one");
  if (!ipm_diags_to_error (diags, error))
    return NULL;
  return g_steal_pointer (&script);
}


/* The outcome of one of ipm_parse_path's tries: its findings into DIAGS,
 * its error into ERROR. */
static IpmScript *
ipm_parse_path_keep (IpmScript *script, IpmDiags *found, IpmDiags *diags,
                     GError **found_error, GError **error)
{
  ipm_diags_move (diags, found);
  if (script == NULL)
    g_propagate_error (error, g_steal_pointer (found_error));
  return script;
}

/* Where ipm_parse_source reads from: a path, or bytes in memory. */
typedef struct {
  const char *path;       /* NULL: NAME, DATA, LEN */
  const char *name;
  const char *data;
  gsize len;
  off_t stdin_start;      /* path "-": where a regular file on standard
                             input starts, or -1 (a pipe: read once) */
} IpmParseSource;

static IpmInput *
ipm_parse_source_open (const IpmParseSource *source, GError **error)
{
  if (source->path == NULL)
    return ipm_input_new_from_data (source->name, source->data, source->len);
  if (strcmp (source->path, "-") == 0 && source->stdin_start >= 0)
    {
      if (fseeko (stdin, source->stdin_start, SEEK_SET) != 0)
        {
          g_set_error (error, IPM_ERROR, IPM_ERROR_IO,
                       "<stdin>: cannot read it again: %s",
                       g_strerror (errno));
          return NULL;
        }
      clearerr (stdin);
    }
  return ipm_input_open (source->path, error);
}

/* Whether SOURCE starts with a header that names its family. */
static gboolean
ipm_parse_source_has_header (const IpmParseSource *source)
{
  g_autoptr(IpmInput) input = ipm_parse_source_open (source, NULL);
  IpmLine line;

  return input != NULL && ipm_input_next (input, &line, NULL)
    && ipm_parse_header_family (line.text, line.len) != IPM_FAMILY_UNKNOWN;
}

/* ipm_parse_path and ipm_parse_data; REREADABLE: SOURCE can be read twice
 * (not a pipe on standard input). */
static IpmScript *
ipm_parse_source (const IpmParseSource *source, gboolean rereadable,
                  const IpmParseOptions *options, IpmDiags *diags,
                  GError **error)
{
  g_autoptr(IpmInput) input = ipm_parse_source_open (source, error);
  g_autoptr(IpmDiags) as_ipv4 = NULL;
  g_autoptr(GError) ipv4_error = NULL;
  IpmParseOptions ipv6 = *options;
  IpmScript *script;

  if (input == NULL)
    return NULL;
  if (options->family != IPM_FAMILY_UNKNOWN
      || options->default_family != IPM_FAMILY_UNKNOWN || !rereadable)
    return ipm_parse (input, options, diags, error);
  /* a hand-written file without a header: IPv4, unless only IPv6 fits */
  as_ipv4 = ipm_diags_new ();
  as_ipv4->strict = diags->strict;
  script = ipm_parse (input, options, as_ipv4, &ipv4_error);
  if (script != NULL || ipv4_error->code != IPM_ERROR_INVALID
      || ipm_parse_source_has_header (source))
    return ipm_parse_path_keep (script, as_ipv4, diags, &ipv4_error, error);
  g_clear_pointer (&input, ipm_input_free);
  input = ipm_parse_source_open (source, error);
  if (input == NULL)
    return NULL;
  ipv6.family = IPM_FAMILY_IPV6;
  {
    g_autoptr(IpmDiags) as_ipv6 = ipm_diags_new ();
    g_autoptr(GError) ipv6_error = NULL;

    as_ipv6->strict = diags->strict;
    script = ipm_parse (input, &ipv6, as_ipv6, &ipv6_error);
    if (script != NULL)
      return ipm_parse_path_keep (script, as_ipv6, diags, &ipv6_error, error);
  }
  return ipm_parse_path_keep (NULL, as_ipv4, diags, &ipv4_error, error);
}

/* Standard input can be read again when it is a regular file (`< file`):
 * its start offset, else -1. */
static off_t
ipm_parse_stdin_start (void)
{
  struct stat st;

  if (fstat (STDIN_FILENO, &st) != 0 || !S_ISREG (st.st_mode))
    return -1;
  return lseek (STDIN_FILENO, 0, SEEK_CUR);
}

IpmScript *
ipm_parse_path (const char *path, const IpmParseOptions *options,
                IpmDiags *diags, GError **error)
{
  IpmParseSource source = { .path = path, .stdin_start = -1 };

  if (strcmp (path, "-") == 0)
    source.stdin_start = ipm_parse_stdin_start ();
  return ipm_parse_source (&source, strcmp (path, "-") != 0
                           || source.stdin_start >= 0, options, diags, error);
}

IpmScript *
ipm_parse_data (const char *name, const char *data, gsize len,
                const IpmParseOptions *options, IpmDiags *diags,
                GError **error)
{
  IpmParseSource source = { .name = name, .data = data, .len = len,
                            .stdin_start = -1 };

  return ipm_parse_source (&source, TRUE, options, diags, error);
}

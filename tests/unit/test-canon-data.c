/* Suite "canon-data": the canon cases of tests/canon/NAME.t, one file per
 * module (the format is in tests/canon/README).  Every row is put in a
 * one-rule dump, in each chain its header names, read by ipmerge's parser
 * and printed back; the rule must come out as the row expects, or be
 * refused with the diagnostic it names.  A module of the grammar without a
 * file of its own fails here unless the list below says why it has none. */
#include "config.h"

#include <string.h>

#include "grammar.h"
#include "helpers.h"
#include "ruleset.h"
#include "suites.h"

/* Modules of grammar/matches.def and targets.def without tests/canon/NAME.t, and why. */
typedef struct {
  const char *name;
  const char *reason;
} IpmCanonDataExcuse;

static const IpmCanonDataExcuse ipm_canon_data_excused[] = {
  { "ACCEPT", "built-in verdict without options: its rules are in iptables.t" },
  { "DROP", "built-in verdict without options: its rules (and nat's refusal) are in iptables.t" },
  { "QUEUE", "built-in verdict; the test kernel's nft rejects it, so no case is verified" },
  { "RETURN", "built-in verdict without options: its rules are in iptables.t" },
  /* F_OPAQUE: the grammar knows the name, not the options; ipmerge keeps
   * the words literally, so there is no canonical form to record. */
  { "AUDIT", "opaque (options not described): kept literally" },
  { "CHECKSUM", "opaque (options not described): kept literally" },
  { "CLUSTERIP", "opaque, and missing from the test kernel" },
  { "DNPT", "opaque (options not described): kept literally" },
  { "ECN", "opaque (options not described): kept literally" },
  { "HMARK", "opaque (options not described): kept literally" },
  { "IDLETIMER", "opaque (options not described): kept literally" },
  { "LED", "opaque, and missing from the test kernel" },
  { "RATEEST", "opaque (options not described): kept literally" },
  { "SECMARK", "opaque; restoring it needs SELinux" },
  { "SET", "opaque (options not described): kept literally" },
  { "SNPT", "opaque (options not described): kept literally" },
  { "TCPOPTSTRIP", "opaque (options not described): kept literally" },
  { "TOS", "opaque (options not described): kept literally" },
  { "ULOG", "opaque, and missing from the test kernel" },
};

/* Files that are no module's: the rule's own options (addresses,
 * interfaces, protocols, standard targets, option prefixes), and whole
 * rules as kube-proxy, calico, docker and firewalld write them. */
static const char *const ipm_canon_data_general[] = { "iptables", "tools" };

typedef struct {
  char *file;         /* tests/canon/NAME.t, for messages */
  guint lineno;
  IpmFamily family;
  char *table;
  char **chains;      /* the chains the row is tried in */
  char *spec;         /* the words after "-A CHAIN" */
  char *want;         /* expected rule text (when !fail) */
  gboolean fail;
  char *message;      /* substring of the first error (when fail) */
  int col;            /* its column within SPEC (1-based), or -1 */
} IpmCanonRow;

static void
ipm_canon_row_free (IpmCanonRow *row)
{
  g_free (row->file);
  g_free (row->table);
  g_strfreev (row->chains);
  g_free (row->spec);
  g_free (row->want);
  g_free (row->message);
  g_free (row);
}

typedef struct {
  GPtrArray *rows;        /* IpmCanonRow*, in file order */
  GPtrArray *names;       /* char*: NAME of every NAME.t, sorted */
  GString *problems;      /* format errors, "FILE:LINE: what" lines */
} IpmCanonData;

static void
ipm_canon_data_free (IpmCanonData *data)
{
  g_ptr_array_unref (data->rows);
  g_ptr_array_unref (data->names);
  g_string_free (data->problems, TRUE);
  g_free (data);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IpmCanonData, ipm_canon_data_free)

/* The directory of the data files: make check sets top_srcdir; a run by
 * hand from the build directory finds the tree one level up. */
static char *
ipm_canon_data_dir (void)
{
  const char *top = g_getenv ("top_srcdir");

  return g_build_filename (top != NULL ? top : "..", "tests", "canon", NULL);
}

/* The first ';' of TEXT outside double quotes (a comment may hold one),
 * or NULL. */
static char *
ipm_canon_data_separator (char *text)
{
  gboolean quoted = FALSE;

  for (char *p = text; *p != '\0'; p++)
    {
      if (*p == '\\' && quoted && p[1] != '\0')
        p++;
      else if (*p == '"')
        quoted = !quoted;
      else if (*p == ';' && !quoted)
        return p;
    }
  return NULL;
}

/* TRUE when the expectation WANT is a FAIL one. */
static gboolean
ipm_canon_data_is_fail (const char *want)
{
  return strncmp (want, "FAIL", 4) == 0 && (want[4] == ' ' || want[4] == '\0');
}

/* Reads the expectation WANT ("=", "FAIL [@COL] MESSAGE" or a rule text)
 * into ROW; FALSE when it is malformed. */
static gboolean
ipm_canon_data_expectation (IpmCanonRow *row, const char *want)
{
  if (strcmp (want, "=") == 0)
    {
      row->want = g_strdup (row->spec);
      return TRUE;
    }
  if (!ipm_canon_data_is_fail (want))
    {
      row->want = g_strdup (want);
      return TRUE;
    }
  want += 4;
  while (*want == ' ')
    want++;
  row->fail = TRUE;
  row->col = -1;
  if (*want == '@')
    {
      char *end = NULL;
      guint64 col = g_ascii_strtoull (want + 1, &end, 10);

      if (end == want + 1 || *end != ' ' || col == 0)
        return FALSE;
      row->col = (int) col;
      want = end;
      while (*want == ' ')
        want++;
    }
  row->message = g_strdup (want);
  return *want != '\0';
}

/* Reads the file PATH (shown as DISPLAY) into DATA. */
static void
ipm_canon_data_read_file (IpmCanonData *data, const char *path,
                          const char *display)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  IpmFamily family = IPM_FAMILY_IPV4;
  g_autofree char *table = g_strdup ("filter");
  g_auto(GStrv) chains = NULL;

  if (!g_file_get_contents (path, &contents, NULL, &error))
    {
      g_string_append_printf (data->problems, "%s: %s\n", display,
                              error->message);
      return;
    }
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      char *sep = ipm_canon_data_separator (line);
      char *legacy;
      IpmCanonRow *row;

      if (*line == '\0' || *line == '#')
        continue;
      if (sep == NULL)
        {
          /* a header line: it sets what the following rows are tried in */
          if (strcmp (line, "-4") == 0 || strcmp (line, "-6") == 0)
            family = line[1] == '6' ? IPM_FAMILY_IPV6 : IPM_FAMILY_IPV4;
          else if (line[0] == '*' && line[1] != '\0')
            {
              g_free (table);
              table = g_strdup (line + 1);
            }
          else if (line[0] == ':' && line[1] != '\0')
            {
              g_strfreev (chains);
              chains = g_strsplit (line + 1, ",", -1);
            }
          else
            g_string_append_printf (data->problems,
                                    "%s:%u: neither a header (*TABLE, "
                                    ":CHAIN[,CHAIN], -4, -6) nor a row "
                                    "(SPEC ; EXPECTED): %s\n",
                                    display, i + 1, line);
          continue;
        }
      if (chains == NULL)
        {
          g_string_append_printf (data->problems,
                                  "%s:%u: a row before any :CHAIN line\n",
                                  display, i + 1);
          continue;
        }
      *sep = '\0';
      /* a FAIL message is the rest of the line, ';' and all */
      legacy = ipm_canon_data_is_fail (g_strchug (sep + 1)) ? NULL
        : ipm_canon_data_separator (sep + 1);
      if (legacy != NULL)
        {
          /* what legacy prints where it differs from nft: for
           * tests/kernel/canon.sh only, ipmerge follows nft */
          *legacy = '\0';
          legacy = g_strstrip (legacy + 1);
          if (!g_str_has_prefix (legacy, "LEGACY ")
              || legacy[strlen ("LEGACY ")] == '\0')
            {
              g_string_append_printf (data->problems,
                                      "%s:%u: a third field is LEGACY RULE, "
                                      "LEGACY = or LEGACY FAIL\n",
                                      display, i + 1);
              continue;
            }
        }
      row = g_new0 (IpmCanonRow, 1);
      row->file = g_strdup (display);
      row->lineno = i + 1;
      row->family = family;
      row->table = g_strdup (table);
      row->chains = g_strdupv (chains);
      row->spec = g_strdup (g_strstrip (line));
      if (!ipm_canon_data_expectation (row, g_strstrip (sep + 1)))
        {
          g_string_append_printf (data->problems,
                                  "%s:%u: FAIL wants [@COL] MESSAGE\n",
                                  display, i + 1);
          ipm_canon_row_free (row);
          continue;
        }
      g_ptr_array_add (data->rows, row);
    }
}

static gint
ipm_canon_data_compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Every tests/canon/NAME.t, read; NULL when the directory is missing. */
static IpmCanonData *
ipm_canon_data_load (void)
{
  g_autofree char *dir_path = ipm_canon_data_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, &error);
  IpmCanonData *data;
  const char *entry;

  if (dir == NULL)
    {
      g_printerr ("\ncanon-data: %s (is top_srcdir set?)\n", error->message);
      return NULL;
    }
  data = g_new0 (IpmCanonData, 1);
  data->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) ipm_canon_row_free);
  data->names = g_ptr_array_new_with_free_func (g_free);
  data->problems = g_string_new (NULL);
  while ((entry = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (entry, ".t"))
      g_ptr_array_add (data->names, g_strndup (entry, strlen (entry) - 2));
  /* in name order, so that messages and counts do not depend on the
   * file system */
  g_ptr_array_sort (data->names, ipm_canon_data_compare_names);
  for (guint i = 0; i < data->names->len; i++)
    {
      const char *name = g_ptr_array_index (data->names, i);
      g_autofree char *base = g_strconcat (name, ".t", NULL);
      g_autofree char *path = g_build_filename (dir_path, base, NULL);
      g_autofree char *display = g_strconcat ("tests/canon/", base, NULL);

      ipm_canon_data_read_file (data, path, display);
    }
  return data;
}

/* The built-in chains of TABLE, in the order the save prints them. */
static const char *const *
ipm_canon_data_builtin_chains (const char *table)
{
  static const char *const filter[] = { "INPUT", "FORWARD", "OUTPUT", NULL };
  static const char *const nat[] = { "PREROUTING", "INPUT", "OUTPUT",
                                     "POSTROUTING", NULL };
  static const char *const mangle[] = { "PREROUTING", "INPUT", "FORWARD",
                                        "OUTPUT", "POSTROUTING", NULL };
  static const char *const raw[] = { "PREROUTING", "OUTPUT", NULL };

  if (strcmp (table, "nat") == 0)
    return nat;
  if (strcmp (table, "mangle") == 0)
    return mangle;
  if (strcmp (table, "raw") == 0)
    return raw;
  return filter;    /* filter and security */
}

/* The one-rule dump of ROW in CHAIN, as tests/corpus/lib.sh builds it: the
 * table's built-in chains, the user chains USER1 and USER2 (and CHAIN when
 * it is none of those), the rule, COMMIT.  *RULE_LINE: the rule's line. */
static char *
ipm_canon_data_dump (const IpmCanonRow *row, const char *chain,
                     guint *rule_line)
{
  const char *const *builtin = ipm_canon_data_builtin_chains (row->table);
  GString *dump = g_string_new (NULL);
  gboolean declared = FALSE;
  guint line = 1;

  g_string_append_printf (dump, "*%s\n", row->table);
  for (guint i = 0; builtin[i] != NULL; i++, line++)
    {
      g_string_append_printf (dump, ":%s ACCEPT [0:0]\n", builtin[i]);
      declared = declared || strcmp (builtin[i], chain) == 0;
    }
  g_string_append (dump, ":USER1 - [0:0]\n:USER2 - [0:0]\n");
  line += 2;
  declared = declared || strcmp (chain, "USER1") == 0
    || strcmp (chain, "USER2") == 0;
  if (!declared)
    {
      g_string_append_printf (dump, ":%s - [0:0]\n", chain);
      line++;
    }
  *rule_line = line + 1;
  g_string_append_printf (dump, "-A %s%s%s\nCOMMIT\n", chain,
                          *row->spec != '\0' ? " " : "", row->spec);
  return g_string_free (dump, FALSE);
}

/* The rules of CHAIN in OUTPUT (ipmerge's print): the words after
 * "-A CHAIN ", several joined by "<NL>" as in tests/corpus, "NONE" when
 * there is none. */
static char *
ipm_canon_data_rules (const char *output, const char *chain)
{
  g_auto(GStrv) lines = g_strsplit (output, "\n", -1);
  g_autofree char *prefix = g_strconcat ("-A ", chain, NULL);
  GString *rules = g_string_new (NULL);
  gboolean any = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *rule = lines[i];
      const char *rest;

      /* counters (-c in the rule) are no part of its canonical form */
      if (*rule == '[' && strstr (rule, "] -A ") != NULL)
        rule = strstr (rule, "] -A ") + 2;
      if (!g_str_has_prefix (rule, prefix))
        continue;
      rest = rule + strlen (prefix);
      if (*rest != '\0' && *rest != ' ')
        continue;
      if (any)
        g_string_append (rules, "<NL>");
      g_string_append (rules, *rest == ' ' ? rest + 1 : rest);
      any = TRUE;
    }
  if (!any)
    g_string_append (rules, "NONE");
  return g_string_free (rules, FALSE);
}

static const IpmDiag *
ipm_canon_data_first_error (const IpmDiags *diags)
{
  for (guint i = 0; i < diags->items->len; i++)
    {
      const IpmDiag *d = g_ptr_array_index (diags->items, i);

      if (d->severity == IPM_SEVERITY_ERROR)
        return d;
    }
  return NULL;
}

/* Runs ROW in CHAIN; FALSE (after saying why on stderr) when the outcome
 * is not the one the row expects. */
static gboolean
ipm_canon_data_check (const IpmCanonRow *row, const char *chain)
{
  guint rule_line = 0;
  g_autofree char *dump = ipm_canon_data_dump (row, chain, &rule_line);
  IpmDiags *diags = NULL;
  g_autofree char *printed = ipm_test_canonical_family (dump, row->family,
                                                        &diags);
  g_autoptr(IpmDiags) owned = diags;
  g_autofree char *got = NULL;
  g_autofree char *want = NULL;
  const IpmDiag *error = ipm_canon_data_first_error (diags);
  /* the column of SPEC's first byte in "-A CHAIN SPEC" */
  guint spec_col = 3 + strlen (chain) + 1 + 1;

  if (printed != NULL)
    got = ipm_canon_data_rules (printed, chain);
  else if (error != NULL)
    got = g_strdup_printf ("FAIL @%d %s",
                           error->lineno == rule_line
                           ? (int) error->col - (int) spec_col + 1 : 0,
                           error->message);
  else
    got = g_strdup ("FAIL (without an error)");
  if (!row->fail)
    {
      if (printed != NULL && strcmp (got, row->want) == 0)
        return TRUE;
      want = g_strdup (row->want);
    }
  else
    {
      if (printed == NULL && error != NULL
          && strstr (error->message, row->message) != NULL
          && (row->col < 0 || (error->lineno == rule_line
                               && error->col == spec_col + row->col - 1)))
        return TRUE;
      want = row->col < 0 ? g_strdup_printf ("FAIL %s", row->message)
        : g_strdup_printf ("FAIL @%d %s", row->col, row->message);
    }
  g_printerr ("\n%s:%u: (-%d *%s :%s) %s\n  expected: %s\n  got:      %s\n",
              row->file, row->lineno, row->family, row->table, chain,
              row->spec, want, got);
  return FALSE;
}

static void
test_canon_data_rows (void)
{
  g_autoptr(IpmCanonData) data = ipm_canon_data_load ();
  guint checks = 0, failed = 0;

  CU_ASSERT_PTR_NOT_NULL_FATAL (data);
  if (data->problems->len > 0)
    g_printerr ("\n%s", data->problems->str);
  CU_ASSERT_EQUAL (data->problems->len, 0);
  CU_ASSERT (data->rows->len > 0);
  for (guint i = 0; i < data->rows->len; i++)
    {
      const IpmCanonRow *row = g_ptr_array_index (data->rows, i);

      for (guint k = 0; row->chains[k] != NULL; k++, checks++)
        if (!ipm_canon_data_check (row, row->chains[k]))
          failed++;
    }
  CU_ASSERT_EQUAL (failed, 0);
  g_print ("\ncanon-data: %u files, %u rows, %u checks, %u failed\n",
           data->names->len, data->rows->len, checks, failed);
}

static const IpmCanonDataExcuse *
ipm_canon_data_excuse (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (ipm_canon_data_excused); i++)
    if (strcmp (ipm_canon_data_excused[i].name, name) == 0)
      return &ipm_canon_data_excused[i];
  return NULL;
}

static gboolean
ipm_canon_data_has_file (const IpmCanonData *data, const char *name)
{
  for (guint i = 0; i < data->names->len; i++)
    if (strcmp (g_ptr_array_index (data->names, i), name) == 0)
      return TRUE;
  return FALSE;
}

/* Every module of the grammar has its file, or an excuse; no module has
 * both; every excuse names a module. */
static void
test_canon_data_every_module (void)
{
  g_autoptr(IpmCanonData) data = ipm_canon_data_load ();
  const IpmGrammarModule *tables[2];
  guint lens[2];

  CU_ASSERT_PTR_NOT_NULL_FATAL (data);
  tables[0] = ipm_grammar_matches (&lens[0]);
  tables[1] = ipm_grammar_targets (&lens[1]);
  for (guint t = 0; t < 2; t++)
    for (guint i = 0; i < lens[t]; i++)
      {
        const char *name = tables[t][i].name;
        gboolean file = ipm_canon_data_has_file (data, name);
        const IpmCanonDataExcuse *excuse = ipm_canon_data_excuse (name);

        if (!file && excuse == NULL)
          g_printerr ("\ncanon-data: module %s has no tests/canon/%s.t; add "
                      "its cases there (tests/canon/README)\n", name, name);
        if (file && excuse != NULL)
          g_printerr ("\ncanon-data: tests/canon/%s.t exists: drop %s from "
                      "the modules without a file\n", name, name);
        CU_ASSERT (file != (excuse != NULL));
      }
  for (guint i = 0; i < G_N_ELEMENTS (ipm_canon_data_excused); i++)
    {
      const char *name = ipm_canon_data_excused[i].name;
      gboolean known = ipm_grammar_match (name, 4) != NULL
        || ipm_grammar_match (name, 6) != NULL
        || ipm_grammar_target (name, 4) != NULL
        || ipm_grammar_target (name, 6) != NULL;

      if (!known)
        g_printerr ("\ncanon-data: %s is excused but is no module\n", name);
      CU_ASSERT_TRUE (known);
    }
}

/* TRUE when TEXT holds the words OPTION NAME ("-m tcp"). */
static gboolean
ipm_canon_data_mentions (const char *text, const char *option,
                         const char *name)
{
  g_autofree char *words = g_strconcat (option, " ", name, NULL);
  gsize len = strlen (words);

  for (const char *p = strstr (text, words); p != NULL;
       p = strstr (p + 1, words))
    if ((p == text || p[-1] == ' ') && (p[len] == '\0' || p[len] == ' '))
      return TRUE;
  return FALSE;
}

/* Every file is a module's (or one of the general ones) and has a row
 * that uses the module, so a misnamed file is no module's cover. */
static void
test_canon_data_files_name_modules (void)
{
  g_autoptr(IpmCanonData) data = ipm_canon_data_load ();

  CU_ASSERT_PTR_NOT_NULL_FATAL (data);
  for (guint i = 0; i < data->names->len; i++)
    {
      const char *name = g_ptr_array_index (data->names, i);
      g_autofree char *file = g_strconcat ("tests/canon/", name, ".t", NULL);
      gboolean general = g_strv_contains (ipm_canon_data_general, name);
      const IpmGrammarModule *match = ipm_grammar_match (name, 4);
      const IpmGrammarModule *target = ipm_grammar_target (name, 4);
      gboolean used = FALSE;

      match = match != NULL ? match : ipm_grammar_match (name, 6);
      target = target != NULL ? target : ipm_grammar_target (name, 6);
      if (general)
        continue;
      if (match == NULL && target == NULL)
        g_printerr ("\ncanon-data: %s: %s is no module of the grammar\n",
                    file, name);
      CU_ASSERT (match != NULL || target != NULL);
      for (guint k = 0; k < data->rows->len && !used; k++)
        {
          const IpmCanonRow *row = g_ptr_array_index (data->rows, k);

          if (strcmp (row->file, file) != 0)
            continue;
          /* -p tcp loads tcp implicitly */
          used = (match != NULL
                  && (ipm_canon_data_mentions (row->spec, "-m", name)
                      || ipm_canon_data_mentions (row->spec, "-p", name)
                      || (!row->fail
                          && ipm_canon_data_mentions (row->want, "-m", name))))
            || (target != NULL && ipm_canon_data_mentions (row->spec, "-j", name));
        }
      if (!used)
        g_printerr ("\ncanon-data: %s: no row uses %s\n", file, name);
      CU_ASSERT_TRUE (used);
    }
}

static const CU_TestInfo ipm_canon_data_tests[] = {
  { "tests/canon rows", test_canon_data_rows },
  { "every module has a data file", test_canon_data_every_module },
  { "every data file is a module's and uses it",
    test_canon_data_files_name_modules },
  CU_TEST_INFO_NULL,
};

CU_ErrorCode
ipm_test_add_canon_data (void)
{
  return ipm_test_add_suite ("canon-data", ipm_canon_data_tests);
}

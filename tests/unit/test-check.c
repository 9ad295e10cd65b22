/* Suite for src/check.c: the findings that need the whole ruleset. */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "check.h"
#include "helpers.h"
#include "suites.h"

/* Runs the checks on TEXT as --check reads a file (BUILD: the ruleset
 * built while parsing, as --check does; else commands kept); returns the
 * diagnostics (caller frees). */
static IpmDiags *
ipm_test_check_as (const char *text, gboolean build)
{
  IpmDiags *diags = ipm_diags_new ();
  g_autoptr(IpmInput) input = ipm_input_new_from_data ("c.rules", text, strlen (text));
  IpmParseOptions options = {
    .family = IPM_FAMILY_IPV4, .keep_text = TRUE, .build_ruleset = build,
  };
  g_autoptr(IpmScript) script = ipm_parse (input, &options, diags, NULL);

  if (script != NULL)
    ipm_check_script (script, diags);
  return diags;
}

static IpmDiags *
ipm_test_check (const char *text)
{
  return ipm_test_check_as (text, TRUE);
}

/* TRUE when TEXT parses as a dump (ipm_check_is_dump). */
static gboolean
ipm_test_is_dump (const char *text, gboolean build)
{
  g_autoptr(IpmDiags) diags = ipm_diags_new ();
  g_autoptr(IpmInput) input = ipm_input_new_from_data ("d.rules", text, strlen (text));
  IpmParseOptions options = { .family = IPM_FAMILY_IPV4, .build_ruleset = build };
  g_autoptr(IpmScript) script = ipm_parse (input, &options, diags, NULL);

  CU_ASSERT_PTR_NOT_NULL_FATAL (script);
  return ipm_check_is_dump (script);
}

/* Writes TEXT to a new file NAME in DIR; returns its path. */
static char *
ipm_test_write (const char *dir, const char *name, const char *text)
{
  char *path = g_build_filename (dir, name, NULL);

  CU_ASSERT_TRUE_FATAL (g_file_set_contents (path, text, -1, NULL));
  return path;
}

/* The finding of KIND whose message contains NEEDLE, or NULL. */
static const IpmDiag *
ipm_test_find_kind (const IpmDiags *diags, const char *kind, const char *needle)
{
  for (guint i = 0; i < diags->items->len; i++)
    {
      const IpmDiag *d = g_ptr_array_index (diags->items, i);

      if (strcmp (ipm_check_kind_of (d), kind) == 0
          && (needle == NULL || strstr (d->message, needle) != NULL))
        return d;
    }
  return NULL;
}

/* The finding whose message contains NEEDLE, or NULL. */
#define HEAD "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"

static void
test_clean (void)
{
  g_autoptr(IpmDiags) diags = ipm_test_check (
    HEAD ":DOCKER - [0:0]\n"
    "-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n"
    "-A FORWARD -o docker0 -j DOCKER\n"
    "-A INPUT -j REJECT --reject-with icmp-host-prohibited\n"
    "COMMIT\n");

  CU_ASSERT_EQUAL (diags->items->len, 0);
}

static void
test_duplicate_rule (void)
{
  g_autoptr(IpmDiags) diags = ipm_test_check (
    HEAD "-A INPUT -s 10.0.0.1 -j ACCEPT\n-A INPUT -s 10.0.0.1/32 -j ACCEPT\nCOMMIT\n");
  const IpmDiag *d = ipm_test_find (diags, "duplicate of the rule at line 5");

  CU_ASSERT_PTR_NOT_NULL_FATAL (d);
  CU_ASSERT_EQUAL (d->severity, IPM_SEVERITY_WARNING);
  CU_ASSERT_EQUAL (d->lineno, 6);
  CU_ASSERT_EQUAL (d->col, 10);     /* the rule, after "-A INPUT " */
  CU_ASSERT_EQUAL (diags->n_errors, 0);
}

static void
test_shadowed_rule (void)
{
  g_autoptr(IpmDiags) diags = ipm_test_check (
    HEAD "-A INPUT -j DROP\n-A INPUT -p tcp --dport 22 -j ACCEPT\n"
    "-A INPUT -p tcp --dport 80 -j ACCEPT\nCOMMIT\n");
  const IpmDiag *d = ipm_test_find (diags, "never reached");

  CU_ASSERT_PTR_NOT_NULL_FATAL (d);
  CU_ASSERT_EQUAL (d->lineno, 6);
  CU_ASSERT_PTR_NOT_NULL (strstr (d->message, "line 5 drops"));
  /* every unreachable rule, each with the rule that kills it */
  CU_ASSERT_EQUAL (diags->n_warnings, 2);
  CU_ASSERT_EQUAL (((const IpmDiag *) g_ptr_array_index (diags->items, 1))->lineno, 7);
}

static void
test_conditional_catch_all_does_not_shadow (void)
{
  /* a REJECT limited to one interface, or a jump, shadows nothing */
  g_autoptr(IpmDiags) diags = ipm_test_check (
    HEAD ":X - [0:0]\n-A INPUT -i eth0 -j REJECT\n-A INPUT -j X\n-A INPUT -j ACCEPT\n"
    "-A X -j RETURN\nCOMMIT\n");

  CU_ASSERT_PTR_NULL (ipm_test_find (diags, "never reached"));
}

static void
test_dead_points (void)
{
  /* a goto never comes back; a comment is no condition; RETURN and the
   * NAT verdicts end the chain too */
  g_autoptr(IpmDiags) diags = ipm_test_check (
    HEAD ":X - [0:0]\n:Y - [0:0]\n-A INPUT -j X\n-A INPUT -g X\n-A INPUT -j ACCEPT\n"
    "-A X -m comment --comment \"all the rest\" -j RETURN\n-A X -j ACCEPT\n"
    "-A Y -m limit --limit 1/sec -j RETURN\n-A Y -j ACCEPT\n"
    "-A FORWARD -j Y\nCOMMIT\n");
  const IpmDiag *d = ipm_test_find (diags, "rule 3 of chain INPUT");

  CU_ASSERT_PTR_NOT_NULL_FATAL (d);
  CU_ASSERT_PTR_NOT_NULL (strstr (d->message, "goes to X with every packet"));
  d = ipm_test_find (diags, "rule 2 of chain X");
  CU_ASSERT_PTR_NOT_NULL_FATAL (d);
  CU_ASSERT_PTR_NOT_NULL (strstr (d->message, "returns every packet"));
  /* a rate limit is a condition */
  CU_ASSERT_PTR_NULL (ipm_test_find (diags, "chain Y"));
}

static void
test_unused_chain (void)
{
  g_autoptr(IpmDiags) diags = ipm_test_check (
    HEAD ":USED - [0:0]\n:UNUSED - [0:0]\n-A INPUT -j USED\nCOMMIT\n");
  const IpmDiag *d = ipm_test_find (diags, "never used");

  CU_ASSERT_PTR_NOT_NULL_FATAL (d);
  CU_ASSERT_PTR_NOT_NULL (strstr (d->message, "UNUSED"));
  CU_ASSERT_EQUAL (d->lineno, 6);
  CU_ASSERT_EQUAL (diags->n_warnings, 1);
}

static void
test_goto_counts_as_use (void)
{
  g_autoptr(IpmDiags) diags = ipm_test_check (
    HEAD ":G - [0:0]\n-A INPUT -g G\nCOMMIT\n");

  CU_ASSERT_PTR_NULL (ipm_test_find (diags, "never used"));
}

static void
test_long_comment_warning (void)
{
  g_autoptr(GString) text = g_string_new (HEAD "-A INPUT -m comment --comment \"");
  g_autoptr(IpmDiags) diags = NULL;

  for (int i = 0; i < 300; i++)
    g_string_append_c (text, 'x');
  g_string_append (text, "\" -j ACCEPT\nCOMMIT\n");
  diags = ipm_test_check (text->str);
  CU_ASSERT_EQUAL (diags->n_errors, 0);
  CU_ASSERT_TRUE (diags->n_warnings >= 1);
}


static void
test_dump_or_overlay (void)
{
  const char *dump = HEAD "-A INPUT -j ACCEPT\nCOMMIT\n";
  const char *partial = "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -j ACCEPT\nCOMMIT\n";
  const char *commands = HEAD "-D INPUT -j ACCEPT\nCOMMIT\n";

  /* iptables-save declares every built-in chain of every table */
  CU_ASSERT_TRUE (ipm_test_is_dump (dump, TRUE));
  CU_ASSERT_TRUE (ipm_test_is_dump (dump, FALSE));
  CU_ASSERT_FALSE (ipm_test_is_dump (partial, TRUE));
  CU_ASSERT_FALSE (ipm_test_is_dump (partial, FALSE));
  CU_ASSERT_FALSE (ipm_test_is_dump (commands, TRUE));
  CU_ASSERT_FALSE (ipm_test_is_dump (HEAD "COMMIT\n*nat\n:PREROUTING ACCEPT [0:0]\nCOMMIT\n", TRUE));
}

static void
test_overlay_depends_on_host (void)
{
  /* a -D of a rule the file lacks, an -I by number, rules appended to a
   * chain the host jumps to: no finding */
  const char *text =
    "*filter\n:DOCKER-USER - [0:0]\n-D INPUT -s 203.0.113.9/32 -j DROP\n"
    "-I INPUT 3 -s 198.51.100.0/24 -j DROP\n-D INPUT 2\n"
    "-A DOCKER-USER -s 203.0.113.0/24 -j DROP\n-A DOCKER-USER -j RETURN\n"
    "COMMIT\n";
  g_autoptr(IpmDiags) built = ipm_test_check_as (text, TRUE);
  g_autoptr(IpmDiags) kept = ipm_test_check_as (text, FALSE);
  g_autoptr(IpmDiags) appends = ipm_test_check (
    "*filter\n:DOCKER-USER - [0:0]\n-A DOCKER-USER -s 203.0.113.0/24 -j DROP\nCOMMIT\n");

  CU_ASSERT_EQUAL (built->items->len, 0);
  CU_ASSERT_EQUAL (kept->items->len, 0);
  CU_ASSERT_EQUAL (appends->items->len, 0);
}

static void
test_overlay_findings (void)
{
  g_autoptr(IpmDiags) diags = ipm_test_check (
    "*filter\n:X - [0:0]\n-A X -j RETURN\n-A X -s 10.0.0.1 -j DROP\n"
    "-A INPUT -s 10.0.0.2 -j ACCEPT\n-A INPUT -s 10.0.0.2/32 -j ACCEPT\n"
    "-F X\n-A X -j RETURN\n-X INPUT\n-E FORWARD F2\nCOMMIT\n");
  const IpmDiag *d = ipm_test_find_kind (diags, IPM_CHECK_KIND_UNREACHABLE, NULL);

  CU_ASSERT_PTR_NOT_NULL_FATAL (d);
  CU_ASSERT_EQUAL (d->lineno, 4);
  CU_ASSERT_PTR_NOT_NULL (strstr (d->message, "line 3 returns every packet"));
  d = ipm_test_find_kind (diags, IPM_CHECK_KIND_DUPLICATE, NULL);
  CU_ASSERT_PTR_NOT_NULL_FATAL (d);
  CU_ASSERT_EQUAL (d->lineno, 6);
  /* after -F, the same rule again is no duplicate */
  CU_ASSERT_EQUAL (diags->n_warnings, 2);
  CU_ASSERT_PTR_NOT_NULL (ipm_test_find (diags, "cannot delete built-in chain INPUT"));
  CU_ASSERT_PTR_NOT_NULL (ipm_test_find (diags, "cannot rename built-in chain FORWARD"));
  CU_ASSERT_EQUAL (diags->n_errors, 2);
}

static void
test_agent_chains (void)
{
  g_autoptr(IpmDiags) diags = ipm_test_check (
    HEAD ":KUBE-KUBELET-CANARY - [0:0]\n:KUBE-PROXY-CANARY - [0:0]\n"
    ":KUBE-IPTABLES-HINT - [0:0]\nCOMMIT\n");
  const IpmDiag *d = ipm_test_find (diags, "never used");

  /* the hint chain is kubelet's in mangle only */
  CU_ASSERT_PTR_NOT_NULL_FATAL (d);
  CU_ASSERT_PTR_NOT_NULL (strstr (d->message, "KUBE-IPTABLES-HINT"));
  CU_ASSERT_EQUAL (diags->n_warnings, 1);
  CU_ASSERT_PTR_NOT_NULL (ipm_check_agent_chain ("mangle", "KUBE-IPTABLES-HINT"));
  CU_ASSERT_PTR_NOT_NULL (ipm_check_agent_chain ("nat", "KUBE-PROXY-CANARY"));
  CU_ASSERT_PTR_NULL (ipm_check_agent_chain ("raw", "KUBE-PROXY-CANARY"));
  CU_ASSERT_PTR_NULL (ipm_check_agent_chain ("filter", "KUBE-MARK-DROP"));
}

/* grammar/agent-chains.def: known tables, valid chain names, a reason. */
static void
test_agent_chain_rows (void)
{
  static const struct {
    const char *chain, *tables, *agent, *reason;
  } rows[] = {
#define IPM_AGENT_CHAIN(id, chain, tables, agent, reason) \
    { chain, tables, agent, reason },
#include "agent-chains.def"
#undef IPM_AGENT_CHAIN
  };

  CU_ASSERT_TRUE (G_N_ELEMENTS (rows) >= 3);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_auto(GStrv) tables = g_strsplit (rows[i].tables, ",", -1);

      CU_ASSERT_TRUE (strlen (rows[i].chain) > 0 && strlen (rows[i].chain) <= 28);
      CU_ASSERT_FALSE (ipm_chain_name_builtin (rows[i].chain));
      CU_ASSERT_TRUE (strlen (rows[i].agent) > 0);
      CU_ASSERT_TRUE (strlen (rows[i].reason) > 20);
      for (guint t = 0; tables[t] != NULL; t++)
        {
          CU_ASSERT_TRUE (ipm_table_name_known (tables[t]));
          CU_ASSERT_STRING_EQUAL (ipm_check_agent_chain (tables[t], rows[i].chain),
                                  rows[i].reason);
        }
    }
}

static void
test_every_file_keeps_its_findings (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ipm-check-XXXXXX", NULL);
  g_autofree char *bad = ipm_test_write (dir, "bad.rules",
                                         HEAD "-A INPUT -p tcp --dport 70000 -j ACCEPT\nCOMMIT\n");
  g_autofree char *good = ipm_test_write (dir, "good.rules",
                                          HEAD ":OLD - [0:0]\n-A INPUT -j DROP\n"
                                          "-A INPUT -j DROP\nCOMMIT\n");
  const char *paths[] = { bad, good, NULL };
  IpmCheckOptions options = { .paths = paths, .parse = { .family = IPM_FAMILY_IPV4 } };
  g_autoptr(IpmDiags) diags = ipm_diags_new ();

  /* --strict must not stop the checks either */
  diags->strict = TRUE;
  ipm_check_files (&options, diags);
  CU_ASSERT_EQUAL (diags->n_errors, 1);
  CU_ASSERT_PTR_NOT_NULL (ipm_test_find_kind (diags, IPM_CHECK_KIND_UNREACHABLE, NULL));
  CU_ASSERT_PTR_NOT_NULL (ipm_test_find_kind (diags, IPM_CHECK_KIND_DUPLICATE, NULL));
  CU_ASSERT_PTR_NOT_NULL (ipm_test_find_kind (diags, IPM_CHECK_KIND_UNUSED_CHAIN, "OLD"));
  g_unlink (bad);
  g_unlink (good);
  g_rmdir (dir);
}

static void
test_against_host (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ipm-check-XXXXXX", NULL);
  /* the host's own duplicate is --check HOST's business */
  g_autofree char *host = ipm_test_write (dir, "host.rules",
                                          HEAD "-A INPUT -s 10.0.0.1/32 -j DROP\n"
                                          "-A INPUT -s 10.0.0.1/32 -j DROP\n"
                                          "-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\nCOMMIT\n");
  g_autofree char *layer = ipm_test_write (dir, "layer.rules",
                                           "*filter\n:NEW - [0:0]\n-I INPUT -j ACCEPT\n"
                                           "-D INPUT -s 192.0.2.1/32 -j DROP\nCOMMIT\n");
  const char *paths[] = { layer, NULL };
  IpmCheckOptions options = {
    .paths = paths, .host = host, .parse = { .family = IPM_FAMILY_IPV4 },
  };
  g_autoptr(IpmDiags) diags = ipm_diags_new ();
  const IpmDiag *d;

  ipm_check_files (&options, diags);
  CU_ASSERT_EQUAL (diags->n_errors, 0);
  d = ipm_test_find_kind (diags, IPM_CHECK_KIND_MERGE_WARNING, "-I INPUT 1");
  CU_ASSERT_PTR_NOT_NULL_FATAL (d);
  CU_ASSERT_PTR_NOT_NULL (d->line_text);   /* the merge gave none */
  /* the host's rules after the layer's catch-all, each with its killer */
  d = ipm_test_find_kind (diags, IPM_CHECK_KIND_UNREACHABLE, "layer.rules:3");
  CU_ASSERT_PTR_NOT_NULL_FATAL (d);
  CU_ASSERT_EQUAL (d->lineno, 5);
  CU_ASSERT_PTR_NOT_NULL (ipm_test_find_kind (diags, IPM_CHECK_KIND_UNREACHABLE,
                                              "rule 4 of chain INPUT"));
  CU_ASSERT_PTR_NOT_NULL (ipm_test_find_kind (diags, IPM_CHECK_KIND_UNUSED_CHAIN, "NEW"));
  CU_ASSERT_PTR_NULL (ipm_test_find_kind (diags, IPM_CHECK_KIND_DUPLICATE, NULL));
  g_unlink (host);
  g_unlink (layer);
  g_rmdir (dir);
}

static void
test_options_valid (void)
{
  const char *none[] = { NULL };
  const char *twice[] = { "-", "a.rules", "-", NULL };
  const char *one[] = { "-", NULL };
  IpmCheckOptions options = { .paths = none, .host = "host.rules" };
  g_autoptr(GError) error = NULL;

  CU_ASSERT_FALSE (ipm_check_options_valid (&options, &error));
  g_clear_error (&error);
  options.host = NULL;
  options.paths = twice;
  CU_ASSERT_FALSE (ipm_check_options_valid (&options, &error));
  g_clear_error (&error);
  options.host = "-";
  options.paths = one;
  CU_ASSERT_FALSE (ipm_check_options_valid (&options, &error));
  g_clear_error (&error);
  options.host = NULL;
  CU_ASSERT_TRUE (ipm_check_options_valid (&options, NULL));
  {
    g_autoptr(GPtrArray) skip = g_ptr_array_new ();
    IpmMergeOptions merge = { .skip = skip };

    /* merge options only for the merge of --host */
    options.merge = &merge;
    CU_ASSERT_TRUE (ipm_check_options_valid (&options, NULL));
    g_ptr_array_add (skip, (gpointer) "DNAT");
    CU_ASSERT_FALSE (ipm_check_options_valid (&options, NULL));
    options.host = "host.rules";
    CU_ASSERT_TRUE (ipm_check_options_valid (&options, NULL));
  }
}

static void
test_suggestions (void)
{
  g_autoptr(IpmDiags) diags = ipm_test_check (
    HEAD ":DOCKER-USER - [0:0]\n-A PREROUTING -j ACCEPT\n-A INPUT -j ACCPET\n"
    "-A INPUT -p tcp --dprot 22 -j ACCEPT\n-A DOCKER-USR -j RETURN\n"
    "-A INPUT -j SOMETHING-ELSE\nCOMMIT\n");
  g_autoptr(IpmDiags) modules = ipm_test_check (
    HEAD "-A INPUT -m conntrak --ctstate NEW -j ACCEPT\n"
    "-A INPUT -m vendorthing --x 1 -j ACCEPT\nCOMMIT\n");
  const IpmDiag *d;

  CU_ASSERT_PTR_NOT_NULL (ipm_test_find (diags, "PREROUTING is a chain of the mangle, nat and raw tables"));
  CU_ASSERT_PTR_NULL (ipm_test_find (diags, "add ':PREROUTING"));
  CU_ASSERT_PTR_NOT_NULL (ipm_test_find (diags, "did you mean ACCEPT?"));
  CU_ASSERT_PTR_NULL (ipm_test_find (diags, "':ACCPET"));
  CU_ASSERT_PTR_NOT_NULL (ipm_test_find (diags, "did you mean --dport?"));
  CU_ASSERT_PTR_NOT_NULL (ipm_test_find (diags, "did you mean DOCKER-USER?"));
  /* nothing close: declaring it is the hint */
  CU_ASSERT_PTR_NOT_NULL (ipm_test_find (diags, "':SOMETHING-ELSE - [0:0]'"));
  d = ipm_test_find_kind (modules, IPM_CHECK_KIND_UNKNOWN_MODULE, "conntrack");
  CU_ASSERT_PTR_NOT_NULL_FATAL (d);
  CU_ASSERT_EQUAL (d->col, 13);
  /* a module far from every known one may be the kernel's: no finding */
  CU_ASSERT_EQUAL (modules->items->len, 1);
}

static void
test_kinds (void)
{
  guint n;
  const IpmCheckKind *kinds = ipm_check_kinds (&n);
  g_autoptr(IpmDiags) diags = ipm_test_check (
    HEAD ":OLD - [0:0]\n-A INPUT -j DROP\n-A INPUT -j DROP\n"
    "-A INPUT -p tcp --dport 70000 -j ACCEPT\nCOMMIT\n");

  for (guint i = 0; i < n; i++)
    for (guint j = i + 1; j < n; j++)
      CU_ASSERT_STRING_NOT_EQUAL (kinds[i].id, kinds[j].id);
  /* every finding has one of the kinds */
  for (guint i = 0; i < diags->items->len; i++)
    {
      const char *kind = ipm_check_kind_of (g_ptr_array_index (diags->items, i));
      gboolean known = FALSE;

      for (guint k = 0; k < n; k++)
        known |= strcmp (kinds[k].id, kind) == 0;
      CU_ASSERT_TRUE (known);
    }
  CU_ASSERT_PTR_NOT_NULL (ipm_test_find_kind (diags, IPM_CHECK_KIND_INPUT_ERROR, "70000"));
}

static void
test_formats (void)
{
  g_autoptr(IpmDiags) diags = ipm_test_check (
    HEAD ":OLD - [0:0]\n-A INPUT -j DROP\n"
    "-A INPUT -m comment --comment \"say \\\"hi\\\"\" -j DROP\nCOMMIT\n");
  const char *paths[] = { "c.rules", NULL };
  IpmCheckOptions options = { .paths = paths };
  g_autoptr(GString) json = g_string_new (NULL);
  g_autoptr(GString) sarif = g_string_new (NULL);
  g_autoptr(GString) quiet = g_string_new (NULL);
  IpmCheckFormat format;

  CU_ASSERT_TRUE (ipm_check_format_parse (NULL, &format, NULL));
  CU_ASSERT_EQUAL (format, IPM_CHECK_FORMAT_TEXT);
  CU_ASSERT_TRUE (ipm_check_format_parse ("sarif", &format, NULL));
  CU_ASSERT_EQUAL (format, IPM_CHECK_FORMAT_SARIF);
  CU_ASSERT_FALSE (ipm_check_format_parse ("unified", &format, NULL));
  ipm_check_format (json, diags, &options, IPM_CHECK_FORMAT_JSON, FALSE);
  CU_ASSERT_PTR_NOT_NULL (strstr (json->str, "\"version\": 1,"));
  CU_ASSERT_PTR_NOT_NULL (strstr (json->str, "\"kind\": \"unreachable-rule\""));
  CU_ASSERT_PTR_NOT_NULL (strstr (json->str, "\"kind\": \"unused-chain\""));
  /* the quotes of the line are escaped */
  CU_ASSERT_PTR_NOT_NULL (strstr (json->str, "say \\\\\\\"hi"));
  ipm_check_format (sarif, diags, &options, IPM_CHECK_FORMAT_SARIF, FALSE);
  CU_ASSERT_PTR_NOT_NULL (strstr (sarif->str, "\"version\": \"2.1.0\""));
  CU_ASSERT_PTR_NOT_NULL (strstr (sarif->str, "\"ruleId\": \"unused-chain\""));
  CU_ASSERT_PTR_NOT_NULL (strstr (sarif->str, "{\"uri\": \"c.rules\"}, \"region\": {\"startLine\": 7, \"startColumn\": 10"));
  ipm_check_format (quiet, diags, &options, IPM_CHECK_FORMAT_JSON, TRUE);
  CU_ASSERT_PTR_NOT_NULL (strstr (quiet->str, "\"findings\": []"));
}

static const CU_TestInfo ipm_check_tests[] = {
  { "clean ruleset: no findings", test_clean },
  { "duplicate rule (canonical equality)", test_duplicate_rule },
  { "rule shadowed by an unconditional DROP", test_shadowed_rule },
  { "conditional catch-all and jump shadow nothing", test_conditional_catch_all_does_not_shadow },
  { "dead points: goto, commented RETURN", test_dead_points },
  { "user chain nothing references", test_unused_chain },
  { "goto counts as a reference", test_goto_counts_as_use },
  { "comment over 255 bytes is a warning", test_long_comment_warning },
  { "a dump declares every built-in chain; anything else is an overlay", test_dump_or_overlay },
  { "overlay: -D, -I N, appends to host chains: no finding", test_overlay_depends_on_host },
  { "overlay: own dead point, duplicate, -X/-E of a built-in", test_overlay_findings },
  { "agents' canary chains are no finding", test_agent_chains },
  { "grammar/agent-chains.def rows", test_agent_chain_rows },
  { "every file keeps its findings (also with --strict)", test_every_file_keeps_its_findings },
  { "--host: merge diagnostics, the result's findings about layers", test_against_host },
  { "--host without layers, stdin twice: refused", test_options_valid },
  { "did you mean: targets, options, chains, tables, modules", test_suggestions },
  { "every finding has a known kind", test_kinds },
  { "json and sarif reports", test_formats },
  CU_TEST_INFO_NULL,
};

CU_ErrorCode
ipm_test_add_check (void)
{
  return ipm_test_add_suite ("check", ipm_check_tests);
}

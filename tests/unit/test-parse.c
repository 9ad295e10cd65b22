/* Suite for src/parse.c and src/apply.c */
#include "config.h"

#include "helpers.h"
#include "suites.h"

static void
test_save_output_roundtrip (void)
{
  const char *dump =
    "*nat\n"
    ":PREROUTING ACCEPT [18:1080]\n"
    ":INPUT ACCEPT [18:1080]\n"
    ":OUTPUT ACCEPT [22:1550]\n"
    ":POSTROUTING ACCEPT [22:1550]\n"
    ":DOCKER - [0:0]\n"
    "-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE\n"
    "COMMIT\n";
  g_autofree char *out = ipm_test_canonical (dump, NULL);

  CU_ASSERT_STRING_EQUAL (out, dump);
}

static void
test_missing_builtin_declared (void)
{
  g_autofree char *out = ipm_test_canonical ("*raw\n-A OUTPUT -j ACCEPT\nCOMMIT\n", NULL);

  CU_ASSERT_STRING_EQUAL (out,
    "*raw\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A OUTPUT -j ACCEPT\nCOMMIT\n");
}

static void
test_restore_commands (void)
{
  g_autofree char *out = ipm_test_canonical (
    "*filter\n"
    "-N B\n-N A\n"
    "-A INPUT -j B\n-I INPUT -j A\n-I INPUT 2 -j DROP\n"
    "-D INPUT 3\n-P FORWARD DROP\n"
    "-E A Z\n"
    "COMMIT\n", NULL);

  CU_ASSERT_STRING_EQUAL (out,
    "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n"
    ":B - [0:0]\n:Z - [0:0]\n"
    "-A INPUT -j Z\n-A INPUT -j DROP\nCOMMIT\n");
}

static void
test_errors (void)
{
  const struct {
    const char *text;
    const char *needle;
  } cases[] = {
    { "", "empty input" },
    { "# only a comment\n", "no table" },
    { "*filter\n-A INPUT -j ACCEPT\n", "no COMMIT" },
    { "-A INPUT -j ACCEPT\n", "outside a table" },
    { "*filter\nCOMMIT\n*filter\nCOMMIT\n", "appears twice" },
    { "*bogus\nCOMMIT\n", "unknown table" },
    { "*filter\n:X ACCEPT [0:0]\nCOMMIT\n", "cannot have a policy" },
    { "*filter\n-A NOPE -j ACCEPT\nCOMMIT\n", "not declared" },
    { "*filter\n-A INPUT -j NOPE\nCOMMIT\n", "not declared" },
    { "*filter\n:ABCDEFGHIJKLMNOPQRSTUVWXYZABC - [0:0]\nCOMMIT\n", "at most 28" },
    { "*filter\r\nCOMMIT\n", "CR line ending" },
    { "*filter\n -A INPUT -j ACCEPT\nCOMMIT\n", "starts with a blank" },
    { "*filter\nCOMMIT \n", "exactly 'COMMIT'" },
    { "*filter\n-D INPUT -j ACCEPT\nCOMMIT\n", "no such rule" },
    { "*filter\n-A INPUT -m comment --comment \"x\nCOMMIT\n", "unterminated quote" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      IpmDiags *diags = NULL;
      char *out = ipm_test_canonical (cases[i].text, &diags);
      gboolean found = FALSE;

      CU_ASSERT_PTR_NULL (out);
      for (guint k = 0; k < diags->items->len; k++)
        found = found || strstr (((IpmDiag *) g_ptr_array_index (diags->items, k))->message,
                                 cases[i].needle) != NULL;
      if (!found)
        fprintf (stderr, "\ncase %zu: wanted '%s', got '%s'\n", i, cases[i].needle,
                 ipm_test_first_message (diags));
      CU_ASSERT_TRUE (found);
      g_free (out);
      ipm_diags_free (diags);
    }
}

static void
test_rule_counters_kept (void)
{
  const char *dump = "*filter\n:INPUT DROP [5:300]\n:FORWARD ACCEPT [0:0]\n"
                     ":OUTPUT ACCEPT [0:0]\n[7:308] -A INPUT -j ACCEPT\nCOMMIT\n";
  g_autofree char *out = ipm_test_canonical (dump, NULL);

  CU_ASSERT_STRING_EQUAL (out, dump);
}

/* TEXT parsed with or without build_ruleset and printed; NULL on errors. */
static char *
ipm_test_build (const char *text, gboolean build, gboolean *built)
{
  g_autoptr(IpmDiags) diags = ipm_diags_new ();
  g_autoptr(IpmInput) input = ipm_input_new_from_data ("t.rules", text, strlen (text));
  IpmParseOptions options = { .family = IPM_FAMILY_IPV4, .build_ruleset = build };
  IpmScript *script = ipm_parse (input, &options, diags, NULL);
  g_autoptr(IpmRuleset) rs = NULL;
  IpmPrintOptions print = { 0 };
  GString *out;

  if (script == NULL)
    return NULL;
  *built = script->ruleset != NULL;
  rs = ipm_apply_script_take (script, diags, NULL);
  if (rs == NULL)
    return NULL;
  out = g_string_new (NULL);
  ipm_print_ruleset (out, rs, &print);
  return g_string_free (out, FALSE);
}

static void
test_build_ruleset (void)
{
  static const char *const texts[] = {
    /* a dump: built while parsing */
    "*nat\n:PREROUTING ACCEPT [1:2]\n:Z - [3:4]\n:A - [0:0]\n"
    "-A PREROUTING -j Z\n-A A -j RETURN\n[5:6] -A Z -j A\n-A PREROUTING -j A\n"
    "COMMIT\n*filter\n:INPUT DROP [0:0]\n:B - [0:0]\n-A INPUT -j B\nCOMMIT\n",
    /* restore commands after dump lines, in the second table: back to
     * commands, with the first table's rules and counters kept */
    "*nat\n:PREROUTING ACCEPT [1:2]\n:Z - [3:4]\n-A PREROUTING -j Z\n"
    "[5:6] -A Z -j RETURN\nCOMMIT\n*filter\n:INPUT DROP [0:0]\n:B - [0:0]\n"
    "-A INPUT -j B\n-A INPUT -j ACCEPT\n-I INPUT -j DROP\n-D INPUT 2\n-N C\n"
    "-A C -j ACCEPT\n-E B D\n-X D\nCOMMIT\n",
    "*filter\n-N X\n-A X -j ACCEPT\nCOMMIT\n",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      gboolean built = FALSE, unused;
      g_autofree char *with = ipm_test_build (texts[i], TRUE, &built);
      g_autofree char *without = ipm_test_build (texts[i], FALSE, &unused);

      CU_ASSERT_PTR_NOT_NULL_FATAL (without);
      CU_ASSERT_STRING_EQUAL (with, without);
      CU_ASSERT_EQUAL (built, i == 0);
    }
}

#define W "# Warning: iptables-legacy tables present, use iptables-legacy-save to see them"

/* IpmPrintOptions.flush and .write collecting into a GString: what goes
 * to standard output, in order. */
static gboolean
ipm_test_collect_flush (GString *out, gpointer data)
{
  g_string_append_len (data, out->str, out->len);
  g_string_truncate (out, 0);
  return TRUE;
}

static gboolean
ipm_test_collect_write (const char *text, gsize len, gpointer data)
{
  g_string_append_len (data, text, len);
  return TRUE;
}

/* RS printed into one string; printed again the way main() prints to
 * standard output (blocks, and spans written as they are), which must give
 * the same text. */
static char *
ipm_test_print (const IpmRuleset *rs)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GString) streamed = g_string_new (NULL);
  g_autoptr(GString) rest = g_string_new (NULL);
  IpmPrintOptions print = { 0 };
  IpmPrintOptions stream = {
    .flush = ipm_test_collect_flush, .write = ipm_test_collect_write,
    .flush_data = streamed,
  };

  ipm_print_ruleset (out, rs, &print);
  CU_ASSERT_TRUE (ipm_print_ruleset (rest, rs, &stream));
  g_string_append_len (streamed, rest->str, rest->len);
  CU_ASSERT_STRING_EQUAL (streamed->str, out->str);
  return g_string_free (out, FALSE);
}

/* The chains of A and B (parsed from the same text) hold the same rules,
 * flags and locations included. */
static void
ipm_test_assert_same_rules (const IpmRuleset *a, const IpmRuleset *b)
{
  CU_ASSERT_EQUAL_FATAL (a->tables->len, b->tables->len);
  for (guint t = 0; t < a->tables->len; t++)
    {
      const IpmTable *ta = g_ptr_array_index (a->tables, t);
      const IpmTable *tb = g_ptr_array_index (b->tables, t);

      CU_ASSERT_EQUAL_FATAL (ta->chains->len, tb->chains->len);
      for (guint c = 0; c < ta->chains->len; c++)
        {
          const IpmChain *ca = g_ptr_array_index (ta->chains, c);
          const IpmChain *cb = g_ptr_array_index (tb->chains, c);
          guint n = ipm_chain_n_rules (cb);
          const GPtrArray *ra = ipm_chain_rules (ca);
          const GPtrArray *rb = ipm_chain_rules (cb);

          CU_ASSERT_STRING_EQUAL (ca->name, cb->name);
          CU_ASSERT_EQUAL (n, rb->len);
          CU_ASSERT_EQUAL_FATAL (ra->len, rb->len);
          CU_ASSERT_PTR_NULL (cb->span.text);
          for (guint r = 0; r < ra->len; r++)
            {
              const IpmRule *x = g_ptr_array_index (ra, r);
              const IpmRule *y = g_ptr_array_index (rb, r);

              CU_ASSERT_STRING_EQUAL (x->text, y->text);
              CU_ASSERT_STRING_EQUAL (x->target != NULL ? x->target : "-",
                                      y->target != NULL ? y->target : "-");
              CU_ASSERT_EQUAL (x->is_goto, y->is_goto);
              CU_ASSERT_EQUAL (x->target_is_chain, y->target_is_chain);
              CU_ASSERT_EQUAL (x->unconditional, y->unconditional);
              CU_ASSERT_EQUAL (x->literal, y->literal);
              CU_ASSERT_EQUAL (x->family, y->family);
              CU_ASSERT_EQUAL (x->counters.present, y->counters.present);
              CU_ASSERT_EQUAL (x->loc.lineno, y->loc.lineno);
              CU_ASSERT_PTR_EQUAL (x->loc.file, y->loc.file);
            }
        }
    }
}

/* Runs of lines canonical as written stay lines (IpmParseOptions.spans):
 * printed back as read, and made into the rules a parse without spans
 * gives (same texts, flags and lines) whatever breaks a run: a rule with
 * counters, one canon.c respells, another chain's rule in between, a
 * spliced warning, an empty spec. */
static void
test_spans (void)
{
  static const struct {
    const char *text;
    const char *chain;      /* a chain left as a span of N lines */
    guint n;
  } cases[] = {
    { "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n"
      ":OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n"
      ":KUBE-SEP-A - [0:0]\n:KUBE-SEP-B - [0:0]\n:KUBE-SVC-X - [0:0]\n"
      "-A PREROUTING -m comment --comment \"kube\" -j KUBE-SVC-X\n"
      "-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE\n"
      "-A KUBE-SEP-A -s 10.0.0.1/32 -m comment --comment \"ns/a:p\" -j MARK --set-xmark 0x4000/0x4000\n"
      "-A KUBE-SEP-A -p tcp -m comment --comment \"ns/a:p\" -m tcp -j DNAT --to-destination 10.0.0.1:80\n"
      "-A KUBE-SEP-B -p tcp -m tcp -j DNAT --to-destination 10.0.0.2:80\n"
      "-A KUBE-SVC-X -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-A\n"
      "-A KUBE-SVC-X -j KUBE-SEP-B\n"
      "COMMIT\n", "KUBE-SEP-A", 2 },
    /* broken runs: counters, a respelled rule, an interleaved chain, an
     * empty spec (with and without a blank after the chain), a spliced
     * warning; and an unterminated last line */
    { "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n"
      ":OUTPUT ACCEPT [0:0]\n:A - [0:0]\n:B - [0:0]\n:C - [0:0]\n"
      "-A A -s 10.0.0.1/32 -j ACCEPT\n"
      "-A A -s 10.0.0.2/32 -j ACCEPT\n"
      "[3:180] -A A -s 10.0.0.3/32 -j ACCEPT\n"
      "-A A -s 10.0.0.4/32 -j ACCEPT\n"
      "-A A -p tcp --dport 22 -j ACCEPT\n"
      "-A A -s 10.0.0.5/32 -j ACCEPT\n"
      "-A B -j A\n"
      "-A A -s 10.0.0.6/32 -j ACCEPT\n"
      "-A B\n"
      "-A B -d 10.0.0.7/32 -j RETURN\n"
      "-A C -j RETURN\n"
      "-A C \n"
      "-A C\n"
      "-A FORWARD -i docker0" W "\n -o docker0 -j ACCEPT\n"
      "-A FORWARD -o docker0 -j ACCEPT\n"
      "-A INPUT -p tcp -m tcp --dport 9999 -j ACCEPT\n"
      "-A INPUT -p tcp -m tcp --dport 9998 -j ACCEPT\n"
      "-A INPUT -p tcp -m tcp --dport 9997 -j ACCEPT\n"
      "COMMIT", "INPUT", 3 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(IpmRuleset) plain = ipm_test_ruleset_read ("t.rules", cases[i].text, FALSE);
      g_autoptr(IpmRuleset) spans = ipm_test_ruleset_read ("t.rules", cases[i].text, TRUE);
      g_autoptr(IpmRuleset) copy = NULL;
      g_autofree char *want = NULL;
      g_autofree char *got = NULL;
      g_autofree char *got_copy = NULL;
      const IpmChain *chain;

      CU_ASSERT_PTR_NOT_NULL_FATAL (plain);
      CU_ASSERT_PTR_NOT_NULL_FATAL (spans);
      CU_ASSERT_PTR_NOT_NULL (spans->storage);
      chain = ipm_table_lookup_chain (g_ptr_array_index (spans->tables, 0),
                                      cases[i].chain);
      CU_ASSERT_PTR_NOT_NULL_FATAL (chain);
      CU_ASSERT_PTR_NOT_NULL (chain->span.text);
      CU_ASSERT_EQUAL (chain->span.n_rules, cases[i].n);
      CU_ASSERT_EQUAL (ipm_chain_n_rules (chain), cases[i].n);
      want = ipm_test_print (plain);
      got = ipm_test_print (spans);
      CU_ASSERT_STRING_EQUAL (got, want);
      /* a copy shares the spans and the storage, and outlives the parse */
      copy = ipm_ruleset_copy (spans);
      g_clear_pointer (&spans, ipm_ruleset_free);
      got_copy = ipm_test_print (copy);
      CU_ASSERT_STRING_EQUAL (got_copy, want);
      ipm_test_assert_same_rules (plain, copy);
    }
}

/* A chain renamed, and a span read without being turned into rules. */
static void
test_spans_renamed_and_read (void)
{
  const char *text =
    "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n"
    ":OUTPUT ACCEPT [0:0]\n:DOCKER - [0:0]\n"
    "-A FORWARD -o docker0 -j DOCKER\n"
    "-A DOCKER -d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT\n"
    "-A DOCKER -j RETURN\n"
    "COMMIT\n";
  g_autoptr(IpmRuleset) rs = ipm_test_ruleset_read ("t.rules", text, TRUE);
  IpmTable *table;
  IpmChain *docker;
  g_autoptr(GPtrArray) read = NULL;
  g_autofree char *out = NULL;

  CU_ASSERT_PTR_NOT_NULL_FATAL (rs);
  table = g_ptr_array_index (rs->tables, 0);
  docker = ipm_table_lookup_chain (table, "DOCKER");
  read = ipm_chain_rules_read (docker);
  CU_ASSERT_EQUAL (read->len, 2);
  CU_ASSERT_STRING_EQUAL (((IpmRule *) g_ptr_array_index (read, 1))->text,
                          "-j RETURN");
  CU_ASSERT_EQUAL (((IpmRule *) g_ptr_array_index (read, 1))->loc.lineno, 8);
  CU_ASSERT_PTR_NOT_NULL (docker->span.text);
  ipm_table_rename_chain (table, docker, "DOCKER-1");
  CU_ASSERT_PTR_NULL (docker->span.text);
  out = ipm_test_print (rs);
  CU_ASSERT_PTR_NOT_NULL (strstr (out, "-A DOCKER-1 -j RETURN\n"));
  CU_ASSERT_PTR_NULL (strstr (out, "-A DOCKER -j"));
}

/* the header of every save there is, of any version, names the family */
static void
test_header_family (void)
{
  static const struct {
    const char *line;
    IpmFamily family;
  } cases[] = {
    { "# Generated by ip6tables-save v1.8.9 on Thu Jan  1 00:00:00 2026", IPM_FAMILY_IPV6 },
    { "# Generated by ip6tables-nft-save v1.8.11 (nf_tables) on Thu", IPM_FAMILY_IPV6 },
    { "# Generated by ip6tables-legacy-save v1.8.7 on Thu", IPM_FAMILY_IPV6 },
    { "# Generated by ip6tables-save v1.4.21 on Thu", IPM_FAMILY_IPV6 },
    { "# Generated by iptables-save v1.8.9 on Thu", IPM_FAMILY_IPV4 },
    { "# Generated by iptables-nft-save v1.8.13 (nf_tables) on Thu", IPM_FAMILY_IPV4 },
    { "# Generated by iptables-legacy-save v1.8.4 on Thu", IPM_FAMILY_IPV4 },
    { "# Completed on Thu Jan  1 00:00:00 2026", IPM_FAMILY_UNKNOWN },
    { "# Generated by xtables-save", IPM_FAMILY_UNKNOWN },
    { "*filter", IPM_FAMILY_UNKNOWN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    CU_ASSERT_EQUAL (ipm_parse_header_family (cases[i].line, strlen (cases[i].line)),
                     cases[i].family);
}

/* A byte order mark: skipped, with one warning naming it. */
static void
test_bom_skipped (void)
{
  IpmDiags *diags = NULL;
  g_autofree char *out = ipm_test_canonical (
    "\xef\xbb\xbf*filter\n:INPUT DROP [0:0]\nCOMMIT\n", &diags);
  const IpmDiag *d;

  CU_ASSERT_PTR_NOT_NULL_FATAL (out);
  CU_ASSERT_TRUE (g_str_has_prefix (out, "*filter\n:INPUT DROP [0:0]\n"));
  CU_ASSERT_EQUAL (diags->n_errors, 0);
  CU_ASSERT_EQUAL_FATAL (diags->n_warnings, 1);
  d = g_ptr_array_index (diags->items, 0);
  CU_ASSERT_PTR_NOT_NULL (strstr (d->message, "byte order mark (BOM)"));
  ipm_diags_free (diags);
}

/* iptables -S and -L output: one error each, whatever follows. */
static void
test_foreign_formats_one_error (void)
{
  const char *const texts[] = {
    "-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-N X\n-A INPUT -j X\n",
    "# iptables -S DOCKER\n-N DOCKER\n-A DOCKER -j RETURN\n",
    "Chain INPUT (policy ACCEPT)\ntarget     prot opt source               destination\n"
    "ACCEPT     all  --  0.0.0.0/0            0.0.0.0/0\n",
    "Chain DOCKER (1 references)\nnum  target     prot opt source               destination\n",
  };
  const char *const named[] = { "iptables -S", "iptables -S", "iptables -L", "iptables -L" };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      IpmDiags *diags = NULL;
      g_autofree char *out = ipm_test_canonical (texts[i], &diags);
      const IpmDiag *d;

      CU_ASSERT_PTR_NULL (out);
      CU_ASSERT_EQUAL_FATAL (diags->n_errors, 1);
      d = g_ptr_array_index (diags->items, 0);
      CU_ASSERT_PTR_NOT_NULL (strstr (d->message, named[i]));
      CU_ASSERT_PTR_NOT_NULL (strstr (d->message, "iptables-save"));
      ipm_diags_free (diags);
    }
}

/* An overlay printed back as commands, each rule canonical. */
static void
test_print_script (void)
{
  const char *text =
    "*filter\n:X - [1:2]\n-N Y\n[3:4] -A X -p tcp --dport ssh -j ACCEPT\n"
    "-I INPUT 1 -j X\n-I INPUT 2 -j Y\n-D INPUT 3\n-D INPUT -s 10.0.0.1 -j DROP\n"
    "-R INPUT 1 -j X\n-P FORWARD DROP\n-E Y Z\n-X Z\n-F\n-Z INPUT 2\nCOMMIT\n";
  g_autoptr(IpmDiags) diags = ipm_diags_new ();
  g_autoptr(IpmInput) input = ipm_input_new_from_data ("t.rules", text, strlen (text));
  IpmParseOptions options = { .family = IPM_FAMILY_IPV4 };
  g_autoptr(IpmScript) script = ipm_parse (input, &options, diags, NULL);
  g_autoptr(GString) out = g_string_new (NULL);

  CU_ASSERT_PTR_NOT_NULL_FATAL (script);
  ipm_print_script (out, script);
  CU_ASSERT_STRING_EQUAL (out->str,
    "*filter\n:X - [0:0]\n-N Y\n-A X -p tcp -m tcp --dport 22 -j ACCEPT\n"
    "-I INPUT -j X\n-I INPUT 2 -j Y\n-D INPUT 3\n-D INPUT -s 10.0.0.1/32 -j DROP\n"
    "-R INPUT 1 -j X\n-P FORWARD DROP\n-E Y Z\n-X Z\n-F\n-Z INPUT 2\nCOMMIT\n");
}

static const CU_TestInfo ipm_parse_tests[] = {
  { "family from the header line", test_header_family },
  { "a byte order mark is skipped with a warning", test_bom_skipped },
  { "iptables -S / -L output: one error", test_foreign_formats_one_error },
  { "an overlay printed back as canonical commands", test_print_script },
  { "iptables-save output printed back", test_save_output_roundtrip },
  { "built-in chains always declared", test_missing_builtin_declared },
  { "restore commands applied", test_restore_commands },
  { "errors iptables-restore would give", test_errors },
  { "counters kept", test_rule_counters_kept },
  { "ruleset built while parsing a dump", test_build_ruleset },
  { "runs of lines kept as spans", test_spans },
  { "spans renamed and read", test_spans_renamed_and_read },
  CU_TEST_INFO_NULL,
};

CU_ErrorCode
ipm_test_add_parse (void)
{
  return ipm_test_add_suite ("parse", ipm_parse_tests);
}

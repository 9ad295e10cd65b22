/* Suite for src/canon.c: what a spelling and its canonical text do not
 * show (the rule's fields, counters, warnings, rules without a table,
 * values against a model, remembered probabilities).  The spellings
 * themselves, their canonical form as iptables-save 1.8.9 prints it and the
 * refusals with their message and column are data: tests/canon/NAME.t, one
 * file per module, run by test-canon-data.c. */
#include "config.h"

#include <string.h>

#include "canon.h"
#include "canon-value.h"
#include "suites.h"

typedef struct {
  IpmFamily family;
  const char *in;
  const char *out;
} IpmCanonCase;

/* Modules the grammar does not describe keep their words as written, and
 * so do instances it describes but whose canonical form it does not know
 * (the save prints string's unprintable --string as --hex-string, a
 * printable --hex-string as --string, and u32's expression in hex; those
 * keep their values as written, in save order): this
 * is ipmerge's rule, not the kernel's, so these are no case of
 * tests/canon, which holds what the kernel prints. */
static const IpmCanonCase ipm_canon_cases[] = {
  { 4, "-m ipvs --vaddr 10.0.0.1 -j DROP", "-m ipvs --vaddr 10.0.0.1 -j DROP" },
  { 4, "-m bpf --bytecode \"4,48 0 0 9,21 0 1 6,6 0 0 1,6 0 0 0\" -j DROP",
    "-m bpf --bytecode \"4,48 0 0 9,21 0 1 6,6 0 0 1,6 0 0 0\" -j DROP" },
  { 4, "-m string --algo bm --string \"caf\xc3\xa9\" -j DROP",
    "-m string --string \"caf\xc3\xa9\" --algo bm -j DROP" },
  { 4, "-m string --hex-string \"|41 42|\" --algo bm -j DROP",
    "-m string --hex-string \"|41 42|\" --algo bm -j DROP" },
  { 4, "-m string --algo bm --string \"ab\\\\\" -j DROP",
    "-m string --string \"ab\\\\\" --algo bm -j DROP" },
  { 4, "-m u32 --u32 \"0>>22&0x3C@12>>26&0x3C@0=0x4500000\" -j DROP",
    "-m u32 --u32 \"0>>22&0x3C@12>>26&0x3C@0=0x4500000\" -j DROP" },
  { 4, "-m u32 ! --u32 \"6 & 0xFF = 1\"", "-m u32 ! --u32 \"6 & 0xFF = 1\"" },
  /* the save prints "--srh-hdr-len-eq 3 --srh-hdr-len-gt 3" */
  { 6, "-m srh --srh-hdr-len-gt 3 --srh-hdr-len-eq 5",
    "-m srh --srh-hdr-len-eq 5 --srh-hdr-len-gt 3" },
  /* libxt_time reads "010" as day 1 */
  { 4, "-m time --monthdays 010,5", "-m time --monthdays 010,5" },
  { 4, "-m nfacct --nfacct-name \"foo\"", "-m nfacct --nfacct-name \"foo\"" },
  { 4, "-m connlabel --label \"a b\"", "-m connlabel --label \"a b\"" },
};

static void
test_canon_spellings (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (ipm_canon_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *got = ipm_canon_rule_text (ipm_canon_cases[i].in,
                                                  ipm_canon_cases[i].family,
                                                  &error);

      if (got == NULL || strcmp (got, ipm_canon_cases[i].out) != 0)
        g_printerr ("\ncanon: '%s' -> '%s' (%s), want '%s'\n",
                    ipm_canon_cases[i].in, got ? got : "NULL",
                    error ? error->message : "", ipm_canon_cases[i].out);
      CU_ASSERT_PTR_NOT_NULL (got);
      if (got != NULL)
        CU_ASSERT_STRING_EQUAL (got, ipm_canon_cases[i].out);
    }
}

static void
test_canon_rule_fields (void)
{
  g_autoptr(IpmDiags) diags = ipm_diags_new ();
  g_autoptr(IpmWords) words = ipm_words_new ();
  const char *spec = "-A INPUT -c 10 20 -g USER1";
  IpmLine line = { "t", 1, spec, strlen (spec), FALSE, FALSE };
  g_autoptr(IpmRule) rule = NULL;
  g_autoptr(IpmRule) lit = NULL;
  g_autoptr(IpmRule) log = NULL;
  const char *warn = "-A INPUT -m comment --comment "
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";

  CU_ASSERT_TRUE (ipm_lex_words (&line, 0, words, diags));
  rule = ipm_canon_rule (&line, words, 2, IPM_FAMILY_IPV4, diags);
  CU_ASSERT_PTR_NOT_NULL_FATAL (rule);
  CU_ASSERT_STRING_EQUAL (rule->text, "-g USER1");
  CU_ASSERT_STRING_EQUAL (rule->target, "USER1");
  CU_ASSERT_TRUE (rule->is_goto);
  CU_ASSERT_TRUE (rule->target_is_chain);
  CU_ASSERT_TRUE (rule->unconditional);
  CU_ASSERT_FALSE (rule->literal);
  CU_ASSERT_TRUE (rule->counters.present);
  CU_ASSERT_EQUAL (rule->counters.packets, 10);
  CU_ASSERT_EQUAL (rule->counters.bytes, 20);

  line.text = "-A INPUT -m foo --bar 1 -j LOG";
  line.len = strlen (line.text);
  CU_ASSERT_TRUE (ipm_lex_words (&line, 0, words, diags));
  lit = ipm_canon_rule (&line, words, 2, IPM_FAMILY_IPV4, diags);
  CU_ASSERT_PTR_NOT_NULL_FATAL (lit);
  CU_ASSERT_TRUE (lit->literal);
  CU_ASSERT_FALSE (lit->target_is_chain);
  CU_ASSERT_FALSE (lit->unconditional);

  line.text = warn;
  line.len = strlen (warn);
  CU_ASSERT_TRUE (ipm_lex_words (&line, 0, words, diags));
  log = ipm_canon_rule (&line, words, 2, IPM_FAMILY_IPV4, diags);
  CU_ASSERT_PTR_NOT_NULL_FATAL (log);
  CU_ASSERT_EQUAL (diags->n_warnings, 1);
  CU_ASSERT_EQUAL (strlen (log->text), strlen ("-m comment --comment ") + 255);
}

/* ipm_canon_rule (no table, as rewrite.c uses it) checks no table; the
 * name of a built-in chain still restricts. */
static void
test_canon_no_table (void)
{
  static const struct {
    const char *line;
    gboolean ok;
  } cases[] = {
    { "-A USER1 -j NOTRACK", TRUE },
    { "-A INPUT -j DSCP --set-dscp 1", TRUE },
    { "-A PREROUTING -j REJECT", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(IpmDiags) diags = ipm_diags_new ();
      g_autoptr(IpmWords) words = ipm_words_new ();
      IpmLine line = { "t", 1, cases[i].line, strlen (cases[i].line), FALSE, FALSE };
      g_autoptr(IpmRule) rule = NULL;

      CU_ASSERT_TRUE (ipm_lex_words (&line, 0, words, diags));
      rule = ipm_canon_rule (&line, words, 2, IPM_FAMILY_IPV4, diags);
      if ((rule != NULL) != cases[i].ok)
        g_printerr ("\ncanon: '%s' %s without a table\n", cases[i].line,
                    rule != NULL ? "accepted" : "refused");
      CU_ASSERT_EQUAL (rule != NULL, cases[i].ok);
    }
}

/* -s/-d values against a model: random decimal networks, with and
 * without host bits, prefix or a valid range, and a few spellings whose
 * octets or prefix have leading zeros (octal to iptables, never taken as
 * already printed). */
static void
test_canon_ipv4_networks (void)
{
  static const struct { const char *in, *out; } fixed[] = {
    { "10.1.2.3/32", "10.1.2.3/32" }, { "10.1.2.3", "10.1.2.3/32" },
    { "10.1.2.3/16", "10.1.0.0/16" }, { "0.0.0.0/0", "0.0.0.0/0" },
    { "010.1.1.1/32", "8.1.1.1/32" }, { "10.1.1.1/032", "10.1.1.1/32" },
    { "10.0.0.0/08", "10.0.0.0/8" }, { "1.2.3.4/255.255.0.0", "1.2.0.0/16" },
  };
  g_autoptr(GString) out = g_string_new (NULL);
  GRand *rand = g_rand_new_with_seed (5);

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    {
      gboolean any = FALSE;
      g_autoptr(GError) error = NULL;

      g_string_truncate (out, 0);
      CU_ASSERT_TRUE (ipm_canon_value_address (IPM_FAMILY_IPV4, fixed[i].in,
                                               out, &any, &error));
      CU_ASSERT_STRING_EQUAL (out->str, fixed[i].out);
    }
  for (guint i = 0; i < 20000; i++)
    {
      guint o[4], len = g_rand_int_range (rand, 0, 36);
      gboolean slash = g_rand_int_range (rand, 0, 8) != 0;
      gboolean valid = len <= 32 || !slash, any = FALSE;
      guint32 a = 0, mask;
      g_autofree char *text = NULL;
      g_autofree char *want = NULL;
      g_autoptr(GError) error = NULL;
      gboolean ok;

      for (guint k = 0; k < 4; k++)
        {
          /* mostly small values, some over 255 */
          o[k] = g_rand_int_range (rand, 0, 8) == 0
            ? (guint) g_rand_int_range (rand, 0, 300)
            : (guint) g_rand_int_range (rand, 0, 3) * 10;
          valid = valid && o[k] <= 255;
          a = a << 8 | (o[k] & 0xff);
        }
      text = slash ? g_strdup_printf ("%u.%u.%u.%u/%u", o[0], o[1], o[2], o[3], len)
        : g_strdup_printf ("%u.%u.%u.%u", o[0], o[1], o[2], o[3]);
      if (!slash)
        len = 32;
      mask = len == 0 ? 0 : G_MAXUINT32 << (32 - MIN (len, 32));
      a &= mask;
      want = g_strdup_printf ("%u.%u.%u.%u/%u", a >> 24, (a >> 16) & 0xff,
                              (a >> 8) & 0xff, a & 0xff, len);
      g_string_truncate (out, 0);
      ok = ipm_canon_value_address (IPM_FAMILY_IPV4, text, out, &any, &error);
      CU_ASSERT_EQUAL (ok, valid);
      if (ok && valid)
        {
          if (strcmp (out->str, want) != 0)
            fprintf (stderr, "canon: address %s gave %s, not %s\n", text,
                     out->str, want);
          CU_ASSERT_STRING_EQUAL (out->str, want);
          CU_ASSERT_EQUAL (any, len == 0);
        }
    }
  g_rand_free (rand);
}

/* Probabilities are normalized once and remembered by their bytes: every
 * fraction 1/n as kube-proxy writes it, a few or many more than the table
 * of them holds, gives the same text the second and third time round as
 * the first, and the first is what the save prints (p * 2^31 rounded, then
 * printed with 11 decimals, as %.11f would). */
static void
test_canon_probabilities_remembered (void)
{
  /* 64 that mostly stay in the table, 1000 that push each other out */
  for (guint round = 0; round < 6; round++)
    for (guint n = 1; n <= (round < 3 ? 64u : 1000u); n++)
      {
        char written[G_ASCII_DTOSTR_BUF_SIZE], printed[G_ASCII_DTOSTR_BUF_SIZE];
        g_autofree char *spec = NULL;
        g_autofree char *canon = NULL;
        g_autofree char *want = NULL;
        guint32 stored;

        g_ascii_formatd (written, sizeof written, "%.11f", 1.0 / n);
        stored = (guint32) (g_ascii_strtod (written, NULL) * 2147483648.0 + 0.5);
        g_ascii_formatd (printed, sizeof printed, "%.11f",
                         stored / 2147483648.0);
        spec = g_strdup_printf ("-m statistic --mode random --probability %s "
                                "-j X", written);
        want = g_strdup_printf ("-m statistic --mode random --probability %s "
                                "-j X", printed);
        canon = ipm_canon_rule_text (spec, IPM_FAMILY_IPV4, NULL);
        CU_ASSERT_STRING_EQUAL (canon, want);
      }
}

static const CU_TestInfo ipm_canon_tests[] = {
  { "unknown modules kept literally", test_canon_spellings },
  { "probabilities remembered", test_canon_probabilities_remembered },
  { "rule fields, counters, literal, warnings", test_canon_rule_fields },
  { "no table: chain names only", test_canon_no_table },
  { "IPv4 networks against a model", test_canon_ipv4_networks },
  CU_TEST_INFO_NULL,
};

CU_ErrorCode
ipm_test_add_canon (void)
{
  return ipm_test_add_suite ("canon", ipm_canon_tests);
}

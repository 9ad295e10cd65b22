/* Suite for src/lexer.c: iptables-restore's add_param_to_argv behaviour,
 * as observed with iptables 1.8.9. */
#include "config.h"

#include <string.h>

#include "lexer.h"
#include "suites.h"

static IpmWords *
ipm_lex (const char *text, gboolean *ok)
{
  IpmWords *words = ipm_words_new ();
  g_autoptr(IpmDiags) diags = ipm_diags_new ();
  IpmLine line = { "t", 1, text, strlen (text) };

  *ok = ipm_lex_words (&line, 0, words, diags);
  return words;
}

static void
test_split_blanks (void)
{
  gboolean ok;
  g_autoptr(IpmWords) w = ipm_lex ("-A  INPUT\t-j ACCEPT", &ok);

  CU_ASSERT_TRUE (ok);
  CU_ASSERT_EQUAL (w->n, 4);
  CU_ASSERT_STRING_EQUAL (w->v[1].text, "INPUT");
  CU_ASSERT_EQUAL (w->v[1].col, 5);
}

static void
test_quotes (void)
{
  gboolean ok;
  g_autoptr(IpmWords) w = ipm_lex ("--comment \"a b\\\"c\\\\d\" x\\y 'q r' \"\"", &ok);

  CU_ASSERT_TRUE (ok);
  CU_ASSERT_EQUAL (w->n, 6);
  CU_ASSERT_STRING_EQUAL (w->v[1].text, "a b\"c\\d");
  CU_ASSERT_STRING_EQUAL (w->v[2].text, "x\\y");      /* literal outside quotes */
  CU_ASSERT_STRING_EQUAL (w->v[3].text, "'q");        /* single quotes are bytes */
  CU_ASSERT_STRING_EQUAL (w->v[5].text, "");
}

static void
test_closing_quote_ends_word (void)
{
  gboolean ok;
  g_autoptr(IpmWords) w = ipm_lex ("ab\"c d\"e", &ok);

  CU_ASSERT_TRUE (ok);
  CU_ASSERT_EQUAL (w->n, 2);
  CU_ASSERT_STRING_EQUAL (w->v[0].text, "abc d");
  CU_ASSERT_STRING_EQUAL (w->v[1].text, "e");
}

static void
test_unterminated_quote (void)
{
  gboolean ok;
  g_autoptr(IpmWords) w = ipm_lex ("--comment \"abc -j ACCEPT", &ok);

  CU_ASSERT_FALSE (ok);
}

static void
test_quote_save (void)
{
  g_autoptr(GString) s = g_string_new (NULL);

  ipm_quote_save (s, "abc_D-1");
  g_string_append_c (s, ' ');
  ipm_quote_save (s, "it's \"x\" a\\b");
  g_string_append_c (s, ' ');
  ipm_quote_save (s, "");
  g_string_append_c (s, ' ');
  ipm_quote_save (s, "10.0.0.0/8");
  CU_ASSERT_STRING_EQUAL (s->str,
                          "abc_D-1 \"it\\'s \\\"x\\\" a\\\\b\" \"\" \"10.0.0.0/8\"");
}

static void
test_quote_min_roundtrip (void)
{
  const char *samples[] = { "10.0.0.0/8", "a b", "", "q\"uote", "back\\slash", "x'y" };

  for (gsize i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autoptr(GString) s = g_string_new (NULL);
      gboolean ok;
      g_autoptr(IpmWords) w = NULL;

      ipm_quote_min (s, samples[i]);
      w = ipm_lex (s->str, &ok);
      CU_ASSERT_TRUE (ok);
      CU_ASSERT_EQUAL_FATAL (w->n, 1);
      CU_ASSERT_STRING_EQUAL (w->v[0].text, samples[i]);
    }
}

static const CU_TestInfo ipm_lexer_tests[] = {
  { "split on blanks, columns", test_split_blanks },
  { "double quotes, escapes, literal bytes", test_quotes },
  { "closing quote ends the word", test_closing_quote_ends_word },
  { "unterminated quote is an error", test_unterminated_quote },
  { "xtables_save_string quoting", test_quote_save },
  { "minimal quoting re-lexes", test_quote_min_roundtrip },
  CU_TEST_INFO_NULL,
};

CU_ErrorCode
ipm_test_add_lexer (void)
{
  return ipm_test_add_suite ("lexer", ipm_lexer_tests);
}

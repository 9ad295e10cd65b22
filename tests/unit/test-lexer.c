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
  IpmLine line = { "t", 1, text, strlen (text), FALSE, FALSE };

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

/* The rules of the header (lexer.h) byte by byte, as a model for the
 * word-at-a-time lexer.  Returns FALSE for an unterminated quote. */
static gboolean
ipm_lex_model (const char *s, GPtrArray *out, GArray *cols)
{
  gsize i = 0, n = strlen (s);

  while (i < n)
    {
      GString *w;
      gboolean in_quote = FALSE;
      guint col;

      while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n'))
        i++;
      if (i == n)
        break;
      col = i + 1;
      w = g_string_new (NULL);
      for (; i < n; i++)
        {
          if (!in_quote && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n'))
            break;
          if (s[i] == '"')
            {
              if (in_quote)
                {
                  in_quote = FALSE;
                  i++;          /* a closing quote ends the word */
                  break;
                }
              in_quote = TRUE;
            }
          else if (in_quote && s[i] == '\\' && i + 1 < n)
            g_string_append_c (w, s[++i]);
          else
            g_string_append_c (w, s[i]);
        }
      g_ptr_array_add (out, g_string_free (w, FALSE));
      g_array_append_val (cols, col);
      if (in_quote)
        return FALSE;
    }
  return TRUE;
}

/* Random lines of blanks, quotes, backslashes and letters, with words and
 * runs around the 8-byte steps of the lexer, against the model. */
static void
test_lexer_model (void)
{
  /* "!", "#" and a control byte sit just below and above the stops */
  static const char alphabet[] = "ab  \t\"\\xy'-!#\001";
  GRand *rand = g_rand_new_with_seed (11);

  for (guint t = 0; t < 20000; t++)
    {
      guint len = g_rand_int_range (rand, 0, 40);
      g_autofree char *text = g_malloc (len + 1);
      g_autoptr(GPtrArray) want = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GArray) cols = g_array_new (FALSE, FALSE, sizeof (guint));
      g_autoptr(IpmWords) got = NULL;
      gboolean model_ok, ok;

      for (guint k = 0; k < len; k++)
        text[k] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
      text[len] = '\0';
      /* long runs of letters now and then */
      if (len > 20 && t % 3 == 0)
        memset (text + g_rand_int_range (rand, 0, 10), 'z',
                g_rand_int_range (rand, 1, 10));
      model_ok = ipm_lex_model (text, want, cols);
      got = ipm_lex (text, &ok);
      CU_ASSERT_EQUAL_FATAL (ok, model_ok);
      if (!ok)
        continue;
      CU_ASSERT_EQUAL_FATAL (got->n, want->len);
      for (guint k = 0; k < got->n; k++)
        {
          CU_ASSERT_STRING_EQUAL (got->v[k].text, g_ptr_array_index (want, k));
          CU_ASSERT_EQUAL (got->v[k].len, strlen (got->v[k].text));
          CU_ASSERT_EQUAL (got->v[k].col, g_array_index (cols, guint, k));
        }
    }
  g_rand_free (rand);
}

static const CU_TestInfo ipm_lexer_tests[] = {
  { "split on blanks, columns", test_split_blanks },
  { "double quotes, escapes, literal bytes", test_quotes },
  { "closing quote ends the word", test_closing_quote_ends_word },
  { "unterminated quote is an error", test_unterminated_quote },
  { "xtables_save_string quoting", test_quote_save },
  { "minimal quoting re-lexes", test_quote_min_roundtrip },
  { "random lines against a byte-by-byte model", test_lexer_model },
  CU_TEST_INFO_NULL,
};

CU_ErrorCode
ipm_test_add_lexer (void)
{
  return ipm_test_add_suite ("lexer", ipm_lexer_tests);
}

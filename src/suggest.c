/* suggest: "did you mean" by edit distance (see suggest.h). */
#include "config.h"

#include <string.h>

#include "ruleset.h"
#include "suggest.h"

guint
ipm_suggest_distance (const char *a, const char *b, guint cap)
{
  gsize n = strlen (a), m = strlen (b);
  g_autofree guint *rows = NULL;
  guint *two_back, *back, *row;
  guint result;

  if ((n > m ? n - m : m - n) > cap)
    return cap + 1;
  /* three rows of the matrix: the swap looks two rows back */
  rows = g_new (guint, 3 * (m + 1));
  two_back = rows;
  back = rows + (m + 1);
  row = rows + 2 * (m + 1);
  for (gsize j = 0; j <= m; j++)
    back[j] = (guint) j;
  for (gsize i = 1; i <= n; i++)
    {
      guint row_min;
      guint *spare;

      row[0] = (guint) i;
      row_min = row[0];
      for (gsize j = 1; j <= m; j++)
        {
          gboolean same = g_ascii_tolower (a[i - 1]) == g_ascii_tolower (b[j - 1]);
          guint d = back[j - 1] + (same ? 0 : 1);

          d = MIN (d, back[j] + 1);
          d = MIN (d, row[j - 1] + 1);
          if (i > 1 && j > 1
              && g_ascii_tolower (a[i - 1]) == g_ascii_tolower (b[j - 2])
              && g_ascii_tolower (a[i - 2]) == g_ascii_tolower (b[j - 1]))
            d = MIN (d, two_back[j - 2] + 1);
          row[j] = d;
          row_min = MIN (row_min, d);
        }
      if (row_min > cap)
        return cap + 1;
      spare = two_back;
      two_back = back;
      back = row;
      row = spare;
    }
  result = back[m];
  return result > cap ? cap + 1 : result;
}

guint
ipm_suggest_limit (const char *word)
{
  gsize len = strlen (word);

  return len <= 4 ? 1 : len <= 8 ? 2 : 3;
}

void
ipm_suggest_init (IpmSuggest *s, const char *word)
{
  s->word = word;
  s->limit = ipm_suggest_limit (word);
  s->best = s->limit + 1;
  s->best_names = g_ptr_array_new ();
}

void
ipm_suggest_clear (IpmSuggest *s)
{
  if (s->best_names != NULL)
    g_ptr_array_unref (s->best_names);
  s->best_names = NULL;
}

void
ipm_suggest_offer (IpmSuggest *s, const char *candidate)
{
  guint d;

  if (candidate == NULL || strcmp (candidate, s->word) == 0)
    return;
  d = ipm_suggest_distance (s->word, candidate, MIN (s->best, s->limit));
  if (d > s->limit || d > s->best)
    return;
  if (d < s->best)
    {
      g_ptr_array_set_size (s->best_names, 0);
      s->best = d;
    }
  /* the same name may be offered twice (a chain and a target) */
  for (guint i = 0; i < s->best_names->len; i++)
    if (strcmp (g_ptr_array_index (s->best_names, i), candidate) == 0)
      return;
  g_ptr_array_add (s->best_names, (gpointer) candidate);
}

void
ipm_suggest_offer_targets (IpmSuggest *s, guint family)
{
  guint n;
  const IpmGrammarModule *targets = ipm_grammar_targets (&n);

  for (guint i = 0; i < n; i++)
    if (family == 0 || targets[i].family == 0 || targets[i].family == family)
      ipm_suggest_offer (s, targets[i].name);
}

void
ipm_suggest_offer_matches (IpmSuggest *s, guint family)
{
  guint n;
  const IpmGrammarModule *matches = ipm_grammar_matches (&n);

  for (guint i = 0; i < n; i++)
    if (family == 0 || matches[i].family == 0 || matches[i].family == family)
      ipm_suggest_offer (s, matches[i].name);
}

void
ipm_suggest_offer_options (IpmSuggest *s, const IpmGrammarModule *module)
{
  for (guint i = 0; module != NULL && i < module->n_opts; i++)
    ipm_suggest_offer (s, module->opts[i].name);
}

/* "A", "A or B", "A, B or C" of NAMES, each with PREFIX. */
static char *
ipm_suggest_join (const GPtrArray *names, const char *prefix,
                  const char *last_sep)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < names->len; i++)
    {
      if (i > 0)
        g_string_append (text, i + 1 == names->len ? last_sep : ", ");
      g_string_append_printf (text, "%s%s", prefix,
                              (const char *) g_ptr_array_index (names, i));
    }
  return g_string_free (text, FALSE);
}

char *
ipm_suggest_result (const IpmSuggest *s, const char *prefix)
{
  /* more than three equally close names: none of them is the one meant */
  if (s->best_names->len == 0 || s->best_names->len > 3)
    return NULL;
  return ipm_suggest_join (s->best_names, prefix, " or ");
}

char *
ipm_suggest_builtin_tables (const char *chain)
{
  g_autoptr(GPtrArray) tables = g_ptr_array_new ();
  g_autofree char *list = NULL;
  const char *name;

  for (guint i = 0; (name = ipm_table_nth_known (i)) != NULL; i++)
    if (ipm_chain_is_builtin (name, chain))
      g_ptr_array_add (tables, (gpointer) name);
  if (tables->len == 0)
    return NULL;
  list = ipm_suggest_join (tables, "", " and ");
  return g_strdup_printf ("the %s table%s", list, tables->len > 1 ? "s" : "");
}

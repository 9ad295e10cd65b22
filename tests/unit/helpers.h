/* Shared helpers for the unit suites. */
#ifndef IPM_TEST_HELPERS_H
#define IPM_TEST_HELPERS_H

#include <string.h>
#include <glib.h>

#include "align.h"
#include "apply.h"
#include "diag.h"
#include "input.h"
#include "parse.h"
#include "print.h"

/* Parses TEXT as a FAMILY dump and prints it canonically; returns NULL on
 * errors, leaving the diagnostics in *DIAGS_OUT when given. */
static inline char *
ipm_test_canonical_family (const char *text, IpmFamily family,
                           IpmDiags **diags_out)
{
  IpmDiags *diags = ipm_diags_new ();
  g_autoptr(IpmInput) input = ipm_input_new_from_data ("t.rules", text, strlen (text));
  IpmParseOptions options = { .family = family };
  g_autoptr(IpmScript) script = ipm_parse (input, &options, diags, NULL);
  g_autoptr(IpmRuleset) rs = NULL;
  IpmPrintOptions print = { 0 };
  GString *out;

  if (script != NULL)
    rs = ipm_apply_script (script, diags, NULL);
  if (diags_out != NULL)
    *diags_out = diags;
  else
    ipm_diags_free (diags);
  if (rs == NULL)
    return NULL;
  out = g_string_new (NULL);
  ipm_print_ruleset (out, rs, &print);
  return g_string_free (out, FALSE);
}

/* ipm_test_canonical_family for an IPv4 dump. */
static inline char *
ipm_test_canonical (const char *text, IpmDiags **diags_out)
{
  return ipm_test_canonical_family (text, IPM_FAMILY_IPV4, diags_out);
}

/* TEXT read into a ruleset as main() reads a dump it merges into or prints
 * back: built while parsed, runs of lines kept as spans when SPANS (or
 * not, to compare).  NULL on errors. */
static inline IpmRuleset *
ipm_test_ruleset_read (const char *name, const char *text, gboolean spans)
{
  g_autoptr(IpmDiags) diags = ipm_diags_new ();
  g_autoptr(IpmInput) input = ipm_input_new_from_data (name, text,
                                                       strlen (text));
  IpmParseOptions options = {
    .family = IPM_FAMILY_IPV4, .allow_empty = TRUE, .build_ruleset = TRUE,
    .spans = spans,
  };
  IpmScript *script = ipm_parse (input, &options, diags, NULL);

  return script != NULL ? ipm_apply_script_take (script, diags, NULL) : NULL;
}

/* N rules "-j A<k>" with k drawn from [0, ALPHABET): short sequences with
 * many repeats, the hard case for an alignment. */
static inline GPtrArray *
ipm_test_random_rules (GRand *rand, guint n, guint alphabet)
{
  GPtrArray *seq = g_ptr_array_new_with_free_func ((GDestroyNotify) ipm_rule_unref);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = g_strdup_printf ("-j A%u", g_rand_int_range (rand, 0, alphabet));

      g_ptr_array_add (seq, ipm_rule_new (text));
    }
  return seq;
}

/* Length of a longest common subsequence of two rule arrays, by the
 * quadratic dynamic program: the reference for the alignment tests. */
static inline guint
ipm_test_lcs_length (const GPtrArray *a, const GPtrArray *b)
{
  guint n = a->len, m = b->len;
  g_autofree guint *dp = g_new0 (guint, (n + 1) * (m + 1));

  for (guint i = n; i-- > 0;)
    for (guint j = m; j-- > 0;)
      dp[i * (m + 1) + j] =
        ipm_rule_equal (g_ptr_array_index (a, i), g_ptr_array_index (b, j))
        ? dp[(i + 1) * (m + 1) + j + 1] + 1
        : MAX (dp[(i + 1) * (m + 1) + j], dp[i * (m + 1) + j + 1]);
  return dp[0];
}

/* TRUE when PAIRS (IpmAlignPair) pair equal rules of A and B and increase
 * strictly in both indices. */
static inline gboolean
ipm_test_pairs_valid (const GArray *pairs, const GPtrArray *a,
                      const GPtrArray *b)
{
  for (guint k = 0; k < pairs->len; k++)
    {
      IpmAlignPair p = g_array_index (pairs, IpmAlignPair, k);

      if (!ipm_rule_equal (g_ptr_array_index (a, p.a), g_ptr_array_index (b, p.b)))
        return FALSE;
      if (k > 0)
        {
          IpmAlignPair q = g_array_index (pairs, IpmAlignPair, k - 1);

          if (q.a >= p.a || q.b >= p.b)
            return FALSE;
        }
    }
  return TRUE;
}

/* First diagnostic message, or "". */
static inline const char *
ipm_test_first_message (const IpmDiags *diags)
{
  if (diags->items->len == 0)
    return "";
  return ((const IpmDiag *) g_ptr_array_index (diags->items, 0))->message;
}

/* The first diagnostic whose message holds NEEDLE, or NULL. */
static inline const IpmDiag *
ipm_test_find (const IpmDiags *diags, const char *needle)
{
  for (guint i = 0; i < diags->items->len; i++)
    {
      const IpmDiag *d = g_ptr_array_index (diags->items, i);

      if (strstr (d->message, needle) != NULL)
        return d;
    }
  return NULL;
}

#endif

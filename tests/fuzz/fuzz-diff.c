/* Fuzz: diff of two inputs (split at a "%%" line).  Properties: a ruleset
 * never differs from itself, and OLD/NEW differ (and the diff prints
 * something) exactly when their canonical prints differ, counters and table
 * order aside; NEW read with spans (as --diff does) gives the same ruleset
 * and the same diagnostics as read without. */
#include "config.h"

#include "diff.h"
#include "fuzz.h"

static gint
ipm_fuzz_strcmp (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* TEXT (a canonical print) with its tables in name order: table order is
 * not a difference. */
static char *
ipm_fuzz_sort_tables (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GPtrArray) blocks = g_ptr_array_new_with_free_func (g_free);
  GString *block = NULL;
  GString *out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (lines[i][0] == '*' || block == NULL)
        {
          if (block != NULL)
            g_ptr_array_add (blocks, g_string_free (block, FALSE));
          block = g_string_new (NULL);
        }
      g_string_append_printf (block, "%s\n", lines[i]);
    }
  if (block != NULL)
    g_ptr_array_add (blocks, g_string_free (block, FALSE));
  g_ptr_array_sort (blocks, ipm_fuzz_strcmp);
  for (guint i = 0; i < blocks->len; i++)
    g_string_append (out, g_ptr_array_index (blocks, i));
  return g_string_free (out, FALSE);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const char *a, *b;
  size_t alen, blen;
  g_autoptr(IpmRuleset) old_rs = NULL;
  g_autoptr(IpmRuleset) new_rs = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *old_text = NULL;
  g_autofree char *new_text = NULL;
  g_autofree char *old_sorted = NULL;
  g_autofree char *new_sorted = NULL;
  g_autofree char *new_diags = NULL;
  g_autofree char *plain_diags = NULL;
  g_autoptr(IpmRuleset) new_plain = NULL;
  IpmDiffOptions options = { .old_name = "a", .new_name = "b", .context = 3 };
  gboolean different = FALSE;

  ipm_fuzz_split (data, size, &a, &alen, &b, &blen);
  old_rs = ipm_fuzz_ruleset ("a", a, alen, TRUE, NULL);
  /* as --diff reads it (spans), and without spans: the same verdict,
   * diagnostics and rules */
  new_rs = ipm_fuzz_ruleset_full ("b", b, blen, TRUE, TRUE, TRUE, NULL,
                                  &new_diags);
  new_plain = ipm_fuzz_ruleset_full ("b", b, blen, TRUE, TRUE, FALSE, NULL,
                                     &plain_diags);
  if ((new_plain == NULL) != (new_rs == NULL)
      || strcmp (new_diags, plain_diags) != 0)
    abort ();
  if (new_rs != NULL)
    {
      g_autofree char *with = ipm_fuzz_print (new_rs);
      g_autofree char *without = ipm_fuzz_print (new_plain);

      if (strcmp (with, without) != 0)
        abort ();
    }
  if (old_rs == NULL || new_rs == NULL)
    return 0;
  if (!ipm_diff (out, old_rs, old_rs, &options, &different, NULL))
    return 0;
  if (different)
    abort ();
  g_string_truncate (out, 0);
  if (!ipm_diff (out, old_rs, new_rs, &options, &different, NULL))
    return 0;
  /* counters are never a difference */
  old_text = ipm_fuzz_print_zeroed (old_rs);
  new_text = ipm_fuzz_print_zeroed (new_rs);
  /* table order is not a difference */
  old_sorted = ipm_fuzz_sort_tables (old_text);
  new_sorted = ipm_fuzz_sort_tables (new_text);
  if (different != (strcmp (old_sorted, new_sorted) != 0))
    abort ();   /* --diff disagrees with the canonical forms */
  if (different != (out->len > 0))
    abort ();   /* a difference without output, or output without one */
  return 0;
}

/* Fuzz: diff of two inputs (split at a "%%" line).  Properties: a ruleset
 * never differs from itself, and OLD/NEW differ exactly when their
 * canonical prints differ. */
#include "config.h"

#include "diff.h"
#include "fuzz.h"

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
  IpmDiffOptions options = { .old_name = "a", .new_name = "b", .context = 3 };
  gboolean different = FALSE;

  ipm_fuzz_split (data, size, &a, &alen, &b, &blen);
  old_rs = ipm_fuzz_ruleset ("a", a, alen, TRUE, NULL);
  new_rs = ipm_fuzz_ruleset ("b", b, blen, TRUE, NULL);
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
  /* table order is not a difference; compare only when both have one order */
  if (!different && strcmp (old_text, new_text) != 0 && old_rs->tables->len <= 1)
    abort ();
  return 0;
}

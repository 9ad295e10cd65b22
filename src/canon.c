/* canon: STUB that keeps every rule literally until the grammar-driven
 * canonicalizer lands. */
#include "config.h"

#include <string.h>

#include "canon.h"

IpmRule *
ipm_canon_rule (const IpmLine *line, const IpmWords *words, guint first,
                IpmFamily family, IpmDiags *diags)
{
  g_autoptr(GString) text = g_string_new (NULL);
  IpmRule *rule;
  const char *target = NULL;
  gboolean is_goto = FALSE;

  for (guint i = first; i < words->n; i++)
    {
      if (text->len > 0)
        g_string_append_c (text, ' ');
      ipm_quote_min (text, words->v[i].text);
      if (i + 1 < words->n && (strcmp (words->v[i].text, "-j") == 0
                               || strcmp (words->v[i].text, "-g") == 0))
        {
          target = words->v[i + 1].text;
          is_goto = words->v[i].text[1] == 'g';
        }
    }
  rule = ipm_rule_new (text->str);
  rule->target = g_strdup (target);
  rule->is_goto = is_goto;
  rule->target_is_chain = target != NULL
    && strspn (target, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != strlen (target);
  rule->literal = TRUE;
  rule->family = family;
  return rule;
}

char *
ipm_canon_rule_text (const char *spec, IpmFamily family, GError **error)
{
  g_autoptr(IpmDiags) diags = ipm_diags_new ();
  g_autoptr(IpmWords) words = ipm_words_new ();
  IpmLine line = { "<rule>", 1, spec, strlen (spec) };
  g_autoptr(IpmRule) rule = NULL;

  if (ipm_lex_words (&line, 0, words, diags))
    rule = ipm_canon_rule (&line, words, 0, family, diags);
  if (rule == NULL)
    {
      const IpmDiag *d = diags->items->len > 0
        ? g_ptr_array_index (diags->items, 0) : NULL;
      g_set_error (error, IPM_ERROR, IPM_ERROR_INVALID, "%s",
                   d != NULL ? d->message : "invalid rule");
      return NULL;
    }
  return g_strdup (rule->text);
}

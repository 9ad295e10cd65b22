/* regex: PCRE2 pattern lists. */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <string.h>

#include "diag.h"
#include "regex.h"

struct IpmRegexList {
  GPtrArray *codes;            /* pcre2_code* */
  GPtrArray *patterns;         /* char*, as given */
  guint *hits;                 /* per pattern: texts it matched (counted
                                  until it has one, see ..._match) */
  pcre2_match_data *match;
};

static void
ipm_regex_code_free (gpointer code)
{
  pcre2_code_free (code);
}

IpmRegexList *
ipm_regex_list_new (const GPtrArray *patterns, const char *option,
                    GError **error)
{
  g_autoptr(IpmRegexList) list = g_new0 (IpmRegexList, 1);

  list->codes = g_ptr_array_new_with_free_func (ipm_regex_code_free);
  list->patterns = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; patterns != NULL && i < patterns->len; i++)
    {
      const char *pattern = g_ptr_array_index (patterns, i);
      int code;
      PCRE2_SIZE offset;
      pcre2_code *re = pcre2_compile ((PCRE2_SPTR) pattern, PCRE2_ZERO_TERMINATED,
                                      PCRE2_UTF | PCRE2_MATCH_INVALID_UTF,
                                      &code, &offset, NULL);

      if (re == NULL)
        {
          PCRE2_UCHAR message[256];

          pcre2_get_error_message (code, message, sizeof message);
          g_set_error (error, IPM_ERROR, IPM_ERROR_USAGE,
                       "%s '%s': invalid regular expression at offset %zu: %s",
                       option, pattern, (size_t) offset, (const char *) message);
          return NULL;
        }
      /* JIT is an optimization only; matching works without it. */
      pcre2_jit_compile (re, PCRE2_JIT_COMPLETE);
      g_ptr_array_add (list->codes, re);
      g_ptr_array_add (list->patterns, g_strdup (pattern));
    }
  list->hits = g_new0 (guint, list->codes->len + 1);
  list->match = pcre2_match_data_create (1, NULL);
  return g_steal_pointer (&list);
}

void
ipm_regex_list_free (IpmRegexList *list)
{
  if (list == NULL)
    return;
  g_ptr_array_unref (list->codes);
  g_ptr_array_unref (list->patterns);
  g_free (list->hits);
  pcre2_match_data_free (list->match);
  g_free (list);
}

gboolean
ipm_regex_list_is_empty (const IpmRegexList *list)
{
  return list->codes->len == 0;
}

gboolean
ipm_regex_list_match (const IpmRegexList *list, const char *text)
{
  gsize len = strlen (text);
  gboolean matched = FALSE;

  /* after the first match only the patterns that never matched yet are
   * tried, so that each one's "matches nothing" is known at the end */
  for (guint i = 0; i < list->codes->len; i++)
    {
      if (matched && list->hits[i] > 0)
        continue;
      if (pcre2_match (g_ptr_array_index (list->codes, i), (PCRE2_SPTR) text,
                       len, 0, 0, list->match, NULL) >= 0)
        {
          list->hits[i]++;
          matched = TRUE;
        }
    }
  return matched;
}

const char *
ipm_regex_list_unused (const IpmRegexList *list, guint *index)
{
  for (; *index < list->codes->len; (*index)++)
    if (list->hits[*index] == 0)
      return g_ptr_array_index (list->patterns, (*index)++);
  return NULL;
}

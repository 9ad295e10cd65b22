/* regex: PCRE2 pattern lists for --take, --skip and --ignore-chain.
 * Ownership: g_autoptr(IpmRegexList). */
#ifndef IPM_REGEX_H
#define IPM_REGEX_H

#include <glib.h>

typedef struct IpmRegexList IpmRegexList;

/* Compiles PATTERNS (char*); OPTION names the flag for error messages.
 * An empty or NULL array gives an empty list. */
IpmRegexList *ipm_regex_list_new (const GPtrArray *patterns,
                                  const char *option, GError **error);
void ipm_regex_list_free (IpmRegexList *list);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IpmRegexList, ipm_regex_list_free)

gboolean ipm_regex_list_is_empty (const IpmRegexList *list);
/* TRUE when any pattern matches somewhere in TEXT.  Counts what each
 * pattern matched (the list is const to its users: a record, not a
 * change of what it matches). */
gboolean ipm_regex_list_match (const IpmRegexList *list, const char *text);

/* The next pattern from *INDEX on that has matched nothing so far (and
 * *INDEX past it), or NULL: for "--take X matches nothing". */
const char *ipm_regex_list_unused (const IpmRegexList *list, guint *index);

#endif

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
/* TRUE when any pattern matches somewhere in TEXT. */
gboolean ipm_regex_list_match (const IpmRegexList *list, const char *text);

#endif

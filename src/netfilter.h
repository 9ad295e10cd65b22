/* netfilter: what the kernel fixes and every stage takes as given: the
 * address families, the tables and their built-in chains, the policies.
 * A leaf: it includes nothing of ipmerge's own, so the model, the
 * canonicalizer and the stages all take these facts from here.
 */
#ifndef IPM_NETFILTER_H
#define IPM_NETFILTER_H

#include <glib.h>

typedef enum {
  IPM_FAMILY_UNKNOWN = 0,   /* no address or family-specific module seen */
  IPM_FAMILY_IPV4 = 4,
  IPM_FAMILY_IPV6 = 6,
} IpmFamily;

/* Tables and built-in chains as the kernel defines them. */
gboolean ipm_table_name_known (const char *name);
/* NAME as a string that lives as long as the program, or NULL: a table
 * the kernel does not have. */
const char *ipm_table_known_name (const char *name);
/* The I-th table the kernel knows (filter, mangle, nat, raw, security), or
 * NULL past the last. */
const char *ipm_table_nth_known (guint i);
/* NULL-terminated list of the built-in chains of TABLE in kernel order. */
const char *const *ipm_table_builtin_chains (const char *table);
gboolean ipm_chain_is_builtin (const char *table, const char *chain);
/* TRUE when NAME is a built-in chain of some table (INPUT, FORWARD, ...). */
gboolean ipm_chain_name_builtin (const char *name);
/* FALSE when packets in the built-in CHAIN have no output interface (OUT)
 * or no input interface yet: -o in INPUT or PREROUTING, -i in OUTPUT or
 * POSTROUTING.  CHAIN NULL (a user chain): TRUE. */
gboolean ipm_chain_has_interface (const char *chain, gboolean out);
gboolean ipm_policy_valid (const char *policy);

#endif

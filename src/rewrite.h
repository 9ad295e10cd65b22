/* rewrite: --rewrite FROM=TO, adapting a reference dump to a host whose
 * docker0 (or any bridge) is customized.
 *
 * A CIDR pair maps every IPv4 address inside FROM to the same offset inside
 * TO (172.17.0.0/16=10.200.0.0/16 turns 172.17.0.1 into 10.200.0.1, also in
 * "--to-destination 172.17.0.1:80"); FROM itself becomes TO.  A name pair
 * maps an interface given to -i/-o/--physdev-in/--physdev-out (docker0=br0).
 * Comments are left alone.  The rewritten rule is canonicalized again, so
 * it compares equal to the host's spelling.  Ownership:
 * g_autoptr(IpmRewriteList).
 */
#ifndef IPM_REWRITE_H
#define IPM_REWRITE_H

#include <glib.h>

#include "diag.h"
#include "ruleset.h"

typedef struct IpmRewriteList IpmRewriteList;

/* Parses SPECS (char* "FROM=TO", in order; the first pair that applies to a
 * word wins).  An empty or NULL array gives an empty list. */
IpmRewriteList *ipm_rewrite_list_new (const GPtrArray *specs, GError **error);
void ipm_rewrite_list_free (IpmRewriteList *list);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IpmRewriteList, ipm_rewrite_list_free)

gboolean ipm_rewrite_list_is_empty (const IpmRewriteList *list);

/* Rewrites the canonical rule text TEXT.  Returns a new string (equal to
 * TEXT when nothing applies), or NULL with ERROR set when an address does
 * not fit into its target network. */
char *ipm_rewrite_text (const IpmRewriteList *list, const char *text,
                        GError **error);

/* Returns RULE rewritten and canonicalized for FAMILY: a new reference to
 * RULE itself when nothing applies, else a new rule with RULE's location
 * and counters.  Returns NULL after reporting the problem into DIAGS at
 * RULE's location. */
IpmRule *ipm_rewrite_rule (const IpmRewriteList *list, IpmRule *rule,
                           IpmFamily family, IpmDiags *diags);

#endif

/* rewrite: --rewrite FROM=TO, adapting a reference dump to a host whose
 * docker0 (or any bridge) is customized.
 *
 * Only values whose grammar type is of an address, network or interface
 * class (the class column of grammar/types.def; -s/-d and -i/-o in the base
 * part) change; names, comments, prefixes, masks and every other string
 * keep their words.  A network pair (IPv4 or IPv6, both sides of one
 * family) maps every address inside FROM to the same offset inside TO
 * (172.17.0.0/16=10.200.0.0/16 turns 172.17.0.1 into 10.200.0.1, also in
 * "--to-destination 172.17.0.1:80" and in ranges); FROM itself becomes TO.
 * An interface pair renames one interface (docker0=br0) or, both sides
 * ending in '+', a prefix (br-+=cni+: br-abc becomes cniabc, br-+ cni+).
 * The rewritten rule is canonicalized again, so it compares equal to the
 * host's spelling.  Ownership: g_autoptr(IpmRewriteList).
 */
#ifndef IPM_REWRITE_H
#define IPM_REWRITE_H

#include <glib.h>

#include "diag.h"
#include "ruleset.h"

typedef struct IpmRewriteList IpmRewriteList;

/* Parses SPECS (char* "FROM=TO", in order; the first pair that applies to a
 * value wins).  An empty or NULL array gives an empty list.  A bad pair is
 * IPM_ERROR_USAGE. */
IpmRewriteList *ipm_rewrite_list_new (const GPtrArray *specs, GError **error);
void ipm_rewrite_list_free (IpmRewriteList *list);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IpmRewriteList, ipm_rewrite_list_free)

gboolean ipm_rewrite_list_is_empty (const IpmRewriteList *list);

/* Rewrites the canonical rule text TEXT of a FAMILY dump.  Returns a new
 * string (equal to TEXT when nothing applies), or NULL with ERROR set when
 * a value cannot be rewritten (it does not fit into TO, a range is partly
 * inside FROM, a new interface name is too long).  WARNINGS, when not
 * NULL, gets a char* message for each word of a module the grammar does
 * not describe that looks like something FROM names (such words are never
 * rewritten). */
char *ipm_rewrite_text (const IpmRewriteList *list, const char *text,
                        IpmFamily family, GPtrArray *warnings,
                        GError **error);

/* Returns RULE rewritten and canonicalized for FAMILY: a new reference to
 * RULE itself when nothing applies, else a new rule with RULE's location
 * and counters.  Returns NULL after reporting the problem into DIAGS at
 * RULE's location; warnings go there too. */
IpmRule *ipm_rewrite_rule (const IpmRewriteList *list, IpmRule *rule,
                           IpmFamily family, IpmDiags *diags);

/* The next FROM=TO from *INDEX on that has rewritten no value so far (and
 * *INDEX past it), or NULL: for "--rewrite X changed nothing". */
const char *ipm_rewrite_list_unused (const IpmRewriteList *list,
                                     guint *index);

#endif

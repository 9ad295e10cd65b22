/* canon-fast: the canonical text of a rule that is already written the way
 * iptables-save writes it, without canon.c's general machinery.
 *
 * iptables-save output is in canonical order: base options in -s -d -i -o
 * -p order, then each match with its options in its save order, then the
 * target.  For such a rule canon.c's option resolution, reordering and
 * defaulting change nothing, so the text is the words in the order given,
 * with each value through the same normalizer canon.c uses.  Anything else
 * (another order or spelling, a default that would be added or dropped, a
 * module with a rewrite hook, a value canon.c would warn about or refuse)
 * is declined and left to canon.c, which then also reports the problems.
 * The contract, checked by IPM_CANON_CHECK=1 (see canon.c) in make check
 * and by the canonical fuzz harness: when ipm_canon_fast accepts a rule,
 * canon.c gives the same text and flags and no diagnostic.
 */
#ifndef IPM_CANON_FAST_H
#define IPM_CANON_FAST_H

#include <glib.h>

#include "lexer.h"
#include "ruleset.h"

typedef struct {
  const char *target;       /* the -j/-g word, or NULL */
  gboolean is_goto;
  gboolean target_is_chain;
  gboolean unconditional;
} IpmCanonFast;

/* Canonical text of WORDS->v[FIRST .. WORDS->n), appended to the empty OUT,
 * for a rule of FAMILY (IPV4 or IPV6) in TABLE (NULL: unknown table) and,
 * when it is a built-in chain, CHAIN (else NULL).  SCRATCH is the
 * caller's buffer for the protocol name.  Returns FALSE, with OUT
 * in any state, when the rule is not one this path decides. */
gboolean ipm_canon_fast (const IpmWords *words, guint first, IpmFamily family,
                         const char *table, const char *chain, GString *out,
                         GString *scratch, IpmCanonFast *result);

#endif

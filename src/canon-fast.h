/* canon-fast: checks in place, on its line, that a rule is already written
 * the way iptables-save writes it, without lexing it into words first or
 * running canon.c's general machinery.
 *
 * iptables-save output is in canonical order and spelling: base options in
 * -s -d -i -o -p order, then each match with its options in its save
 * order, then the target, words one space apart.  For such a rule canon.c's
 * option resolution, reordering and defaulting change nothing, and each
 * value is already what canon.c's normalizer prints: the canonical text is
 * the line's own bytes.  Anything else (another order or spelling, extra
 * blanks or quotes, a default that would be added or dropped, a module
 * with a rewrite hook, a value canon.c would warn about or refuse) is
 * declined and left to the lexer and canon.c, which also report problems.
 * Rules that passed are remembered by shape (their words outside the
 * values, in their context), and a later rule of a known shape has only
 * its values tested: the same tests, fewer of them (see canon-fast.c).
 * The contract, checked by IPM_CANON_CHECK=1 (see canon.c) in make check
 * and by the canonical fuzz harness: when ipm_canon_fast accepts a spec,
 * canon.c gives the spec itself as the text, the same flags and no
 * diagnostic.
 */
#ifndef IPM_CANON_FAST_H
#define IPM_CANON_FAST_H

#include <glib.h>

#include "ruleset.h"

typedef struct {
  const char *text;         /* the canonical text: the spec itself, or a
                               copy with respelled values; valid until the
                               next call in this thread */
  gsize text_len;
  const char *target;       /* the -j/-g word, or NULL; valid as TEXT */
  gboolean is_goto;
  gboolean target_is_chain;
  gboolean unconditional;
} IpmCanonFast;

/* TRUE when SPEC[0..LEN), the words after "-A CHAIN " as a line has them,
 * is already the canonical text of its rule (RESULT->text is SPEC), or is
 * but for values the save prints otherwise as one bare word, such as the
 * probabilities kube-proxy writes unrounded (RESULT->text is a copy with
 * those values respelled), for a rule of FAMILY (IPV4
 * or IPV6) in TABLE (NULL: unknown table) and, when it is a built-in
 * chain, CHAIN (else NULL).  FALSE: not one this path decides (canon.c
 * then does, and reports any problem). */
gboolean ipm_canon_fast (const char *spec, gsize len, IpmFamily family,
                         const char *table, const char *chain,
                         IpmCanonFast *result);

/* Forgets the rule shapes this thread remembered (tests: each case then
 * starts from none). */
void ipm_canon_fast_forget_shapes (void);

#endif

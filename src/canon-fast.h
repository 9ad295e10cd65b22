/* canon-fast: a cache of canon.c's verdicts, by rule shape.
 *
 * canon.c alone decides whether and how a rule is accepted.  A line split
 * into words the way a canonical text spells them (words one space apart,
 * bare or wholly in double quotes) is looked up by its shape: its words
 * outside the values, in its context.  The first rule of a shape is
 * judged by canon.c whole (ipm_canon_judge_spec); when canon.c's text is
 * the line's but for values each printed in its place, the rule is taken
 * and its shape kept, with the slot of each value.  A later rule of that
 * shape has only its values judged, again by canon.c
 * (ipm_canon_slot_value, through canon-value.c's normalizers).  Anything
 * else is declined and canon.c judges the line as usual (and reports).
 * IPM_CANON_CHECK=1 (make check, the fuzz harnesses) runs canon.c on
 * every rule taken and aborts unless it gives the same text and flags:
 * the cache's consistency check.
 */
#ifndef IPM_CANON_FAST_H
#define IPM_CANON_FAST_H

#include <glib.h>

#include "diag.h"
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

/* The way the parser takes a line: TRUE when the spec of LINE "-A CHAIN
 * SPEC" (the command word at byte START, SPEC from byte SPEC_AT to the
 * end) is already its canonical text, or is but for respelled values:
 * *FAST then holds the text (the line's own bytes, or the respelled copy),
 * target and flags.  FALSE when that is not decided here (nothing
 * reported: ipm_canon_rule_in_table then judges the line).  TABLE is NULL
 * when the grammar does not know it; BUILTIN is ipm_canon_builtin_chain
 * (TABLE, CHAIN).  Under IPM_CANON_CHECK=1 canon.c checks every rule taken
 * (ipm_canon_verify_taken); IPM_CANON_FAST=0 takes none (timing). */
gboolean ipm_canon_fast_line (const IpmLine *line, gsize start, gsize spec_at,
                              const char *builtin, IpmFamily family,
                              const char *table, IpmCanonFast *fast);

/* The rule *FAST describes, with the flags and FAMILY set as
 * ipm_canon_rule does (counters and loc are the caller's). */
IpmRule *ipm_canon_fast_rule (const IpmCanonFast *fast, IpmFamily family);

/* Appends the rules of SPAN, the span of chain CHAIN[0..CHAIN_LEN), to
 * RULES: the span expander the parser hands to the ruleset
 * (IpmSpanExpander). */
void ipm_canon_fast_span_rules (const IpmSpan *span, const char *chain,
                                gsize chain_len, GPtrArray *rules);

/* TRUE under IPM_CANON_CHECK=1 (make check, the fuzzers): every shortcut
 * is checked against the long way it stands for, and a difference aborts. */
gboolean ipm_canon_fast_checking (void);

/* Forgets the rule shapes this thread remembered (tests: each case then
 * starts from none). */
void ipm_canon_fast_forget_shapes (void);

#endif

/* canon: turns the words of a rule into the spelling iptables-save prints
 * after the kernel has loaded the rule.
 *
 * Driven by the grammar tables (grammar.c, built from the grammar/ .def files):
 * base part in -s -d -i -o -p -f order, matches in the order given with
 * their options reordered, normalized and defaulted per module, implicit
 * protocol matches inserted where iptables puts them, target and its options.
 * A module unknown to the grammar keeps its words literally (compared word
 * for word, never guessed).  Problems are reported into an IpmDiags against
 * the line and column of the offending word.
 */
#ifndef IPM_CANON_H
#define IPM_CANON_H

#include <glib.h>

#include "canon-fast.h"
#include "diag.h"
#include "lexer.h"
#include "ruleset.h"

/* Canonicalizes the rule spec WORDS->v[FIRST .. WORDS->n) of LINE for a
 * dump of FAMILY (IPV4 or IPV6).  Returns a new rule with text, hash, target,
 * is_goto, target_is_chain, unconditional, literal and family set (counters
 * and loc are the caller's), or NULL after reporting errors into DIAGS.
 * Warnings (e.g. a comment the kernel will truncate) may be added as well. */
IpmRule *ipm_canon_rule (const IpmLine *line, const IpmWords *words,
                         guint first, IpmFamily family, IpmDiags *diags);

/* Same, for a rule of TABLE ("filter", "nat", ...): also refuses a match or
 * target the kernel does not allow in that table, and, in a built-in chain
 * (word 1 when FIRST >= 2), one it does not allow in that chain.  A user
 * chain is checked for the table only: the kernel checks the chains that
 * reach it at commit time.  TABLE NULL checks no table (ipm_canon_rule). */
IpmRule *ipm_canon_rule_in_table (const IpmLine *line, const IpmWords *words,
                                  guint first, IpmFamily family,
                                  const char *table, IpmDiags *diags);

/* CHAIN when it is a built-in chain of TABLE (of any table when TABLE is
 * NULL or unknown), else NULL: the chain that restricts matches and
 * targets. */
const char *ipm_canon_builtin_chain (const char *table, const char *chain);

/* TRUE when the spec of LINE "-A CHAIN SPEC" (the command word at byte
 * START, SPEC from byte SPEC_AT to the end) is already its canonical text,
 * or is but for respelled values (canon-fast.h): *FAST then holds the
 * text (the line's own bytes, or the respelled copy), target and flags.
 * FALSE when that is not decided there (nothing reported:
 * ipm_canon_rule_in_table then judges the line).  TABLE is NULL when the
 * grammar does not know it; BUILTIN is ipm_canon_builtin_chain (TABLE,
 * CHAIN). */
gboolean ipm_canon_spec_as_written (const IpmLine *line, gsize start,
                                    gsize spec_at, const char *builtin,
                                    IpmFamily family, const char *table,
                                    IpmCanonFast *fast);
/* The rule *FAST describes, with the flags and FAMILY set as
 * ipm_canon_rule does (counters and loc are the caller's). */
IpmRule *ipm_canon_rule_fast (const IpmCanonFast *fast, IpmFamily family);

/* Appends the rules of SPAN, the span of chain CHAIN[0..CHAIN_LEN), to
 * RULES (for ipm_chain_rules). */
void ipm_canon_span_rules (const IpmSpan *span, const char *chain,
                           gsize chain_len, GPtrArray *rules);

/* TRUE under IPM_CANON_CHECK=1 (make check, the fuzzers): every shortcut
 * is checked against the long way it stands for, and a difference aborts. */
gboolean ipm_canon_checking (void);

/* Convenience for tests and tools: canonicalizes one rule spec given as
 * text (e.g. "-p tcp --dport 80 -j ACCEPT").  Returns the canonical text or
 * NULL with ERROR set to the first diagnostic. */
char *ipm_canon_rule_text (const char *spec, IpmFamily family, GError **error);

/* TRUE when NAME (a long option without "--") is one of iptables' own
 * options, which getopt matches before any module's (for canon-fast.c). */
gboolean ipm_canon_base_option (const char *name);

#endif

/* suggest: "did you mean" for misspelled names, and where a built-in
 * chain lives.
 *
 * A name is offered the candidates one by one (targets and matches of the
 * grammar, options of a module, declared chains); the closest within a
 * small edit distance wins.  The distance is the optimal string alignment
 * form of Damerau-Levenshtein (an insertion, a deletion, a substitution or
 * the swap of two neighbours costs 1) on ASCII-folded text, so "accept"
 * finds ACCEPT and "ACCPET" finds it too.
 */
#ifndef IPM_SUGGEST_H
#define IPM_SUGGEST_H

#include <glib.h>

#include "grammar.h"

typedef struct {
  const char *word;         /* the name that was not found */
  guint limit;              /* the largest distance worth suggesting */
  guint best;               /* distance of the names in BEST_NAMES */
  GPtrArray *best_names;    /* const char*: the closest candidates so far */
} IpmSuggest;

/* Distance between A and B (see above); stops counting past CAP and then
 * returns CAP + 1. */
guint ipm_suggest_distance (const char *a, const char *b, guint cap);

/* The largest distance at which a candidate is suggested for WORD: 1 up to
 * 4 characters, 2 up to 8, 3 beyond (farther, a "suggestion" is noise). */
guint ipm_suggest_limit (const char *word);

void ipm_suggest_init (IpmSuggest *s, const char *word);
void ipm_suggest_clear (IpmSuggest *s);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (IpmSuggest, ipm_suggest_clear)

/* Offers CANDIDATE (kept by pointer: it must outlive S); the word itself
 * is never a suggestion. */
void ipm_suggest_offer (IpmSuggest *s, const char *candidate);

/* Offers every target (or match) module of FAMILY (4, 6; 0: any). */
void ipm_suggest_offer_targets (IpmSuggest *s, guint family);
void ipm_suggest_offer_matches (IpmSuggest *s, guint family);

/* Offers MODULE's options (names without "--"). */
void ipm_suggest_offer_options (IpmSuggest *s, const IpmGrammarModule *module);

/* "ACCEPT", "X or Y", "X, Y or Z" (each with PREFIX, e.g. "--"), or NULL
 * when nothing is close enough (newly allocated). */
char *ipm_suggest_result (const IpmSuggest *s, const char *prefix);

/* When CHAIN is a built-in chain of some table: "the mangle, nat and raw
 * tables" (or "the nat table"), in the kernel's table order; else NULL
 * (newly allocated). */
char *ipm_suggest_builtin_tables (const char *chain);

#endif

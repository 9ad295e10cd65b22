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

#include "diag.h"
#include "grammar.h"
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

/* Same, appending the rule to RULES, or the several rules iptables makes
 * of one whose -s or -d (or both) is a list of addresses: one per address,
 * every destination for the first source, then for the next.  FALSE
 * after reporting errors (nothing appended). */
gboolean ipm_canon_rules_in_table (const IpmLine *line, const IpmWords *words,
                                   guint first, IpmFamily family,
                                   const char *table, IpmDiags *diags,
                                   GPtrArray *rules);

/* CHAIN when it is a built-in chain of TABLE (of any table when TABLE is
 * NULL or unknown), else NULL: the chain that restricts matches and
 * targets. */
const char *ipm_canon_builtin_chain (const char *table, const char *chain);

/* IPM_CANON_CHECK=1: the rule FAST that canon-fast.c took for the line
 * LINE ("-A CHAIN SPEC", the command word at byte START) must be what this
 * judge makes of it (same text, target and flags, no diagnostic): else
 * canon-fast.c has a bug, and this aborts loudly. */
void ipm_canon_verify_taken (const IpmLine *line, gsize start,
                             IpmFamily family, const char *table,
                             const IpmRule *fast);

/* Convenience for tests and tools: canonicalizes one rule spec given as
 * text (e.g. "-p tcp --dport 80 -j ACCEPT").  Returns the canonical text or
 * NULL with ERROR set to the first diagnostic. */
char *ipm_canon_rule_text (const char *spec, IpmFamily family, GError **error);

/* The one judge, and canon-fast.c its cache (canon-fast.h): canon.c
 * judges a spec whole, and tells which of its words are values (slots)
 * and how each was printed; a later rule with the same other words has
 * only its slots judged, again here, by ipm_canon_slot_value. */

typedef enum {
  IPM_CANON_SLOT_ADDRESS,   /* the word after -s or -d */
  IPM_CANON_SLOT_INTERFACE, /* the word after -i or -o */
  IPM_CANON_SLOT_OPTION,    /* the NARGS words after a module's option */
  IPM_CANON_SLOT_CHAIN,     /* the chain after -j or -g */
} IpmCanonSlotKind;

/* A value of a rule, and what of the rule's structure its verdict reads. */
typedef struct {
  IpmCanonSlotKind kind;
  guint word;               /* the first value word, 0 = the spec's first */
  guint nargs;              /* how many words */
  gboolean neg;             /* given with "!" */
  gboolean is_goto;         /* CHAIN: after -g */
  gboolean has_ports;       /* OPTION: the rule's protocol has ports */
  gboolean string;          /* OPTION: one word of a string type */
  gboolean wants_text;      /* judged on its text only (see
                               ipm_canon_slot_value) */
  const IpmGrammarOpt *opt; /* OPTION */
  const char *proto;        /* OPTION: the protocol its normalizer is
                               given (interned), or NULL */
  gsize at, len;            /* where canon.c printed it in the text */
} IpmCanonSlot;

typedef enum {
  IPM_CANON_VALUE_AS_WRITTEN,   /* printed as written, in its place */
  IPM_CANON_VALUE_RESPELLED,    /* printed in its place as OUT */
  IPM_CANON_VALUE_NEEDS_TEXT,   /* ask again with the words' texts */
  IPM_CANON_VALUE_OTHER,        /* canon.c would do something else with
                                   the rule: judge it whole */
} IpmCanonVerdict;

/* The verdict on the value of SLOT in a rule of FAMILY that has the
 * structure the slot was recorded in: RAW[0..RAW_LEN) are its words as
 * the line has them (one space apart, quotes included), ARGS their texts
 * (NULL: not copied yet; then RAW is one word and only what is known
 * without its text is told). */
IpmCanonVerdict ipm_canon_slot_value (const IpmCanonSlot *slot,
                                      IpmFamily family,
                                      const char *const *args,
                                      const char *raw, gsize raw_len,
                                      GString *out);

/* canon.c's verdict on SPEC[0..LEN), lexed alone: a rule of FAMILY in
 * TABLE (NULL: unknown), in built-in CHAIN (or NULL). */
typedef struct {
  gboolean accepted;        /* no diagnostic, not literal */
  const char *text;         /* its canonical text (valid until the next
                               call in this thread) */
  gsize text_len;
  gint target_word;         /* the word naming the target, or -1 */
  gboolean is_goto;
  gboolean target_is_chain;
  gboolean unconditional;
  const IpmCanonSlot *slots;   /* in the order printed */
  guint n_slots;
  guint n_words;
} IpmCanonJudged;

void ipm_canon_judge_spec (const char *spec, gsize len, IpmFamily family,
                           const char *table, const char *chain,
                           IpmCanonJudged *judged);

#endif

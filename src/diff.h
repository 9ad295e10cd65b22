/* diff: semantic comparison of two rulesets.
 *
 * diff.c computes an IpmDiffResult: the changed tables and chains, each
 * chain as an edit script over its ':' line and its rules (Myers alignment
 * of the canonical rule texts, see align.h).  A rule present on both sides
 * but outside the alignment is one "moved" change: its remove and add ops
 * are flagged and point at each other.  diff-format.c prints a result as a
 * unified diff, a --stat summary or JSON.  Ownership:
 * g_autoptr(IpmDiffResult); a result borrows the two rulesets, which must
 * outlive it.
 */
#ifndef IPM_DIFF_H
#define IPM_DIFF_H

#include <glib.h>

#include "ruleset.h"

typedef enum {
  IPM_DIFF_FORMAT_UNIFIED,
  IPM_DIFF_FORMAT_STAT,
  IPM_DIFF_FORMAT_JSON,
} IpmDiffFormat;

typedef struct {
  const char *old_name;     /* for the --- header */
  const char *new_name;     /* for the +++ header */
  guint context;            /* -U N */
  IpmDiffFormat format;
  gboolean color;
  GPtrArray *ignore_chains; /* char* PCRE2 patterns (--ignore-chain) */
} IpmDiffOptions;

typedef enum {
  IPM_DIFF_CHANGED,         /* on both sides, different */
  IPM_DIFF_ADDED,           /* only in NEW */
  IPM_DIFF_REMOVED,         /* only in OLD */
} IpmDiffStatus;

typedef enum {
  IPM_DIFF_OP_CONTEXT,      /* the same on both sides */
  IPM_DIFF_OP_REMOVE,       /* only in OLD (or moved away from here) */
  IPM_DIFF_OP_ADD,          /* only in NEW (or moved here) */
} IpmDiffOpKind;

/* One line of a chain's edit script.  Positions are rule numbers in the
 * chain as iptables numbers them (1-based, counting rules that
 * --ignore-chain hides); 0 is the chain's ':' line. */
typedef struct {
  IpmDiffOpKind kind;
  gboolean moved;           /* REMOVE/ADD half of a move */
  guint old_pos;            /* CONTEXT, REMOVE; ADD when moved: where from */
  guint new_pos;            /* CONTEXT, ADD; REMOVE when moved: where to */
  const IpmRule *rule;      /* NULL for the ':' line */
} IpmDiffOp;

typedef struct {
  const char *name;
  IpmDiffStatus status;
  const IpmChain *old_chain;  /* NULL when ADDED */
  const IpmChain *new_chain;  /* NULL when REMOVED */
  gboolean policy_changed;    /* the ':' line differs (or exists on one
                                 side only) */
  guint n_added, n_removed, n_moved;   /* rules; a move counts once */
  GArray *ops;                /* IpmDiffOp, in output order: the ':' line
                                 first, removes before adds in each gap */
  GPtrArray *rules[2];        /* the old and new rules the ops point into
                                 (a span's are made for the diff alone) */
} IpmDiffChain;

typedef struct {
  const char *name;
  IpmDiffStatus status;
  GPtrArray *chains;        /* IpmDiffChain*, changed only, save order */
} IpmDiffTable;

typedef struct {
  GPtrArray *tables;        /* IpmDiffTable*, changed only, sorted by name */
  guint n_chains;           /* changed chains */
  guint n_added, n_removed, n_moved, n_policies;
} IpmDiffResult;

void ipm_diff_result_free (IpmDiffResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IpmDiffResult, ipm_diff_result_free)

/* Compares OLD and NEW, leaving out the chains matching
 * OPTIONS->ignore_chains and the rules that jump to them.  Returns NULL
 * with ERROR set on a bad pattern.  Swapping OLD and NEW gives the mirror
 * image: the same alignment with adds and removes exchanged. */
IpmDiffResult *ipm_diff_compute (const IpmRuleset *old_rs,
                                 const IpmRuleset *new_rs,
                                 const IpmDiffOptions *options,
                                 GError **error);

/* Checks OPTIONS (compiles the --ignore-chain patterns), so that a
 * command line error shows before any input is read. */
gboolean ipm_diff_options_check (const IpmDiffOptions *options,
                                 GError **error);

/* TRUE when RESULT has no change. */
gboolean ipm_diff_result_equal (const IpmDiffResult *result);

/* Printers (diff-format.c); each appends to OUT. */
void ipm_diff_format_unified (GString *out, const IpmDiffResult *result,
                              const IpmDiffOptions *options);
void ipm_diff_format_stat (GString *out, const IpmDiffResult *result,
                           const IpmDiffOptions *options);
void ipm_diff_format_json (GString *out, const IpmDiffResult *result,
                           const IpmDiffOptions *options);

/* Compares OLD and NEW; appends the report in OPTIONS->format to OUT and
 * sets *DIFFERENT.  Returns FALSE with ERROR set on failure (e.g. a bad
 * pattern). */
gboolean ipm_diff (GString *out, const IpmRuleset *old_rs,
                   const IpmRuleset *new_rs, const IpmDiffOptions *options,
                   gboolean *different, GError **error);

/* Appends S as a JSON string (control bytes escaped, bytes that are not
 * UTF-8 as U+FFFD): shared by the JSON documents of --diff and --plan. */
void ipm_diff_json_string (GString *out, const char *s);
/* The same, or null when S is NULL (the JSON of --check and --plan too). */
void ipm_diff_json_string_or_null (GString *out, const char *s);

#endif

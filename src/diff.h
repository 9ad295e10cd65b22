/* diff: semantic comparison of two rulesets.  (Interface; implementation in
 * progress.) */
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

/* Compares OLD and NEW; appends the report to OUT and sets *DIFFERENT.
 * Returns FALSE with ERROR set on failure (e.g. a bad pattern). */
gboolean ipm_diff (GString *out, const IpmRuleset *old_rs,
                   const IpmRuleset *new_rs, const IpmDiffOptions *options,
                   gboolean *different, GError **error);

#endif

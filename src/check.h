/* check: lint findings on input files (--check).
 *
 * Syntax, limits and values are already reported by the parser and the
 * canonicalizer; this module adds what needs more than one line, and it
 * judges each file by what it is:
 *  - a dump (only ':' and '-A' lines, every table declaring all of its
 *    built-in chains, as iptables-save writes it) is a whole ruleset:
 *    duplicate rules, rules after a chain's dead point (reach.h), user
 *    chains nothing jumps to (but the agents' canaries,
 *    grammar/agent-chains.def);
 *  - anything else is an overlay, whose meaning depends on the host it is
 *    merged into: only what holds on any host is reported (a rule after
 *    the dead point of the overlay's own rules, which the merge leaves
 *    out; a rule appended twice; -X or -E of a built-in chain);
 *  - with a host (--check --host FILE LAYER...), the layers are merged into
 *    it as a merge would, and what the merge warns about and the findings
 *    of the result that involve a layer's lines are reported.
 * Each file's findings are its own: an error in one file hides nothing in
 * the next.
 */
#ifndef IPM_CHECK_H
#define IPM_CHECK_H

#include <glib.h>

#include "diag.h"
#include "merge.h"
#include "parse.h"
#include "ruleset.h"

/* Kinds of finding (IpmDiag.kind): the "kind" of --format json and the
 * ruleId of --format sarif. */
#define IPM_CHECK_KIND_INPUT_ERROR "input-error"
#define IPM_CHECK_KIND_INPUT_WARNING "input-warning"
#define IPM_CHECK_KIND_IO_ERROR "io-error"
#define IPM_CHECK_KIND_DUPLICATE "duplicate-rule"
#define IPM_CHECK_KIND_UNREACHABLE "unreachable-rule"
#define IPM_CHECK_KIND_UNUSED_CHAIN "unused-chain"
#define IPM_CHECK_KIND_INVALID_UTF8 "invalid-utf8"
#define IPM_CHECK_KIND_UNKNOWN_MODULE "unknown-module"
#define IPM_CHECK_KIND_MERGE_ERROR "merge-error"
#define IPM_CHECK_KIND_MERGE_WARNING "merge-warning"

typedef struct {
  const char *id;           /* one of IPM_CHECK_KIND_... */
  const char *summary;      /* one line, for SARIF's rule descriptions */
} IpmCheckKind;

/* Every kind, in a fixed order. */
const IpmCheckKind *ipm_check_kinds (guint *n);

/* The kind of D: its own, else by severity (input-error, input-warning;
 * io-error for an error about a whole file). */
const char *ipm_check_kind_of (const IpmDiag *d);

typedef struct {
  const char *const *paths; /* files to check, NULL-terminated; "-" is
                               standard input; NULL: standard input */
  const char *host;         /* --host FILE: PATHS are layers merged into
                               it; NULL: each path on its own */
  IpmParseOptions parse;    /* family and allow_invalid_utf8; the rest is
                               set here */
  const IpmMergeOptions *merge;  /* --host: --take, --skip, --rewrite,
                               --skip-containers of the merge to check, or
                               NULL (none); only with HOST */
} IpmCheckOptions;

/* FALSE with ERROR (IPM_ERROR_USAGE) when OPTIONS cannot be run: --host
 * without a LAYER, merge options without --host, standard input named
 * twice. */
gboolean ipm_check_options_valid (const IpmCheckOptions *options,
                                  GError **error);

/* Checks the files OPTIONS names (standard input when PATHS is NULL or
 * empty); every finding goes into DIAGS. */
void ipm_check_files (const IpmCheckOptions *options, IpmDiags *diags);

/* Report formats (check-format.c). */
typedef enum {
  IPM_CHECK_FORMAT_TEXT,    /* compiler style, on standard error (diag.h) */
  IPM_CHECK_FORMAT_JSON,    /* schema: ipmerge(1), CHECK REPORTS */
  IPM_CHECK_FORMAT_SARIF,   /* SARIF 2.1.0, for code scanning */
} IpmCheckFormat;

/* The format NAME (--format; NULL: text); FALSE with ERROR when unknown. */
gboolean ipm_check_format_parse (const char *name, IpmCheckFormat *format,
                                 GError **error);

/* Appends the report of DIAGS in FORMAT (JSON or SARIF) to OUT.  QUIET
 * leaves the warnings out of the findings (not out of the counts). */
void ipm_check_format (GString *out, const IpmDiags *diags,
                       const IpmCheckOptions *options, IpmCheckFormat format,
                       gboolean quiet);

/* TRUE when SCRIPT reads as a whole ruleset rather than an overlay (see
 * above). */
gboolean ipm_check_is_dump (const IpmScript *script);

/* Checks SCRIPT (parsed with keep_text) as what it is; may take its rules. */
void ipm_check_script (IpmScript *script, IpmDiags *diags);

/* Adds the whole-ruleset findings about RS (built from SCRIPT) to DIAGS. */
void ipm_check_ruleset (const IpmScript *script, const IpmRuleset *rs,
                        IpmDiags *diags);

/* Why CHAIN in TABLE is an agent's chain that nothing jumps to on purpose
 * (grammar/agent-chains.def), or NULL. */
const char *ipm_check_agent_chain (const char *table, const char *chain);

#endif

/* diag: diagnostics with source locations, rendered compiler style.
 *
 * Syntax and value problems are collected as records (like nftables' error
 * records) so that --check can report all of them; every other failure is a
 * GError in IPM_ERROR.  Ownership: IpmDiags is freed with g_autoptr(IpmDiags).
 */
#ifndef IPM_DIAG_H
#define IPM_DIAG_H

#include <stdio.h>
#include <glib.h>

#define IPM_ERROR (ipm_error_quark ())
GQuark ipm_error_quark (void);

typedef enum {
  IPM_ERROR_IO,        /* read or write failed */
  IPM_ERROR_INVALID,   /* input rejected; details are in an IpmDiags */
  IPM_ERROR_USAGE,     /* bad command line */
  IPM_ERROR_CLOSED,    /* standard output was closed by its reader */
} IpmErrorCode;

typedef enum {
  IPM_SEVERITY_WARNING,
  IPM_SEVERITY_ERROR,
} IpmSeverity;

/* One input line as the reader delivered it (warning splices removed). */
typedef struct {
  const char *file;   /* display name; interned, never freed */
  guint lineno;       /* 1-based */
  const char *text;   /* without the trailing newline; LEN bytes, not
                         NUL-terminated (see ipm_input_next) */
  gsize len;
  gboolean plain;     /* ipm_input_next found only ASCII, no NUL and no
                         '#' (FALSE: not known; the parser then looks) */
  gboolean stable;    /* TEXT is in the reader's storage (ipm_input_retain)
                         and text[len] is its newline */
} IpmLine;

typedef struct {
  IpmSeverity severity;
  const char *file;
  guint lineno;
  guint col;          /* 1-based byte column; 0 when the whole line is meant */
  char *message;
  char *line_text;    /* the offending line, or NULL */
  const char *kind;   /* what kind of finding (--check --format's "kind"
                         and SARIF ruleId, see check.h), static; NULL:
                         not classified */
} IpmDiag;

typedef struct {
  GPtrArray *items;   /* IpmDiag* */
  guint n_errors;
  guint n_warnings;
  gboolean strict;    /* warnings count as errors */
} IpmDiags;

IpmDiags *ipm_diags_new (void);
void ipm_diags_free (IpmDiags *diags);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IpmDiags, ipm_diags_free)

/* Records a finding on LINE at byte column COL (1-based, 0 = whole line). */
void ipm_diags_add (IpmDiags *diags, IpmSeverity severity, const IpmLine *line,
                    guint col, const char *format, ...) G_GNUC_PRINTF (5, 6);
#define ipm_diags_error(d, l, c, ...) \
  ipm_diags_add ((d), IPM_SEVERITY_ERROR, (l), (c), __VA_ARGS__)
#define ipm_diags_warning(d, l, c, ...) \
  ipm_diags_add ((d), IPM_SEVERITY_WARNING, (l), (c), __VA_ARGS__)

/* Records a finding with a location but no line text (e.g. end of file). */
void ipm_diags_add_at (IpmDiags *diags, IpmSeverity severity, const char *file,
                       guint lineno, guint col, const char *format, ...)
  G_GNUC_PRINTF (6, 7);

gboolean ipm_diags_has_errors (const IpmDiags *diags);

/* Sets the kind of the findings from index FROM on that have none. */
void ipm_diags_set_kind (IpmDiags *diags, guint from, const char *kind);

/* Appends FROM's findings to TO, leaving FROM empty. */
void ipm_diags_move (IpmDiags *to, IpmDiags *from);

/* Sets ERROR to IPM_ERROR_INVALID summarizing DIAGS if it has errors. */
gboolean ipm_diags_to_error (const IpmDiags *diags, GError **error);

/* Writes every record as "FILE:LINE:COL: error: message", the line, a caret.
 * QUIET drops warnings; COLOR adds SGR escapes. */
void ipm_diags_print (const IpmDiags *diags, FILE *out, gboolean quiet,
                      gboolean color);

/* Interns a file name for the lifetime of the program. */
const char *ipm_diag_intern_file (const char *name);

#endif

/* diag: diagnostics with source locations. */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "diag.h"

G_DEFINE_QUARK (ipmerge-error-quark, ipm_error)

static void
ipm_diag_free (gpointer data)
{
  IpmDiag *d = data;

  g_free (d->message);
  g_free (d->line_text);
  g_free (d);
}

IpmDiags *
ipm_diags_new (void)
{
  IpmDiags *diags = g_new0 (IpmDiags, 1);

  diags->items = g_ptr_array_new_with_free_func (ipm_diag_free);
  return diags;
}

void
ipm_diags_free (IpmDiags *diags)
{
  if (diags == NULL)
    return;
  g_ptr_array_unref (diags->items);
  g_free (diags);
}

static void
ipm_diags_addv (IpmDiags *diags, IpmSeverity severity, const char *file,
                guint lineno, guint col, const char *line_text, gsize line_len,
                const char *format, va_list ap)
{
  IpmDiag *d = g_new0 (IpmDiag, 1);

  d->severity = severity;
  d->file = file;
  d->lineno = lineno;
  d->col = col;
  d->message = g_strdup_vprintf (format, ap);
  if (line_text != NULL && line_len > 0)
    {
      /* keep the line printable as a C string: NUL shows as '?' */
      d->line_text = g_malloc (line_len + 1);
      for (gsize i = 0; i < line_len; i++)
        d->line_text[i] = line_text[i] != '\0' ? line_text[i] : '?';
      d->line_text[line_len] = '\0';
    }
  g_ptr_array_add (diags->items, d);
  if (severity == IPM_SEVERITY_ERROR)
    diags->n_errors++;
  else
    diags->n_warnings++;
}

void
ipm_diags_add (IpmDiags *diags, IpmSeverity severity, const IpmLine *line,
               guint col, const char *format, ...)
{
  va_list ap;

  va_start (ap, format);
  ipm_diags_addv (diags, severity, line->file, line->lineno, col, line->text,
                  line->len, format, ap);
  va_end (ap);
}

void
ipm_diags_add_at (IpmDiags *diags, IpmSeverity severity, const char *file,
                  guint lineno, guint col, const char *format, ...)
{
  va_list ap;

  va_start (ap, format);
  ipm_diags_addv (diags, severity, file, lineno, col, NULL, 0, format, ap);
  va_end (ap);
}

void
ipm_diags_set_kind (IpmDiags *diags, guint from, const char *kind)
{
  for (guint i = from; i < diags->items->len; i++)
    {
      IpmDiag *d = g_ptr_array_index (diags->items, i);

      if (d->kind == NULL)
        d->kind = kind;
    }
}

void
ipm_diags_move (IpmDiags *to, IpmDiags *from)
{
  for (guint i = 0; i < from->items->len; i++)
    g_ptr_array_add (to->items, g_ptr_array_index (from->items, i));
  g_ptr_array_set_free_func (from->items, NULL);
  g_ptr_array_set_size (from->items, 0);
  g_ptr_array_set_free_func (from->items, ipm_diag_free);
  to->n_errors += from->n_errors;
  to->n_warnings += from->n_warnings;
  from->n_errors = from->n_warnings = 0;
}

gboolean
ipm_diags_has_errors (const IpmDiags *diags)
{
  return diags->n_errors > 0 || (diags->strict && diags->n_warnings > 0);
}

gboolean
ipm_diags_to_error (const IpmDiags *diags, GError **error)
{
  if (!ipm_diags_has_errors (diags))
    return TRUE;
  if (diags->n_errors > 0)
    g_set_error (error, IPM_ERROR, IPM_ERROR_INVALID,
                 "%u error%s in the input; nothing was written",
                 diags->n_errors, diags->n_errors == 1 ? "" : "s");
  else
    g_set_error (error, IPM_ERROR, IPM_ERROR_INVALID,
                 "%u warning%s treated as errors (--strict); nothing was written",
                 diags->n_warnings, diags->n_warnings == 1 ? "" : "s");
  return FALSE;
}

/* Long or binary lines are shown clipped and escaped: the caret must stay
 * under the right byte and the terminal must not receive control bytes. */
static void
ipm_diag_print_line (FILE *out, const IpmDiag *d)
{
  const gsize max_shown = 200;
  gsize len = strlen (d->line_text);
  gsize start = 0;
  gsize i;
  guint caret = 0;

  guint col = MAX (d->col, 1);

  if (col > max_shown)
    start = col - max_shown / 2;
  fputs ("  ", out);
  if (start > 0)
    fputs ("...", out);
  for (i = start; i < len && i < start + max_shown; i++)
    {
      unsigned char c = d->line_text[i];

      if (c == '\t')
        fputc (' ', out);
      else if (c < 0x20 || c == 0x7f)
        fputc ('?', out);
      else
        fputc (c, out);
    }
  if (i < len)
    fputs ("...", out);
  fputc ('\n', out);
  caret = col - 1 - start + (start > 0 ? 3 : 0);
  fputs ("  ", out);
  for (guint k = 0; k < caret; k++)
    fputc (' ', out);
  fputs ("^\n", out);
}

void
ipm_diags_print (const IpmDiags *diags, FILE *out, gboolean quiet,
                 gboolean color)
{
  for (guint i = 0; i < diags->items->len; i++)
    {
      const IpmDiag *d = g_ptr_array_index (diags->items, i);
      gboolean is_error = d->severity == IPM_SEVERITY_ERROR;
      const char *word = is_error ? "error" : "warning";

      if (quiet && !is_error)
        continue;
      if (color)
        fprintf (out, "\033[1m");
      /* FILE:LINE:COL, also for findings at the end of the input; line 0
       * is a finding about a whole file (it cannot be read), whose message
       * names the file */
      if (d->lineno == 0)
        fprintf (out, "ipmerge:");
      else
        fprintf (out, "ipmerge: %s:%u:%u:", d->file, d->lineno,
                 MAX (d->col, 1));
      if (color)
        fprintf (out, " \033[%sm%s:\033[0m\033[1m %s\033[0m\n",
                 is_error ? "1;31" : "1;35", word, d->message);
      else
        fprintf (out, " %s: %s\n", word, d->message);
      if (d->line_text != NULL)
        ipm_diag_print_line (out, d);
    }
}

const char *
ipm_diag_intern_file (const char *name)
{
  return g_intern_string (name);
}

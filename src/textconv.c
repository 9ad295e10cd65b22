/* textconv: a rules file as git should compare it; never refuses one. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "apply.h"
#include "print.h"
#include "textconv.h"

/* The whole of PATH, or standard input: a file that is refused is printed
 * back as it was, and standard input cannot be read twice. */
static GBytes *
ipm_textconv_read (const char *path, GError **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  gboolean is_stdin = strcmp (path, "-") == 0;
  FILE *fp = is_stdin ? stdin : fopen (path, "r");
  struct stat st;
  guint8 buf[64 * 1024];
  size_t n;
  int saved;

  if (fp == NULL)
    {
      saved = errno;
      g_set_error (error, IPM_ERROR, IPM_ERROR_IO, "%s: cannot open: %s",
                   path, g_strerror (saved));
      return NULL;
    }
  if (!is_stdin && fstat (fileno (fp), &st) == 0 && S_ISDIR (st.st_mode))
    {
      fclose (fp);
      g_set_error (error, IPM_ERROR, IPM_ERROR_IO,
                   "%s: is a directory, not a rules file", path);
      return NULL;
    }
  errno = 0;
  while ((n = fread (buf, 1, sizeof buf, fp)) > 0)
    g_byte_array_append (bytes, buf, n);
  saved = errno;
  if (ferror (fp))
    {
      if (!is_stdin)
        fclose (fp);
      g_set_error (error, IPM_ERROR, IPM_ERROR_IO, "%s: read error: %s",
                   is_stdin ? "<stdin>" : path,
                   g_strerror (saved ? saved : EIO));
      return NULL;
    }
  if (!is_stdin)
    fclose (fp);
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

/* The finding that refused the file: its first error, else (--strict) its
 * first warning. */
static const IpmDiag *
ipm_textconv_first_problem (const IpmDiags *diags)
{
  const IpmDiag *warning = NULL;

  for (guint i = 0; i < diags->items->len; i++)
    {
      const IpmDiag *d = g_ptr_array_index (diags->items, i);

      if (d->severity == IPM_SEVERITY_ERROR)
        return d;
      if (warning == NULL)
        warning = d;
    }
  return warning;
}

gboolean
ipm_textconv (GString *out, const char *path, const IpmParseOptions *options,
              gboolean strict, GError **error)
{
  g_autoptr(GBytes) bytes = ipm_textconv_read (path, error);
  g_autoptr(IpmDiags) diags = ipm_diags_new ();
  g_autoptr(IpmScript) script = NULL;
  g_autoptr(IpmRuleset) rs = NULL;
  g_autoptr(GError) refused = NULL;
  g_autofree char *base = NULL;
  g_autofree char *message = NULL;
  const IpmDiag *problem;
  const char *data;
  gsize len;

  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &len);
  /* git names its copy TMPDIR/git-blob-XXXXXX/NAME: the folders change
   * from run to run, NAME does not (the line stays out of the diff) */
  base = strcmp (path, "-") == 0 ? g_strdup ("<stdin>")
                                 : g_path_get_basename (path);
  diags->strict = strict;
  script = ipm_parse_data (base, data, len, options, diags, &refused);
  if (script != NULL && !script->only_dump_lines)
    {
      /* read again keeping every command as written: the built parse
       * declares the built-in chains an overlay does not name */
      IpmParseOptions as_written = *options;
      g_autoptr(IpmDiags) again = ipm_diags_new ();

      as_written.build_ruleset = as_written.spans = FALSE;
      again->strict = strict;
      g_clear_pointer (&script, ipm_script_free);
      script = ipm_parse_data (base, data, len, &as_written, again, NULL);
      if (script != NULL)
        {
          ipm_print_script (out, script);
          return TRUE;
        }
    }
  if (script != NULL)
    rs = ipm_apply_script_take (g_steal_pointer (&script), diags, &refused);
  if (rs != NULL && !ipm_diags_has_errors (diags))
    {
      IpmPrintOptions print = { .zero_counters = TRUE };

      return ipm_print_ruleset (out, rs, &print);
    }
  problem = ipm_textconv_first_problem (diags);
  if (problem != NULL)
    message = problem->lineno > 0
      ? g_strdup_printf ("%s:%u: %s", problem->file, problem->lineno,
                         problem->message)
      : g_strdup_printf ("%s: %s", problem->file, problem->message);
  else
    message = g_strdup_printf ("%s: %s", base,
                               refused != NULL ? refused->message : "refused");
  /* one line, whatever the message holds */
  g_strdelimit (message, "\r\n", ' ');
  g_string_append_printf (out, "# ipmerge: %s\n", message);
  g_string_append_len (out, data, len);
  return TRUE;
}

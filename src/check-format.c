/* check-format: the --check report as JSON or SARIF 2.1.0 (see check.h;
 * the JSON schema is documented in ipmerge(1), CHECK REPORTS). */
#include "config.h"

#include <string.h>

#include "check.h"
#include "diff.h"

/* Version of the JSON report's schema: raised when a field changes
 * meaning or goes away (new fields keep it). */
#define IPM_CHECK_JSON_VERSION 1

gboolean
ipm_check_format_parse (const char *name, IpmCheckFormat *format,
                        GError **error)
{
  if (name == NULL || strcmp (name, "text") == 0)
    *format = IPM_CHECK_FORMAT_TEXT;
  else if (strcmp (name, "json") == 0)
    *format = IPM_CHECK_FORMAT_JSON;
  else if (strcmp (name, "sarif") == 0)
    *format = IPM_CHECK_FORMAT_SARIF;
  else
    {
      g_set_error (error, IPM_ERROR, IPM_ERROR_USAGE,
                   "--check --format takes 'text', 'json' or 'sarif', not "
                   "'%s'", name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
ipm_check_format_shown (const IpmDiag *d, gboolean quiet)
{
  return !quiet || d->severity == IPM_SEVERITY_ERROR;
}

static void
ipm_check_format_json (GString *out, const IpmDiags *diags,
                       const IpmCheckOptions *options, gboolean quiet)
{
  gboolean first = TRUE;

  g_string_append_printf (out, "{\n  \"version\": %d,\n  \"tool\": "
                          "{\"name\": \"ipmerge\", \"version\": ",
                          IPM_CHECK_JSON_VERSION);
  ipm_diff_json_string (out, PACKAGE_VERSION);
  g_string_append (out, "},\n  \"host\": ");
  ipm_diff_json_string_or_null (out, options->host);
  g_string_append_printf (out, ",\n  \"errors\": %u,\n  \"warnings\": %u,\n"
                          "  \"findings\": [", diags->n_errors,
                          diags->n_warnings);
  for (guint i = 0; i < diags->items->len; i++)
    {
      const IpmDiag *d = g_ptr_array_index (diags->items, i);
      gboolean located = d->lineno > 0;

      if (!ipm_check_format_shown (d, quiet))
        continue;
      g_string_append (out, first ? "\n    {" : ",\n    {");
      first = FALSE;
      g_string_append (out, "\"file\": ");
      ipm_diff_json_string_or_null (out, located ? d->file : NULL);
      if (located)
        g_string_append_printf (out, ", \"line\": %u", d->lineno);
      else
        g_string_append (out, ", \"line\": null");
      if (located && d->col > 0)
        g_string_append_printf (out, ", \"column\": %u", d->col);
      else
        g_string_append (out, ", \"column\": null");
      g_string_append_printf (out, ", \"severity\": \"%s\", \"kind\": \"%s\", "
                              "\"message\": ",
                              d->severity == IPM_SEVERITY_ERROR
                              ? "error" : "warning", ipm_check_kind_of (d));
      ipm_diff_json_string (out, d->message);
      g_string_append (out, ", \"source\": ");
      ipm_diff_json_string_or_null (out, d->line_text);
      g_string_append_c (out, '}');
    }
  g_string_append (out, first ? "]\n}\n" : "\n  ]\n}\n");
}

/* A file name as a SARIF artifact URI: a relative reference for a
 * relative path (code scanning resolves it against the checkout), a
 * file: URI for an absolute one. */
static char *
ipm_check_format_uri (const char *file)
{
  if (g_path_is_absolute (file))
    {
      char *uri = g_filename_to_uri (file, NULL, NULL);

      if (uri != NULL)
        return uri;
    }
  while (strncmp (file, "./", 2) == 0)
    file += 2;
  return g_uri_escape_string (file, G_URI_RESERVED_CHARS_ALLOWED_IN_PATH,
                              FALSE);
}

/* D's column in Unicode code points (SARIF's columnKind below), from its
 * byte column. */
static guint
ipm_check_format_code_point_col (const IpmDiag *d)
{
  const char *end;

  if (d->line_text == NULL || d->col <= 1
      || d->col - 1 > strlen (d->line_text)
      || !g_utf8_validate (d->line_text, d->col - 1, &end))
    return d->col;
  return (guint) g_utf8_strlen (d->line_text, d->col - 1) + 1;
}

static void
ipm_check_format_sarif (GString *out, const IpmDiags *diags, gboolean quiet)
{
  guint n_kinds;
  const IpmCheckKind *kinds = ipm_check_kinds (&n_kinds);
  gboolean first = TRUE;

  g_string_append (out, "{\n  \"$schema\": \"https://json.schemastore.org/"
                   "sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n"
                   "  \"runs\": [\n    {\n      \"tool\": {\n"
                   "        \"driver\": {\n          \"name\": \"ipmerge\",\n"
                   "          \"version\": ");
  ipm_diff_json_string (out, PACKAGE_VERSION);
  g_string_append (out, ",\n          \"rules\": [");
  for (guint k = 0; k < n_kinds; k++)
    {
      gboolean error_kind = strstr (kinds[k].id, "error") != NULL;

      g_string_append_printf (out, "%s\n            {\"id\": \"%s\", "
                              "\"shortDescription\": {\"text\": ",
                              k > 0 ? "," : "", kinds[k].id);
      ipm_diff_json_string (out, kinds[k].summary);
      g_string_append_printf (out, "}, \"defaultConfiguration\": "
                              "{\"level\": \"%s\"}}",
                              error_kind ? "error" : "warning");
    }
  g_string_append (out, "\n          ]\n        }\n      },\n"
                   "      \"columnKind\": \"unicodeCodePoints\",\n"
                   "      \"results\": [");
  for (guint i = 0; i < diags->items->len; i++)
    {
      const IpmDiag *d = g_ptr_array_index (diags->items, i);
      const char *kind = ipm_check_kind_of (d);
      guint rule_index = 0;

      if (!ipm_check_format_shown (d, quiet))
        continue;
      for (guint k = 0; k < n_kinds; k++)
        if (strcmp (kinds[k].id, kind) == 0)
          rule_index = k;
      g_string_append_printf (out, "%s\n        {\"ruleId\": \"%s\", "
                              "\"ruleIndex\": %u, \"level\": \"%s\", "
                              "\"message\": {\"text\": ", first ? "" : ",",
                              kind, rule_index,
                              d->severity == IPM_SEVERITY_ERROR
                              ? "error" : "warning");
      first = FALSE;
      ipm_diff_json_string (out, d->message);
      g_string_append_c (out, '}');
      /* standard input is no artifact code scanning could show */
      if (d->lineno > 0 && d->file != NULL && d->file[0] != '\0'
          && strcmp (d->file, "<stdin>") != 0)
        {
          g_autofree char *uri = ipm_check_format_uri (d->file);

          g_string_append (out, ", \"locations\": [{\"physicalLocation\": "
                           "{\"artifactLocation\": {\"uri\": ");
          ipm_diff_json_string (out, uri);
          g_string_append_printf (out, "}, \"region\": {\"startLine\": %u",
                                  d->lineno);
          if (d->col > 0)
            g_string_append_printf (out, ", \"startColumn\": %u",
                                    ipm_check_format_code_point_col (d));
          if (d->line_text != NULL)
            {
              g_string_append (out, ", \"snippet\": {\"text\": ");
              ipm_diff_json_string (out, d->line_text);
              g_string_append_c (out, '}');
            }
          g_string_append (out, "}}}]");
        }
      g_string_append_c (out, '}');
    }
  g_string_append (out, first ? "]\n    }\n  ]\n}\n"
                              : "\n      ]\n    }\n  ]\n}\n");
}

void
ipm_check_format (GString *out, const IpmDiags *diags,
                  const IpmCheckOptions *options, IpmCheckFormat format,
                  gboolean quiet)
{
  if (format == IPM_CHECK_FORMAT_JSON)
    ipm_check_format_json (out, diags, options, quiet);
  else if (format == IPM_CHECK_FORMAT_SARIF)
    ipm_check_format_sarif (out, diags, quiet);
}

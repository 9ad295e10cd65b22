/* Shared by the fuzz harnesses: each defines LLVMFuzzerTestOneInput; built
 * with clang -fsanitize=fuzzer for fuzzing (run-fuzzer.sh) and with
 * replay.c's main() for make check, which replays the seed corpus. */
#ifndef IPM_FUZZ_H
#define IPM_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "apply.h"
#include "diag.h"
#include "input.h"
#include "parse.h"
#include "print.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Parses DATA[0..LEN) as a dump; NULL when ipmerge would refuse it.
 * BUILD applies ':' and '-A' lines while parsing, as main() does for
 * dumps; without it every line goes through the command list. */
/* Parses DATA[0..LEN) as a dump; NULL when ipmerge would refuse it.
 * BUILD applies ':' and '-A' lines while parsing, as main() does for
 * dumps; without it every line goes through the command list.  SPANS:
 * IpmParseOptions.spans.  DIAGS_OUT, when not NULL, gets every
 * diagnostic as "LINE:COL: message" lines. */
static inline IpmRuleset *
ipm_fuzz_ruleset_full (const char *name, const char *data, size_t len,
                       gboolean allow_empty, gboolean build, gboolean spans,
                       IpmScript **script_out, char **diags_out)
{
  g_autoptr(IpmDiags) diags = ipm_diags_new ();
  g_autoptr(IpmInput) input = ipm_input_new_from_data (name, data, len);
  IpmParseOptions options = {
    .family = IPM_FAMILY_IPV4, .allow_empty = allow_empty, .build_ruleset = build,
    .spans = spans,
    /* any bytes reach the value parsers */
    .allow_invalid_utf8 = TRUE,
  };
  g_autoptr(IpmScript) script = ipm_parse (input, &options, diags, NULL);
  IpmRuleset *rs = NULL;

  if (script != NULL)
    rs = ipm_apply_script (script, diags, NULL);
  if (rs != NULL && script_out != NULL)
    *script_out = g_steal_pointer (&script);
  if (diags_out != NULL)
    {
      GString *s = g_string_new (NULL);

      for (guint i = 0; i < diags->items->len; i++)
        {
          const IpmDiag *d = g_ptr_array_index (diags->items, i);

          g_string_append_printf (s, "%u:%u: %s\n", d->lineno, d->col,
                                  d->message);
        }
      *diags_out = g_string_free (s, FALSE);
    }
  return rs;
}

static inline IpmRuleset *
ipm_fuzz_ruleset_with (const char *name, const char *data, size_t len,
                       gboolean allow_empty, gboolean build,
                       IpmScript **script_out)
{
  /* spans where main() has them: dumps built while parsing */
  return ipm_fuzz_ruleset_full (name, data, len, allow_empty, build, build,
                                script_out, NULL);
}

static inline IpmRuleset *
ipm_fuzz_ruleset (const char *name, const char *data, size_t len,
                  gboolean allow_empty, IpmScript **script_out)
{
  return ipm_fuzz_ruleset_with (name, data, len, allow_empty, TRUE, script_out);
}

static inline gboolean
ipm_fuzz_collect_flush (GString *out, gpointer data)
{
  g_string_append_len (data, out->str, out->len);
  g_string_truncate (out, 0);
  return TRUE;
}

static inline gboolean
ipm_fuzz_collect_write (const char *text, gsize len, gpointer data)
{
  g_string_append_len (data, text, len);
  return TRUE;
}

/* RS printed into one string; printed again as main() prints to standard
 * output (blocks, spans written straight), which must give the same. */
static inline char *
ipm_fuzz_print_with (const IpmRuleset *rs, gboolean zero_counters)
{
  IpmPrintOptions print = { .zero_counters = zero_counters };
  g_autoptr(GString) streamed = g_string_new (NULL);
  g_autoptr(GString) rest = g_string_new (NULL);
  IpmPrintOptions stream = {
    .zero_counters = zero_counters, .flush = ipm_fuzz_collect_flush,
    .write = ipm_fuzz_collect_write, .flush_data = streamed,
  };
  GString *out = g_string_new (NULL);

  ipm_print_ruleset (out, rs, &print);
  if (!ipm_print_ruleset (rest, rs, &stream))
    abort ();
  g_string_append_len (streamed, rest->str, rest->len);
  if (!g_string_equal (streamed, out))
    abort ();   /* streamed printing differs */
  return g_string_free (out, FALSE);
}

static inline char *
ipm_fuzz_print (const IpmRuleset *rs)
{
  return ipm_fuzz_print_with (rs, FALSE);
}

static inline char *
ipm_fuzz_print_zeroed (const IpmRuleset *rs)
{
  return ipm_fuzz_print_with (rs, TRUE);
}

/* Splits DATA at the first "\n%%\n" into two inputs (host and layer, or
 * old and new). */
static inline void
ipm_fuzz_split (const uint8_t *data, size_t size, const char **a, size_t *alen,
                const char **b, size_t *blen)
{
  const char *sep = memmem (data, size, "\n%%\n", 4);

  *a = (const char *) data;
  if (sep == NULL)
    {
      *alen = size;
      *b = "";
      *blen = 0;
      return;
    }
  *alen = sep - (const char *) data + 1;
  *b = sep + 4;
  *blen = size - (*alen + 3);
}

#endif

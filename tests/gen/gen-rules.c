/* gen-rules: generated rulesets on stdout, deterministic by seed (see gen.h).
 *   gen-rules [-6] [--canon] KIND ...
 *     -6       IPv6: the corpus' family-6 rows, IPv6 addresses
 *     --canon  the rows of the tests/canon files too
 *   gen-rules host SEED N               a dump of about N rules
 *   gen-rules reference SEED HOST       a reference layer for HOST
 *   gen-rules overlay SEED HOST [REF]   a policy overlay for HOST
 *   gen-rules mutate SEED DUMP          DUMP with one change
 * HOST and REF must be canonical (ipmerge --canonical) for overlay.  The rule
 * pool is $top_srcdir/tests/corpus/expected.tsv. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

static char *
gen_read (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, &error))
    {
      fprintf (stderr, "gen-rules: %s\n", error->message);
      exit (2);
    }
  return text;
}

int
main (int argc, char **argv)
{
  const char *top = g_getenv ("top_srcdir");
  g_autofree char *corpus = g_build_filename (top != NULL ? top : ".", "tests",
                                              "corpus", "expected.tsv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(IpmGenPool) pool = NULL;
  g_autoptr(GRand) rand = NULL;
  g_autofree char *out = NULL;
  g_autofree char *canon = NULL;
  int family = 4;

  while (argc > 1 && argv[1][0] == '-')
    {
      if (strcmp (argv[1], "-6") == 0)
        family = 6;
      else if (strcmp (argv[1], "-4") == 0)
        family = 4;
      else if (strcmp (argv[1], "--canon") == 0)
        canon = g_build_filename (top != NULL ? top : ".", "tests", "canon", NULL);
      else
        break;
      argv++;
      argc--;
    }
  if (argc < 4)
    {
      fprintf (stderr, "usage: gen-rules [-6] [--canon] host SEED N | reference SEED HOST | "
               "overlay SEED HOST [REF] | mutate SEED DUMP\n");
      return 2;
    }
  pool = ipm_gen_pool_load_family (corpus, canon, family, &error);
  if (pool == NULL)
    {
      fprintf (stderr, "gen-rules: %s (set top_srcdir)\n", error->message);
      return 2;
    }
  rand = g_rand_new_with_seed ((guint32) strtoul (argv[2], NULL, 10));
  if (strcmp (argv[1], "host") == 0)
    out = ipm_gen_host (rand, pool, (guint) strtoul (argv[3], NULL, 10));
  else if (strcmp (argv[1], "reference") == 0)
    {
      g_autofree char *host = gen_read (argv[3]);
      out = ipm_gen_reference (rand, pool, host);
    }
  else if (strcmp (argv[1], "overlay") == 0)
    {
      g_autofree char *host = gen_read (argv[3]);
      g_autofree char *ref = argc > 4 ? gen_read (argv[4]) : NULL;
      out = ipm_gen_overlay (rand, pool, host, ref);
    }
  else if (strcmp (argv[1], "mutate") == 0)
    {
      g_autofree char *dump = gen_read (argv[3]);
      const char *what = NULL;
      out = ipm_gen_mutate (rand, dump, &what);
      fprintf (stderr, "gen-rules: mutation: %s\n", what);
    }
  else
    {
      fprintf (stderr, "gen-rules: unknown kind '%s'\n", argv[1]);
      return 2;
    }
  fputs (out, stdout);
  return fflush (stdout) == 0 && !ferror (stdout) ? 0 : 2;
}

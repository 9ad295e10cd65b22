/* Replays files through a fuzz harness without libFuzzer: make check runs
 * the seed corpus this way, so regressions show without fuzzing.
 * Usage: replay FILE|DIR...   Exit 0, or the harness aborts. */
#include "config.h"

#include <stdio.h>
#include <glib.h>

#include "fuzz.h"

static int
ipm_replay_file (const char *path)
{
  g_autofree char *data = NULL;
  gsize len;
  g_autoptr(GError) error = NULL;

  if (!g_file_get_contents (path, &data, &len, &error))
    {
      fprintf (stderr, "replay: %s\n", error->message);
      return 1;
    }
  LLVMFuzzerTestOneInput ((const uint8_t *) data, len);
  return 0;
}

int
main (int argc, char **argv)
{
  guint n = 0;

  for (int i = 1; i < argc; i++)
    {
      if (g_file_test (argv[i], G_FILE_TEST_IS_DIR))
        {
          g_autoptr(GDir) dir = g_dir_open (argv[i], 0, NULL);
          const char *name;

          while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
            {
              g_autofree char *path = g_build_filename (argv[i], name, NULL);

              if (ipm_replay_file (path) != 0)
                return 99;
              n++;
            }
        }
      else
        {
          if (ipm_replay_file (argv[i]) != 0)
            return 99;
          n++;
        }
    }
  printf ("%s: %u inputs replayed\n", argv[0], n);
  return n > 0 ? 0 : 99;
}

/* measure: runs a command with stdin/stdout redirected, prints
 * "SECONDS PEAK_RSS_KB EXIT" (wall clock, the child's peak RSS).
 * Usage: measure IN OUT CMD [ARG...]   (IN/OUT are paths; "-" = inherit) */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int
main (int argc, char **argv)
{
  struct timespec t0, t1;
  struct rusage ru;
  int status;
  pid_t pid;

  if (argc < 4)
    {
      fprintf (stderr, "usage: measure IN OUT CMD [ARG...]\n");
      return 2;
    }
  clock_gettime (CLOCK_MONOTONIC, &t0);
  pid = fork ();
  if (pid < 0)
    {
      perror ("fork");
      return 2;
    }
  if (pid == 0)
    {
      if (strcmp (argv[1], "-") != 0)
        {
          int fd = open (argv[1], O_RDONLY);
          if (fd < 0 || dup2 (fd, 0) < 0)
            _exit (127);
          close (fd);
        }
      if (strcmp (argv[2], "-") != 0)
        {
          int fd = open (argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
          if (fd < 0 || dup2 (fd, 1) < 0)
            _exit (127);
          close (fd);
        }
      execvp (argv[3], argv + 3);
      _exit (127);
    }
  if (wait4 (pid, &status, 0, &ru) < 0)
    {
      perror ("wait4");
      return 2;
    }
  clock_gettime (CLOCK_MONOTONIC, &t1);
  printf ("%.4f %ld %d\n",
          (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9,
          ru.ru_maxrss, WIFEXITED (status) ? WEXITSTATUS (status) : 128);
  return 0;
}

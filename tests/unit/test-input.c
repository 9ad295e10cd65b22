/* Suite for src/input.c */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "input.h"
#include "suites.h"

#define W "# Warning: iptables-legacy tables present, use iptables-legacy-save to see them"

static GPtrArray *
ipm_read_all (const char *data, GArray *linenos)
{
  g_autoptr(IpmInput) input = ipm_input_new_from_data ("t", data, strlen (data));
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  IpmLine line;

  while (ipm_input_next (input, &line, NULL))
    {
      g_ptr_array_add (lines, g_strndup (line.text, line.len));
      if (linenos != NULL)
        g_array_append_val (linenos, line.lineno);
    }
  return lines;
}

static void
test_lines_and_numbers (void)
{
  g_autoptr(GArray) nos = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) lines = ipm_read_all ("a\n\nb", nos);

  CU_ASSERT_EQUAL (lines->len, 3);
  CU_ASSERT_STRING_EQUAL (g_ptr_array_index (lines, 2), "b");
  CU_ASSERT_EQUAL (g_array_index (nos, guint, 2), 3);
}

static void
test_warning_alone_removed (void)
{
  g_autoptr(GPtrArray) lines = ipm_read_all ("*filter\n" W "\nCOMMIT\n", NULL);

  CU_ASSERT_EQUAL (lines->len, 2);
  CU_ASSERT_STRING_EQUAL (g_ptr_array_index (lines, 1), "COMMIT");
}

static void
test_warning_spliced_mid_line (void)
{
  g_autoptr(GArray) nos = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) lines =
    ipm_read_all ("x\n-A INPUT -p tcp" W "\n -m tcp --dport 22 -j ACCEPT\nCOMMIT\n", nos);

  CU_ASSERT_EQUAL (lines->len, 3);
  CU_ASSERT_STRING_EQUAL (g_ptr_array_index (lines, 1),
                          "-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT");
  CU_ASSERT_EQUAL (g_array_index (nos, guint, 1), 2);
  CU_ASSERT_EQUAL (g_array_index (nos, guint, 2), 4);
}

static void
test_long_line (void)
{
  g_autoptr(GString) big = g_string_new (NULL);
  g_autoptr(GPtrArray) lines = NULL;

  for (int i = 0; i < 200000; i++)
    g_string_append_c (big, 'a' + i % 26);
  g_string_append (big, "\nz\n");
  lines = ipm_read_all (big->str, NULL);
  CU_ASSERT_EQUAL (lines->len, 2);
  CU_ASSERT_EQUAL (strlen (g_ptr_array_index (lines, 0)), 200000);
}

static void
test_open_directory_fails (void)
{
  g_autoptr(GError) error = NULL;
  IpmInput *input = ipm_input_open ("/", &error);

  CU_ASSERT_PTR_NULL (input);
  CU_ASSERT_PTR_NOT_NULL (error);
}

/* IpmLine.plain: only ASCII without NUL or '#', whatever the line's length
 * (the check goes sixteen bytes at a time, then byte by byte). */
static void
test_plain_lines (void)
{
  static const char odd[] = { '#', '\0', (char) 0xc3 };

  for (gsize len = 0; len <= 40; len++)
    for (gsize at = 0; at <= len; at++)
      for (guint k = 0; k <= G_N_ELEMENTS (odd); k++)
        {
          g_autoptr(GString) data = g_string_new (NULL);
          g_autoptr(IpmInput) input = NULL;
          IpmLine line;

          if (k < G_N_ELEMENTS (odd) && at == len)
            continue;
          for (gsize i = 0; i < len; i++)
            g_string_append_c (data, 'a' + i % 26);
          if (k < G_N_ELEMENTS (odd))
            data->str[at] = odd[k];
          g_string_append_c (data, '\n');
          input = ipm_input_new_from_data ("t", data->str, data->len);
          CU_ASSERT_TRUE_FATAL (ipm_input_next (input, &line, NULL));
          CU_ASSERT_EQUAL (line.len, len);
          CU_ASSERT_EQUAL (line.plain, k == G_N_ELEMENTS (odd));
        }
}

/* TRUE when TEXT[0..LEN] (its newline included) lies in one of STORAGE's
 * GBytes. */
static gboolean
ipm_test_in_storage (const GPtrArray *storage, const char *text, gsize len)
{
  for (guint i = 0; i < storage->len; i++)
    {
      gsize size;
      const char *data = g_bytes_get_data (g_ptr_array_index (storage, i),
                                           &size);

      if (text >= data && text + len + 1 <= data + size)
        return TRUE;
    }
  return FALSE;
}

/* Reads INPUT (retained) to the end and checks every line against LINES
 * (char*): same text, and still there, newline after it, in the storage
 * once all was read. */
static void
ipm_test_read_retained (IpmInput *input, const GPtrArray *lines,
                        gboolean last_unterminated)
{
  g_autoptr(GArray) got = g_array_new (FALSE, FALSE, sizeof (IpmLine));
  g_autoptr(GPtrArray) storage = NULL;
  IpmLine line;

  ipm_input_retain (input);
  while (ipm_input_next (input, &line, NULL))
    g_array_append_val (got, line);
  storage = ipm_input_storage (input);
  CU_ASSERT_EQUAL_FATAL (got->len, lines->len);
  for (guint i = 0; i < got->len; i++)
    {
      const IpmLine *l = &g_array_index (got, IpmLine, i);
      const char *want = g_ptr_array_index (lines, i);
      gboolean last = i + 1 == got->len;

      CU_ASSERT_EQUAL (l->lineno, i + 1);
      CU_ASSERT_EQUAL_FATAL (l->len, strlen (want));
      CU_ASSERT (memcmp (l->text, want, l->len) == 0);
      CU_ASSERT_EQUAL (l->stable, !(last && last_unterminated));
      if (l->stable)
        {
          CU_ASSERT_EQUAL (l->text[l->len], '\n');
          CU_ASSERT (ipm_test_in_storage (storage, l->text, l->len));
        }
    }
}

/* Retained data: one copy, lines in place with their newlines. */
static void
test_retained_data (void)
{
  const char *data = "*filter\n\n-A INPUT -j ACCEPT\nCOMMIT";
  g_autoptr(IpmInput) input = ipm_input_new_from_data ("t", data,
                                                       strlen (data));
  g_autoptr(GPtrArray) lines = g_ptr_array_new ();

  g_ptr_array_add (lines, (char *) "*filter");
  g_ptr_array_add (lines, (char *) "");
  g_ptr_array_add (lines, (char *) "-A INPUT -j ACCEPT");
  g_ptr_array_add (lines, (char *) "COMMIT");
  ipm_test_read_retained (input, lines, TRUE);
}

/* A retained regular file: mapped, lines in place. */
static void
test_retained_file (void)
{
  const char *data = "*nat\n-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE\nCOMMIT\n";
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(IpmInput) input = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new ();
  int fd = g_file_open_tmp ("ipm-input-XXXXXX", &path, &error);

  CU_ASSERT_TRUE_FATAL (fd >= 0);
  close (fd);
  CU_ASSERT_TRUE_FATAL (g_file_set_contents (path, data, -1, &error));
  input = ipm_input_open (path, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL (input);
  g_ptr_array_add (lines, (char *) "*nat");
  g_ptr_array_add (lines, (char *) "-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE");
  g_ptr_array_add (lines, (char *) "COMMIT");
  ipm_test_read_retained (input, lines, FALSE);
  g_unlink (path);
}

typedef struct {
  int fd;
  const GString *data;
} IpmTestWriter;

static gpointer
ipm_test_write_all (gpointer data)
{
  IpmTestWriter *w = data;

  for (gsize at = 0; at < w->data->len;)
    {
      gssize n = write (w->fd, w->data->str + at,
                        MIN (w->data->len - at, 65536));

      if (n <= 0)
        break;
      at += n;
    }
  close (w->fd);
  return NULL;
}

/* A retained stream (a pipe): read into buffers that are kept, lines
 * across a buffer's end moved whole to the next one, a line longer than a
 * buffer, and the storage holding them all. */
static void
test_retained_pipe (void)
{
  g_autoptr(GString) data = g_string_new (NULL);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(IpmInput) input = NULL;
  IpmTestWriter writer;
  GThread *thread;
  int fds[2];

  for (guint i = 0; i < 120000; i++)
    {
      char *line = g_strdup_printf ("-A KUBE-SEP-%u -s 10.%u.%u.%u/32 -j ACCEPT",
                                    i, i % 250, i % 7, i % 13);

      if (i == 70000)
        {
          g_free (line);
          line = g_malloc (5 * 1024 * 1024 + 1);
          memset (line, 'x', 5 * 1024 * 1024);
          line[5 * 1024 * 1024] = '\0';
        }
      g_string_append (data, line);
      g_string_append_c (data, '\n');
      g_ptr_array_add (lines, line);
    }
  CU_ASSERT_EQUAL_FATAL (pipe (fds), 0);
  path = g_strdup_printf ("/proc/self/fd/%d", fds[0]);
  input = ipm_input_open (path, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL (input);
  close (fds[0]);
  writer.fd = fds[1];
  writer.data = data;
  thread = g_thread_new ("writer", ipm_test_write_all, &writer);
  ipm_test_read_retained (input, lines, FALSE);
  g_thread_join (thread);
}

static const CU_TestInfo ipm_input_tests[] = {
  { "lines and numbers", test_lines_and_numbers },
  { "warning line removed", test_warning_alone_removed },
  { "warning spliced mid-line repaired", test_warning_spliced_mid_line },
  { "200 kB line", test_long_line },
  { "plain lines told apart", test_plain_lines },
  { "directory refused", test_open_directory_fails },
  { "retained data: lines in place", test_retained_data },
  { "retained file: mapped", test_retained_file },
  { "retained pipe: buffers kept", test_retained_pipe },
  CU_TEST_INFO_NULL,
};

CU_ErrorCode
ipm_test_add_input (void)
{
  return ipm_test_add_suite ("input", ipm_input_tests);
}

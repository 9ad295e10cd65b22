/* Suite for src/input.c */
#include "config.h"

#include <string.h>

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

static const CU_TestInfo ipm_input_tests[] = {
  { "lines and numbers", test_lines_and_numbers },
  { "warning line removed", test_warning_alone_removed },
  { "warning spliced mid-line repaired", test_warning_spliced_mid_line },
  { "200 kB line", test_long_line },
  { "plain lines told apart", test_plain_lines },
  { "directory refused", test_open_directory_fails },
  CU_TEST_INFO_NULL,
};

CU_ErrorCode
ipm_test_add_input (void)
{
  return ipm_test_add_suite ("input", ipm_input_tests);
}

/* Suite for src/output.c: all-or-nothing file replacement. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "output.h"
#include "suites.h"

static char *
ipm_test_tmpdir (void)
{
  return g_dir_make_tmp ("ipmerge-output-XXXXXX", NULL);
}

static void
test_replace_keeps_mode_and_backup (void)
{
  g_autofree char *dir = ipm_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "iptables", NULL);
  g_autofree char *bak = g_strconcat (path, "~", NULL);
  g_autoptr(GString) data = g_string_new ("*filter\nCOMMIT\n");
  g_autofree char *contents = NULL;
  struct stat st;

  CU_ASSERT_TRUE (g_file_set_contents (path, "old\n", -1, NULL));
  CU_ASSERT_EQUAL (chmod (path, 0600), 0);
  CU_ASSERT_TRUE (ipm_output_file (path, data, TRUE, NULL));
  CU_ASSERT_TRUE (g_file_get_contents (path, &contents, NULL, NULL));
  CU_ASSERT_STRING_EQUAL (contents, "*filter\nCOMMIT\n");
  CU_ASSERT_EQUAL (stat (path, &st), 0);
  CU_ASSERT_EQUAL (st.st_mode & 07777, 0600);
  g_clear_pointer (&contents, g_free);
  CU_ASSERT_TRUE (g_file_get_contents (bak, &contents, NULL, NULL));
  CU_ASSERT_STRING_EQUAL (contents, "old\n");
  g_unlink (bak);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_new_file (void)
{
  g_autofree char *dir = ipm_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "new.rules", NULL);
  g_autoptr(GString) data = g_string_new ("x\n");
  g_autofree char *bak = g_strconcat (path, "~", NULL);

  CU_ASSERT_TRUE (ipm_output_file (path, data, TRUE, NULL));
  CU_ASSERT_TRUE (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  CU_ASSERT_FALSE (g_file_test (bak, G_FILE_TEST_EXISTS));   /* nothing to back up */
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_missing_folder_fails_cleanly (void)
{
  g_autoptr(GString) data = g_string_new ("x\n");
  g_autoptr(GError) error = NULL;

  CU_ASSERT_FALSE (ipm_output_file ("/nonexistent-ipmerge-dir/f", data, FALSE, &error));
  CU_ASSERT_PTR_NOT_NULL (error);
}

static void
test_directory_target_refused (void)
{
  g_autofree char *dir = ipm_test_tmpdir ();
  g_autoptr(GString) data = g_string_new ("x\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = NULL;

  CU_ASSERT_FALSE (ipm_output_file (dir, data, FALSE, &error));
  CU_ASSERT_PTR_NOT_NULL (error);
  /* no temporary file left behind in the parent either */
  listing = g_dir_open (dir, 0, NULL);
  CU_ASSERT_PTR_NULL (g_dir_read_name (listing));
  g_rmdir (dir);
}

static void
test_backup_controls (void)
{
  IpmBackup backup = IPM_BACKUP_NONE;
  g_autoptr(GError) error = NULL;

  CU_ASSERT_TRUE (ipm_output_backup_parse (NULL, &backup, NULL));
  CU_ASSERT_EQUAL (backup, IPM_BACKUP_SIMPLE);
  CU_ASSERT_TRUE (ipm_output_backup_parse ("numbered", &backup, NULL));
  CU_ASSERT_EQUAL (backup, IPM_BACKUP_NUMBERED);
  CU_ASSERT_TRUE (ipm_output_backup_parse ("t", &backup, NULL));
  CU_ASSERT_EQUAL (backup, IPM_BACKUP_NUMBERED);
  CU_ASSERT_TRUE (ipm_output_backup_parse ("nil", &backup, NULL));
  CU_ASSERT_EQUAL (backup, IPM_BACKUP_EXISTING);
  CU_ASSERT_FALSE (ipm_output_backup_parse ("sometimes", &backup, &error));
  CU_ASSERT_PTR_NOT_NULL (error);
}

/* numbered: FILE.~1~, then FILE.~2~; the same content again adds none;
 * FILE~ stays while FILE is the output of the last run */
static void
test_backups_across_runs (void)
{
  g_autofree char *dir = ipm_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "iptables", NULL);
  g_autofree char *one = g_strconcat (path, ".~1~", NULL);
  g_autofree char *two = g_strconcat (path, ".~2~", NULL);
  g_autofree char *three = g_strconcat (path, ".~3~", NULL);
  g_autofree char *bak = g_strconcat (path, "~", NULL);
  g_autoptr(GString) a = g_string_new ("a\n");
  g_autoptr(GString) b = g_string_new ("b\n");
  g_autofree char *contents = NULL;

  CU_ASSERT_TRUE (g_file_set_contents (path, "orig\n", -1, NULL));
  CU_ASSERT_TRUE (ipm_output_file (path, a, IPM_BACKUP_NUMBERED, NULL));
  CU_ASSERT_TRUE (ipm_output_file (path, a, IPM_BACKUP_NUMBERED, NULL));
  CU_ASSERT_TRUE (ipm_output_file (path, b, IPM_BACKUP_NUMBERED, NULL));
  CU_ASSERT_TRUE (g_file_get_contents (one, &contents, NULL, NULL));
  CU_ASSERT_STRING_EQUAL (contents, "orig\n");
  g_clear_pointer (&contents, g_free);
  CU_ASSERT_TRUE (g_file_get_contents (two, &contents, NULL, NULL));
  CU_ASSERT_STRING_EQUAL (contents, "a\n");
  g_clear_pointer (&contents, g_free);
  CU_ASSERT_FALSE (g_file_test (three, G_FILE_TEST_EXISTS));
  CU_ASSERT_FALSE (g_file_test (bak, G_FILE_TEST_EXISTS));

  CU_ASSERT_TRUE (g_file_set_contents (path, "orig\n", -1, NULL));
  CU_ASSERT_TRUE (ipm_output_file (path, a, IPM_BACKUP_SIMPLE, NULL));
  CU_ASSERT_TRUE (ipm_output_file (path, b, IPM_BACKUP_SIMPLE, NULL));
  CU_ASSERT_TRUE (g_file_get_contents (bak, &contents, NULL, NULL));
  /* ipmerge's own output is known by an extended attribute: without
   * them, the output of the first run is backed up as any file */
  if (setxattr (path, "user.ipmerge.probe", "1", 1, 0) == 0)
    CU_ASSERT_STRING_EQUAL (contents, "orig\n");
  g_unlink (one);
  g_unlink (two);
  g_unlink (bak);
  g_unlink (path);
  g_rmdir (dir);
}

static const CU_TestInfo ipm_output_tests[] = {
  { "--backup controls", test_backup_controls },
  { "backups across runs", test_backups_across_runs },
  { "replace keeps mode, --backup keeps old", test_replace_keeps_mode_and_backup },
  { "new file, no backup", test_new_file },
  { "missing folder is an error", test_missing_folder_fails_cleanly },
  { "a directory is not replaced", test_directory_target_refused },
  CU_TEST_INFO_NULL,
};

CU_ErrorCode
ipm_test_add_output (void)
{
  return ipm_test_add_suite ("output", ipm_output_tests);
}

/* gk-documents.c: where the editor offers to save files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "gk-documents.h"

/**
 * gk_documents_dup_folder:
 *
 * The user's Documents folder, rather than the folder the editor happened
 * to start in; the home folder when there is none.
 *
 * Returns: (transfer full): a folder's path
 */
char *
gk_documents_dup_folder (void)
{
  const char *path = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);

  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_DIR))
    path = g_get_home_dir ();
  return g_strdup (path);
}

/**
 * gk_documents_dup_unused_path:
 * @folder: a folder
 * @stem: the file's name without its extension
 * @extension: the extension, without the dot
 *
 * A file name proposed without a file chooser must not be a file that
 * exists: writing there would replace it.
 *
 * Returns: (transfer full): `FOLDER/STEM.EXTENSION`, or `STEM-2.EXTENSION`
 *   and so on when that exists
 */
char *
gk_documents_dup_unused_path (const char *folder,
                              const char *stem,
                              const char *extension)
{
  g_autofree char *name = g_strdup_printf ("%s.%s", stem, extension);
  char *path = g_build_filename (folder, name, NULL);

  for (guint i = 2; g_file_test (path, G_FILE_TEST_EXISTS); i++)
    {
      g_free (name);
      g_free (path);
      name = g_strdup_printf ("%s-%u.%s", stem, i, extension);
      path = g_build_filename (folder, name, NULL);
    }
  return path;
}

/* diff: (stub) */
#include "config.h"

#include "diag.h"
#include "diff.h"

gboolean
ipm_diff (GString *out, const IpmRuleset *old_rs, const IpmRuleset *new_rs,
          const IpmDiffOptions *options, gboolean *different, GError **error)
{
  g_set_error (error, IPM_ERROR, IPM_ERROR_USAGE, "--diff is not implemented yet");
  return FALSE;
}

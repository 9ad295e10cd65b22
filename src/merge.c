/* merge: (stub) */
#include "config.h"

#include "merge.h"

gboolean
ipm_merge (IpmRuleset *host, const GPtrArray *layers,
           const IpmMergeOptions *options, IpmDiags *diags, GError **error)
{
  g_set_error (error, IPM_ERROR, IPM_ERROR_USAGE, "merge is not implemented yet");
  return FALSE;
}

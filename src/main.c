/* main: command line, mode dispatch, exit status.  No logic of its own:
 * every mode is read -> parse -> canonicalize -> (merge | diff | check)
 * -> print, and output is written only after the whole run succeeded. */
#include "config.h"

#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "apply.h"
#include "check.h"
#include "containers.h"
#include "delta.h"
#include "diag.h"
#include "diff.h"
#include "drop.h"
#include "merge.h"
#include "output.h"
#include "parse.h"
#include "plan.h"
#include "print.h"
#include "textconv.h"

/* Exit status, like diff(1). */
enum {
  IPM_EXIT_OK = 0,
  IPM_EXIT_DIFFERENT = 1,     /* --diff: inputs differ; --check: warnings */
  IPM_EXIT_ERROR = 2,
};

typedef struct {
  gboolean canonical;
  gboolean check;
  gboolean textconv;
  gboolean diff;
  gboolean delta;
  gboolean plan;
  gboolean ipv4;
  gboolean ipv6;
  gboolean quiet;
  gboolean verbose;
  gboolean strict;
  gboolean zero_counters;
  gboolean allow_empty_host;
  gboolean skip_containers;
  gboolean allow_invalid_utf8;
  gboolean backup;
  IpmBackup backup_control;   /* --backup=CONTROL, else simple */
  gboolean stat;
  gboolean version;
  char *output;
  char *color;
  char *format;
  char *host;
  gint context;
  char **take;
  char **skip;
  char **rewrite;
  char **ignore_chain;
  char **label;
  char **drop;
  char **args;
} IpmCli;

enum {
  IPM_MODE_MERGE = 1 << 0,
  IPM_MODE_DELTA = 1 << 1,
  IPM_MODE_DIFF = 1 << 2,
  IPM_MODE_CANONICAL = 1 << 3,
  IPM_MODE_CHECK = 1 << 4,
  IPM_MODE_TEXTCONV = 1 << 5,
  IPM_MODE_PLAN = 1 << 6,
  /* the modes that run a merge */
  IPM_MODES_MERGING = IPM_MODE_MERGE | IPM_MODE_DELTA | IPM_MODE_PLAN,
};

static const char *const ipm_mode_names[] = {
  "a merge", "--delta", "--diff", "--canonical", "--check", "--textconv",
  "--plan",
};

/* An option the chosen mode does not use is refused rather than ignored:
 * "--diff --take X" or "--backup" without -o would otherwise look like it
 * did something. */
static gboolean
ipm_cli_check_modes (const IpmCli *cli, GError **error)
{
  const struct {
    const char *name;
    gboolean given;
    guint modes;
  } options[] = {
    /* --check: for the merge of --host (ipm_check_options_valid) */
    { "--take", cli->take != NULL, IPM_MODES_MERGING | IPM_MODE_CHECK },
    { "--skip", cli->skip != NULL, IPM_MODES_MERGING | IPM_MODE_CHECK },
    { "--rewrite", cli->rewrite != NULL, IPM_MODES_MERGING | IPM_MODE_CHECK },
    { "--skip-containers", cli->skip_containers, IPM_MODES_MERGING | IPM_MODE_CHECK },
    { "--allow-empty-host", cli->allow_empty_host, IPM_MODES_MERGING },
    { "-v", cli->verbose, IPM_MODES_MERGING },
    { "--drop", cli->drop != NULL, IPM_MODES_MERGING },
    { "-U", cli->context != G_MININT, IPM_MODE_DIFF },
    { "--stat", cli->stat, IPM_MODE_DIFF },
    { "--format", cli->format != NULL, IPM_MODE_DIFF | IPM_MODE_PLAN | IPM_MODE_CHECK },
    { "--host", cli->host != NULL, IPM_MODE_CHECK },
    { "--ignore-chain", cli->ignore_chain != NULL, IPM_MODE_DIFF },
    { "--label", cli->label != NULL, IPM_MODE_DIFF },
    { "-o", cli->output != NULL, IPM_MODE_MERGE | IPM_MODE_DELTA | IPM_MODE_DIFF | IPM_MODE_CANONICAL },
    { "--zero-counters", cli->zero_counters, IPM_MODE_MERGE | IPM_MODE_CANONICAL },
  };
  guint mode = cli->delta ? IPM_MODE_DELTA : cli->plan ? IPM_MODE_PLAN
    : cli->diff ? IPM_MODE_DIFF
    : cli->canonical ? IPM_MODE_CANONICAL : cli->check ? IPM_MODE_CHECK
    : cli->textconv ? IPM_MODE_TEXTCONV : IPM_MODE_MERGE;

  if (cli->ipv4 && cli->ipv6)
    {
      g_set_error (error, IPM_ERROR, IPM_ERROR_USAGE,
                   "-4 and -6 do not go together");
      return FALSE;
    }
  if (cli->backup && cli->output == NULL)
    {
      g_set_error (error, IPM_ERROR, IPM_ERROR_USAGE,
                   "--backup keeps the old FILE of -o FILE; without -o "
                   "there is nothing to back up");
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    if (options[i].given && (options[i].modes & mode) == 0)
      {
        g_set_error (error, IPM_ERROR, IPM_ERROR_USAGE,
                     "%s does nothing in %s; leave it out", options[i].name,
                     ipm_mode_names[g_bit_nth_lsf (mode, -1)]);
        return FALSE;
      }
  return TRUE;
}

static void
ipm_cli_clear (IpmCli *cli)
{
  g_free (cli->output);
  g_free (cli->color);
  g_free (cli->format);
  g_free (cli->host);
  g_strfreev (cli->take);
  g_strfreev (cli->skip);
  g_strfreev (cli->rewrite);
  g_strfreev (cli->ignore_chain);
  g_strfreev (cli->label);
  g_strfreev (cli->drop);
  g_strfreev (cli->args);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (IpmCli, ipm_cli_clear)

/* --backup=CONTROL, as GNU cp has it, is taken off ARGV here (left as
 * --backup): GOption's optional argument would also take the next word,
 * the layer of "--backup docker-ref.rules". */
static gboolean
ipm_cli_take_backup_control (int argc, char **argv, IpmBackup *control,
                             GError **error)
{
  *control = IPM_BACKUP_SIMPLE;
  for (int i = 1; i < argc && strcmp (argv[i], "--") != 0; i++)
    if (g_str_has_prefix (argv[i], "--backup="))
      {
        if (!ipm_output_backup_parse (argv[i] + strlen ("--backup="), control,
                                      error))
          return FALSE;
        argv[i] = (char *) "--backup";
      }
  return TRUE;
}

static gboolean
ipm_use_color (const char *when, int fd)
{
  if (when == NULL || strcmp (when, "auto") == 0)
    return isatty (fd) && g_getenv ("NO_COLOR") == NULL
           && g_strcmp0 (g_getenv ("TERM"), "dumb") != 0;
  return strcmp (when, "always") == 0;
}

/* The large rulesets are left to exit(): releasing 600,000 rules one by one
 * touches each of them once more (about 6% of a --canonical run) for
 * memory the kernel takes back anyway.  They stay reachable from here, so
 * that valgrind and LeakSanitizer do not count them as leaks. */
static GPtrArray *ipm_kept_until_exit;

static void
ipm_keep_until_exit (IpmRuleset *rs)
{
  if (rs == NULL)
    return;
  if (ipm_kept_until_exit == NULL)
    ipm_kept_until_exit = g_ptr_array_new ();
  g_ptr_array_add (ipm_kept_until_exit, rs);
}

static GPtrArray *
ipm_strv_to_array (char **strv)
{
  GPtrArray *array = g_ptr_array_new ();

  for (; strv != NULL && *strv != NULL; strv++)
    g_ptr_array_add (array, *strv);
  return array;
}

/* BUILD_RULESET: only the ruleset is wanted; SPANS: and rules may stay
 * lines until asked for (IpmParseOptions). */
static IpmScript *
ipm_load_as (const char *path, const IpmCli *cli, gboolean allow_empty,
             gboolean build_ruleset, gboolean spans, IpmFamily default_family,
             IpmDiags *diags, GError **error)
{
  IpmParseOptions options = {
    /* -4/-6, else the dump's header says (ipm_parse) */
    .family = cli->ipv6 ? IPM_FAMILY_IPV6
      : cli->ipv4 ? IPM_FAMILY_IPV4 : IPM_FAMILY_UNKNOWN,
    .default_family = default_family,
    .allow_empty = allow_empty,
    .keep_text = cli->check,
    .allow_invalid_utf8 = cli->allow_invalid_utf8,
    .build_ruleset = build_ruleset,
    .spans = spans,
  };

  return ipm_parse_path (path, &options, diags, error);
}

static IpmScript *
ipm_load (const char *path, const IpmCli *cli, gboolean allow_empty,
          gboolean build_ruleset, gboolean spans, IpmDiags *diags,
          GError **error)
{
  return ipm_load_as (path, cli, allow_empty, build_ruleset, spans,
                      IPM_FAMILY_UNKNOWN, diags, error);
}

static IpmRuleset *
ipm_load_ruleset (const char *path, const IpmCli *cli, gboolean allow_empty,
                  gboolean spans, IpmDiags *diags, GError **error)
{
  IpmScript *script = ipm_load (path, cli, allow_empty, TRUE, spans, diags,
                                error);

  if (script == NULL)
    return NULL;
  return ipm_apply_script_take (script, diags, error);
}

/* A layer that did not read as its host's FAMILY: when it reads on its own
 * as the other family, that is the error to give (replaces ERROR). */
static void
ipm_layer_other_family (const char *path, const IpmCli *cli, IpmFamily family,
                        GError **error)
{
  g_autoptr(IpmDiags) scratch = ipm_diags_new ();
  g_autoptr(IpmScript) alone = ipm_load (path, cli, FALSE, FALSE, FALSE,
                                         scratch, NULL);

  if (alone == NULL || alone->family == family)
    return;
  g_clear_error (error);
  g_set_error (error, IPM_ERROR, IPM_ERROR_INVALID,
               "%s is an IPv%d ruleset but the host on standard input is "
               "IPv%d; merge iptables and ip6tables dumps separately",
               path, (int) alone->family, (int) family);
}

/* Sets *RESULT to the ruleset to print (see ipm_write_result). */
static gboolean
ipm_run_canonical (const IpmCli *cli, IpmDiags *diags, IpmRuleset **result,
                   GError **error)
{
  const char *path = cli->args != NULL && cli->args[0] != NULL ? cli->args[0] : "-";
  g_autoptr(IpmRuleset) rs = NULL;

  if (cli->args != NULL && cli->args[0] != NULL && cli->args[1] != NULL)
    {
      g_set_error (error, IPM_ERROR, IPM_ERROR_USAGE,
                   "--canonical takes at most one FILE");
      return FALSE;
    }
  /* printed back: the lines iptables-save wrote stay lines */
  rs = ipm_load_ruleset (path, cli, FALSE, TRUE, diags, error);
  if (rs == NULL)
    return FALSE;
  *result = g_steal_pointer (&rs);
  return TRUE;
}

/* --textconv: see textconv.h. */
static gboolean
ipm_run_textconv (const IpmCli *cli, GString *out, GError **error)
{
  IpmParseOptions options = {
    .family = cli->ipv6 ? IPM_FAMILY_IPV6
      : cli->ipv4 ? IPM_FAMILY_IPV4 : IPM_FAMILY_UNKNOWN,
    /* an empty file shows as nothing, not as a refusal */
    .allow_empty = TRUE,
    .allow_invalid_utf8 = cli->allow_invalid_utf8,
    .build_ruleset = TRUE,
    .spans = TRUE,
  };

  if (cli->args != NULL && cli->args[0] != NULL && cli->args[1] != NULL)
    {
      g_set_error (error, IPM_ERROR, IPM_ERROR_USAGE,
                   "--textconv takes at most one FILE");
      return FALSE;
    }
  return ipm_textconv (out, cli->args != NULL && cli->args[0] != NULL
                            ? cli->args[0] : "-", &options, cli->strict,
                       error);
}

/* Returns the exit status; with --format json or sarif the report goes
 * into OUT (for standard output), else the findings stay in DIAGS. */
static int
ipm_run_check (const IpmCli *cli, IpmDiags *diags, GString *out,
               GError **error)
{
  g_autoptr(GPtrArray) take = ipm_strv_to_array (cli->take);
  g_autoptr(GPtrArray) skip = ipm_strv_to_array (cli->skip);
  g_autoptr(GPtrArray) rewrites = ipm_strv_to_array (cli->rewrite);
  g_autoptr(GPtrArray) preset_skip = g_ptr_array_new ();
  IpmMergeOptions merge = {
    .take = take, .skip = skip, .rewrites = rewrites,
    .preset_skip = preset_skip,
  };
  IpmCheckOptions options = {
    .paths = cli->args != NULL && cli->args[0] != NULL
      ? (const char *const *) cli->args : NULL,
    .host = cli->host,
    .merge = &merge,
    .parse = {
      .family = cli->ipv6 ? IPM_FAMILY_IPV6
        : cli->ipv4 ? IPM_FAMILY_IPV4 : IPM_FAMILY_UNKNOWN,
      .allow_invalid_utf8 = cli->allow_invalid_utf8,
    },
  };
  IpmCheckFormat format;

  if (cli->skip_containers)
    ipm_containers_add_skips (preset_skip);
  if (!ipm_check_format_parse (cli->format, &format, error)
      || !ipm_check_options_valid (&options, error))
    return -1;
  ipm_check_files (&options, diags);
  if (format != IPM_CHECK_FORMAT_TEXT)
    ipm_check_format (out, diags, &options, format, cli->quiet);
  /* --strict: warnings are errors here too (exit 2, as in the other modes) */
  if (ipm_diags_has_errors (diags))
    return IPM_EXIT_ERROR;
  return diags->n_warnings > 0 ? IPM_EXIT_DIFFERENT : IPM_EXIT_OK;
}

static gboolean
ipm_run_diff (const IpmCli *cli, IpmDiags *diags, GString *out,
              gboolean *different, GError **error)
{
  g_autoptr(IpmRuleset) old_rs = NULL;
  g_autoptr(IpmRuleset) new_rs = NULL;
  g_autoptr(GPtrArray) ignore = ipm_strv_to_array (cli->ignore_chain);
  IpmDiffOptions options = { 0 };

  /* Usage errors first: before waiting for a dump on stdin. */
  if (cli->args == NULL || g_strv_length (cli->args) != 2)
    {
      g_set_error (error, IPM_ERROR, IPM_ERROR_USAGE,
                   "--diff takes two files, OLD and NEW ('-' for stdin)");
      return FALSE;
    }
  if (strcmp (cli->args[0], "-") == 0 && strcmp (cli->args[1], "-") == 0)
    {
      g_set_error (error, IPM_ERROR, IPM_ERROR_USAGE,
                   "--diff: only one of OLD and NEW can be '-'");
      return FALSE;
    }
  if (cli->stat && cli->format != NULL)
    {
      g_set_error (error, IPM_ERROR, IPM_ERROR_USAGE,
                   "--stat and --format do not go together");
      return FALSE;
    }
  if (cli->stat)
    options.format = IPM_DIFF_FORMAT_STAT;
  else if (cli->format == NULL || strcmp (cli->format, "unified") == 0)
    options.format = IPM_DIFF_FORMAT_UNIFIED;
  else if (strcmp (cli->format, "json") == 0)
    options.format = IPM_DIFF_FORMAT_JSON;
  else
    {
      g_set_error (error, IPM_ERROR, IPM_ERROR_USAGE,
                   "--format takes 'unified' or 'json', not '%s'", cli->format);
      return FALSE;
    }
  if (cli->label != NULL && g_strv_length (cli->label) > 2)
    {
      g_set_error (error, IPM_ERROR, IPM_ERROR_USAGE,
                   "--label is given at most twice: for OLD, then for NEW");
      return FALSE;
    }
  /* as diff(1): the first --label names OLD, the second NEW */
  options.old_name = cli->label != NULL && cli->label[0] != NULL
                     ? cli->label[0] : cli->args[0];
  options.new_name = cli->label != NULL && cli->label[0] != NULL
                     && cli->label[1] != NULL ? cli->label[1] : cli->args[1];
  options.context = cli->context != G_MININT ? (guint) cli->context : 3;
  options.color = ipm_use_color (cli->color, STDOUT_FILENO);
  options.ignore_chains = ignore;
  if (!ipm_diff_options_check (&options, error))
    return FALSE;
  /* two saves of one host share most chains: equal spans, never made into
   * rules */
  old_rs = ipm_load_ruleset (cli->args[0], cli, TRUE, TRUE, diags, error);
  if (old_rs == NULL)
    return FALSE;
  new_rs = ipm_load_ruleset (cli->args[1], cli, TRUE, TRUE, diags, error);
  if (new_rs == NULL)
    return FALSE;
  if (!ipm_diff (out, old_rs, new_rs, &options, different, error))
    return FALSE;
  ipm_keep_until_exit (g_steal_pointer (&old_rs));
  ipm_keep_until_exit (g_steal_pointer (&new_rs));
  return TRUE;
}

/* --plan: the plan of the merge of a copy of BEFORE into AFTER, with the
 * run's warnings in it rather than on stderr (they are part of what it
 * says).  *CHANGED: something would change. */
static gboolean
ipm_run_plan (const IpmCli *cli, IpmDiags *diags, GString *out,
              const IpmRuleset *before, const IpmRuleset *after,
              const GPtrArray *events, gboolean *changed, GError **error)
{
  g_autoptr(IpmDiags) warnings = ipm_diags_new ();
  IpmPlanOptions options = { .events = events, .warnings = warnings };

  /* no error is left here (the merge succeeded): all are warnings */
  ipm_diags_move (warnings, diags);
  options.format = cli->format != NULL && strcmp (cli->format, "json") == 0
    ? IPM_PLAN_FORMAT_JSON : IPM_PLAN_FORMAT_TEXT;
  return ipm_plan_print (out, before, after, &options, changed, error);
}

/* --delta and --plan print into OUT (--plan sets *CHANGED); a merge sets
 * *RESULT to the ruleset to print. */
static gboolean
ipm_run_merge (const IpmCli *cli, IpmDiags *diags, GString *out,
               IpmRuleset **result, gboolean *changed, GError **error)
{
  g_autoptr(IpmRuleset) host = NULL;
  g_autoptr(IpmRuleset) before = NULL;
  g_autoptr(GPtrArray) layers =
    g_ptr_array_new_with_free_func ((GDestroyNotify) ipm_script_free);
  g_autoptr(GPtrArray) take = ipm_strv_to_array (cli->take);
  g_autoptr(GPtrArray) skip = ipm_strv_to_array (cli->skip);
  g_autoptr(GPtrArray) rewrites = ipm_strv_to_array (cli->rewrite);
  g_autoptr(GString) notes = g_string_new (NULL);
  g_autoptr(GPtrArray) drop = ipm_strv_to_array (cli->drop);
  g_autoptr(GPtrArray) events = cli->plan
    ? g_ptr_array_new_with_free_func ((GDestroyNotify) ipm_merge_event_free)
    : NULL;
  IpmMergeOptions options = {
    .take = take, .skip = skip, .rewrites = rewrites, .verbose = cli->verbose,
    .allow_empty_host = cli->allow_empty_host, .notes = notes,
    .events = events,
  };
  IpmDropOptions drop_options = {
    .patterns = drop, .verbose = cli->verbose, .notes = notes,
    .events = events,
  };
  gboolean ok;

  g_autoptr(GPtrArray) preset_skip = g_ptr_array_new ();

  /* kept apart from --skip: a preset pattern that matches nothing in these
   * layers is no typo */
  if (cli->skip_containers)
    ipm_containers_add_skips (preset_skip);
  options.preset_skip = preset_skip;
  if (cli->args == NULL || cli->args[0] == NULL)
    {
      g_set_error (error, IPM_ERROR, IPM_ERROR_USAGE,
                   "no LAYER file given; usage: iptables-save | ipmerge "
                   "LAYER... | iptables-restore (see --help)");
      return FALSE;
    }
  if (cli->plan && cli->format != NULL && strcmp (cli->format, "text") != 0
      && strcmp (cli->format, "json") != 0)
    {
      g_set_error (error, IPM_ERROR, IPM_ERROR_USAGE,
                   "--plan --format takes 'text' or 'json', not '%s'",
                   cli->format);
      return FALSE;
    }
  /* an empty host is refused by ipm_merge, with the --allow-empty-host hint */
  /* a merge touches few of the host's chains: the others stay lines */
  host = ipm_load_ruleset ("-", cli, TRUE, TRUE, diags, error);
  if (host == NULL)
    return FALSE;
  /* --delta merges into a copy and compares it with the host as read.
   * Rules are shared, so the copy costs only the arrays, and its chains
   * know their originals (no lookup per chain in ipm_delta_print). */
  if (cli->delta || cli->plan)
    {
      before = g_steal_pointer (&host);
      host = ipm_ruleset_copy (before);
    }
  for (char **path = cli->args; *path != NULL; path++)
    {
      /* a layer without a header is of its host's family */
      IpmFamily family = before != NULL ? before->family : host->family;
      g_autoptr(IpmDiags) found = ipm_diags_new ();
      IpmScript *layer;

      found->strict = diags->strict;
      layer = ipm_load_as (*path, cli, FALSE, FALSE, FALSE, family, found,
                           error);
      ipm_diags_move (diags, found);
      if (layer == NULL)
        {
          /* the located findings stay; the summary says why */
          if (!cli->ipv4 && !cli->ipv6)
            ipm_layer_other_family (*path, cli, family, error);
          return FALSE;
        }
      g_ptr_array_add (layers, layer);
    }
  /* --drop: the host's own chains left out first; the layers' are the
   * merge's (--take/--skip).  Under --delta and --plan the copy loses
   * them, so the patch deletes them from the live node. */
  ok = ipm_drop (host, &drop_options, diags, error)
    && ipm_merge (host, layers, &options, diags, error);
  /* -v placement notes: stderr, before the warnings, also on failure */
  fputs (notes->str, stderr);
  if (!ok || !ipm_diags_to_error (diags, error))
    return FALSE;
  if (cli->plan)
    {
      if (!ipm_run_plan (cli, diags, out, before, host, events, changed,
                         error))
        return FALSE;
      ipm_keep_until_exit (g_steal_pointer (&before));
      ipm_keep_until_exit (g_steal_pointer (&host));
      return TRUE;
    }
  if (cli->delta)
    {
      if (!ipm_delta_print (out, before, host, error))
        return FALSE;
      ipm_keep_until_exit (g_steal_pointer (&before));
      ipm_keep_until_exit (g_steal_pointer (&host));
      return TRUE;
    }
  *result = g_steal_pointer (&host);
  return TRUE;
}

static gboolean
ipm_flush_stdout (GString *out, gpointer data)
{
  if (!ipm_output_stdout_part (out, data))
    return FALSE;
  g_string_truncate (out, 0);
  return TRUE;
}

static gboolean
ipm_write_stdout (const char *text, gsize len, gpointer data)
{
  return ipm_output_stdout_bytes (text, len, data);
}

/* Writes OUT followed by RESULT (if any) as iptables-save text, once the
 * run has succeeded.  To standard output the text goes in blocks as it is
 * printed: a large ruleset is never all in memory twice (rules and text).
 * -o FILE gets it whole, replaced atomically. */
static gboolean
ipm_write_result (const IpmCli *cli, GString *out, const IpmRuleset *result,
                  GError **error)
{
  IpmPrintOptions print = { .zero_counters = cli->zero_counters };

  if (cli->output == NULL)
    {
      print.flush = ipm_flush_stdout;
      print.write = ipm_write_stdout;
      print.flush_data = error;
    }
  if (result != NULL && !ipm_print_ruleset (out, result, &print))
    return FALSE;
  return cli->output != NULL
         ? ipm_output_file (cli->output, out,
                            cli->backup ? cli->backup_control
                                        : IPM_BACKUP_NONE, error)
         : ipm_output_stdout (out, error);
}

static const char ipm_summary[] =
  "Modes:\n"
  "  iptables-save | ipmerge --delta [OPTION...] LAYER... | iptables-restore --noflush\n"
  "      on a live node: the merge as a patch (-C guard, ':' for new chains\n"
  "      only, -I/-A, -D, -P, -X; empty when nothing changes).  Rules that\n"
  "      kube-proxy or calico change meanwhile are left alone; without\n"
  "      --noflush iptables-restore refuses the patch and changes nothing.\n"
  "      Example: iptables-save | ipmerge --delta docker-ref.rules policy.rules | iptables-restore --noflush\n"
  "  iptables-save | ipmerge [OPTION...] LAYER... > FILE\n"
  "      merge: stdin is the host dump, each LAYER (a reference dump or a\n"
  "      policy overlay) is merged in order, stdout is the complete ruleset\n"
  "      (for /etc/sysconfig/iptables; restored whole it reverts what agents\n"
  "      changed since the save).  A rule the chain has, before its first\n"
  "      unconditional ACCEPT/DROP/REJECT, changes nothing (a second run gives\n"
  "      the same); a missing -A rule goes next to its neighbours from the\n"
  "      layer, else right before that verdict and the LOG rules announcing\n"
  "      it (-v tells where); -I -D -R -N -X -F -P -E -C act as iptables\n"
  "      would; ':CHAIN' never flushes and never changes a host policy;\n"
  "      jumped-to chains come along.\n"
  "      Example: iptables-save | ipmerge -o /etc/sysconfig/iptables --backup docker-ref.rules policy.rules\n"
  "  iptables-save | ipmerge --plan [--format json] [OPTION...] LAYER...\n"
  "      the merge, not done: what it would add (where, and why), leave as\n"
  "      it is, delete, and warn about; nothing to restore on stdout; exit 0\n"
  "      no change, 1 changes, 2 error.\n"
  "      Example: iptables-save | ipmerge --plan docker-ref.rules policy.rules\n"
  "  ipmerge --diff [-U N] [--stat|--format json] [--ignore-chain REGEX] [--label L]... OLD NEW\n"
  "      semantic diff by table and chain; '-' reads stdin; a rule that only\n"
  "      moved is marked '# moved'; exit 0 same, 1 different, 2 error.\n"
  "      Example: iptables-save | ipmerge --diff - desired.rules\n"
  "  ipmerge --canonical [FILE]\n"
  "      print FILE (default stdin) as iptables-save prints it after a restore.\n"
  "      Example: ipmerge --canonical /etc/sysconfig/iptables\n"
  "  ipmerge --check [--format text|json|sarif] [FILE...]\n"
  "  ipmerge --check --host HOST [--format text|json|sarif] LAYER...\n"
  "      report problems; exit 0 clean, 1 warnings, 2 errors.  A dump is\n"
  "      checked as a whole ruleset, an overlay as an overlay; --host HOST\n"
  "      checks the LAYERs merged into HOST ('-': stdin, as from\n"
  "      iptables-save).  The json and sarif reports go to stdout.\n"
  "      Example: ipmerge --check /etc/sysconfig/iptables\n"
  "  ipmerge --textconv [FILE]\n"
  "      for git's diff.DRIVER.textconv: FILE in canonical form, an overlay's\n"
  "      commands with canonical rules, or a FILE ipmerge refuses as it is\n"
  "      after a '# ipmerge: FILE:LINE: message' line; exit 0 all the same.\n"
  "      Example: git config diff.iptables.textconv 'ipmerge --textconv'";

static const char ipm_description[] =
  "On any error nothing is written to standard output and the exit status is 2\n"
  "(a rules file rewritten in place while ipmerge reads it may stop it mid-output).\n"
  "Use 'set -o pipefail' in scripts so that a failure stops iptables-restore.\n"
  "Placement rules, exit status, safety notes and recipes: man ipmerge";

/* Dumps that are regular files are mapped (src/input.c) and their lines
 * printed from the mapping: a file truncated in place meanwhile raises
 * SIGBUS, possibly in the middle of the output.  Say so, and fail. */
static void
ipm_on_sigbus (int sig)
{
  static const char message[] =
    "ipmerge: error: an input file shrank while it was being read (was it "
    "rewritten in place?); the output is incomplete: do not restore it\n";
  ssize_t n = write (STDERR_FILENO, message, sizeof message - 1);

  (void) n;
  (void) sig;
  _exit (IPM_EXIT_ERROR);
}

int
main (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(IpmDiags) diags = ipm_diags_new ();
  /* room for a print block and the line that crosses its end: the buffer
   * never grows (nor faults in new pages) while a large ruleset prints */
  g_autoptr(GString) out = g_string_sized_new (IPM_PRINT_BLOCK + 64 * 1024);
  g_autoptr(IpmRuleset) result = NULL;
  g_auto(IpmCli) cli = { .context = G_MININT };
  gboolean ok = FALSE;
  gboolean different = FALSE;
  int status = IPM_EXIT_OK;
  int n_modes;
  const GOptionEntry entries[] = {
    { "delta", 0, 0, G_OPTION_ARG_NONE, &cli.delta, "Mode: merge, but print a patch for iptables-restore --noflush", NULL },
    { "plan", 0, 0, G_OPTION_ARG_NONE, &cli.plan, "Mode: merge, but only say what would be added, left, deleted and warned about (exit 1: changes)", NULL },
    { "diff", 0, 0, G_OPTION_ARG_NONE, &cli.diff, "Mode: show what differs in meaning between OLD and NEW", NULL },
    { "canonical", 0, 0, G_OPTION_ARG_NONE, &cli.canonical, "Mode: print the input in canonical iptables-save form", NULL },
    { "check", 0, 0, G_OPTION_ARG_NONE, &cli.check, "Mode: report problems in the input files", NULL },
    { "textconv", 0, 0, G_OPTION_ARG_NONE, &cli.textconv, "Mode: git's textconv: the canonical form, an overlay's commands, or a refused file as it is after a '# ipmerge:' line", NULL },
    { "take", 0, 0, G_OPTION_ARG_STRING_ARRAY, &cli.take, "Merge: only the layer ':'/-A lines matching REGEX, plus the chains they jump to (repeatable)", "REGEX" },
    { "skip", 0, 0, G_OPTION_ARG_STRING_ARRAY, &cli.skip, "Merge: leave out the layer ':'/-A lines matching REGEX (repeatable; wins over --take)", "REGEX" },
    { "skip-containers", 0, 0, G_OPTION_ARG_NONE, &cli.skip_containers, "Merge: leave out the reference host's per-container rules (its port mappings' DNAT, ACCEPT, raw DROP and hairpin MASQUERADE), keep Docker's own", NULL },
    { "rewrite", 0, 0, G_OPTION_ARG_STRING_ARRAY, &cli.rewrite, "Merge: adapt layer rules: 172.17.0.0/16=10.200.0.0/16 maps addresses, docker0=br0 interfaces (repeatable)", "FROM=TO" },
    { "drop", 0, 0, G_OPTION_ARG_STRING_ARRAY, &cli.drop, "Merge: first remove the host's chains whose name matches REGEX (and every jump to them) and host '-A' lines matching it (repeatable)", "REGEX" },
    { "allow-empty-host", 0, 0, G_OPTION_ARG_NONE, &cli.allow_empty_host, "Merge: accept an empty host dump (refused by default: a failed iptables-save)", NULL },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &cli.verbose, "Merge: explain on stderr where each merged rule was placed and why", NULL },
    { "unified", 'U', 0, G_OPTION_ARG_INT, &cli.context, "Diff: show N rules of context (default 3)", "N" },
    { "stat", 0, 0, G_OPTION_ARG_NONE, &cli.stat, "Diff: print a summary per table and chain", NULL },
    { "format", 0, 0, G_OPTION_ARG_STRING, &cli.format, "Diff: 'unified' (default) or 'json'; plan: 'text' (default) or 'json'; check: 'text' (default, on stderr), 'json' or 'sarif' (on stdout)", "FORMAT" },
    { "host", 0, 0, G_OPTION_ARG_FILENAME, &cli.host, "Check: the FILE... are layers; check them merged into this host dump ('-' for stdin)", "HOST" },
    { "ignore-chain", 0, 0, G_OPTION_ARG_STRING_ARRAY, &cli.ignore_chain, "Diff: leave chains matching REGEX out, and the jumps to them (repeatable)", "REGEX" },
    { "label", 0, 0, G_OPTION_ARG_STRING_ARRAY, &cli.label, "Diff: name OLD (first --label), then NEW, in the headers instead of the file names", "LABEL" },
    { "allow-invalid-utf8", 0, 0, G_OPTION_ARG_NONE, &cli.allow_invalid_utf8, "Keep bytes that are not UTF-8 (comments in another encoding) instead of refusing the input", NULL },
    { "ipv4", '4', 0, G_OPTION_ARG_NONE, &cli.ipv4, "Inputs are iptables dumps (default: as the dump's header says, else IPv4)", NULL },
    { "ipv6", '6', 0, G_OPTION_ARG_NONE, &cli.ipv6, "Inputs are ip6tables dumps (default: as the dump's header says)", NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &cli.output, "Write the result to FILE atomically instead of stdout", "FILE" },
    { "backup", 0, 0, G_OPTION_ARG_NONE, &cli.backup, "With -o, keep the old FILE as FILE~ (kept while FILE is ipmerge's own output); --backup=numbered: FILE.~1~, FILE.~2~...; --backup=existing: numbered if FILE has such backups", NULL },
    { "zero-counters", 0, 0, G_OPTION_ARG_NONE, &cli.zero_counters, "Chain counters [0:0], no rule counters (a fresh restore)", NULL },
    { "strict", 0, 0, G_OPTION_ARG_NONE, &cli.strict, "Treat warnings as errors", NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &cli.quiet, "Do not print warnings", NULL },
    { "color", 0, 0, G_OPTION_ARG_STRING, &cli.color, "Colour diagnostics and diffs: auto (default; a terminal, not with NO_COLOR), always or never", "WHEN" },
    { "version", 0, 0, G_OPTION_ARG_NONE, &cli.version, "Print the version and the iptables-save version targeted", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &cli.args, NULL, "[FILE...]" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  /* A closed pipe is reported as a write error, not a silent death. */
  signal (SIGPIPE, SIG_IGN);
  signal (SIGBUS, ipm_on_sigbus);

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, ipm_summary);
  g_option_context_set_description (context, ipm_description);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!ipm_cli_take_backup_control (argc, argv, &cli.backup_control, &error)
      || !g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("ipmerge: error: %s (see ipmerge --help)\n", error->message);
      return IPM_EXIT_ERROR;
    }
  if (cli.version)
    {
      g_print ("ipmerge %s (canonical form of iptables-save 1.8.9, nft and legacy)\n",
               PACKAGE_VERSION);
      return IPM_EXIT_OK;
    }
  if (cli.color != NULL && strcmp (cli.color, "auto") != 0
      && strcmp (cli.color, "always") != 0 && strcmp (cli.color, "never") != 0)
    {
      g_printerr ("ipmerge: error: --color takes auto, always or never\n");
      return IPM_EXIT_ERROR;
    }
  if (cli.context != G_MININT && cli.context < 0)
    {
      g_printerr ("ipmerge: error: -U takes a number of rules >= 0\n");
      return IPM_EXIT_ERROR;
    }
  n_modes = cli.canonical + cli.check + cli.diff + cli.delta + cli.textconv
    + cli.plan;
  if (n_modes > 1)
    {
      g_printerr ("ipmerge: error: choose one of --canonical, --check, --diff, --delta, --plan, --textconv\n");
      return IPM_EXIT_ERROR;
    }
  if (!ipm_cli_check_modes (&cli, &error))
    {
      g_printerr ("ipmerge: error: %s (see ipmerge --help)\n", error->message);
      return IPM_EXIT_ERROR;
    }
  diags->strict = cli.strict;
  /* said on stderr when standard input is read and is a terminal */
  ipm_input_set_terminal_hint (cli.diff ? "a dump to compare"
                               : cli.canonical || cli.check ? "a rules file"
                               : "the host dump (iptables-save | ipmerge "
                                 "LAYER...)");

  if (cli.check)
    {
      status = ipm_run_check (&cli, diags, out, &error);
      if (status < 0)
        {
          g_printerr ("ipmerge: error: %s (see ipmerge --help)\n",
                      error->message);
          return IPM_EXIT_ERROR;
        }
      if (out->len == 0)
        ipm_diags_print (diags, stderr, cli.quiet,
                         ipm_use_color (cli.color, STDERR_FILENO));
      else if (!ipm_output_stdout (out, &error))
        {
          g_printerr ("ipmerge: error: %s\n", error->message);
          return IPM_EXIT_ERROR;
        }
      return status;
    }
  if (cli.canonical)
    ok = ipm_run_canonical (&cli, diags, &result, &error);
  else if (cli.textconv)
    ok = ipm_run_textconv (&cli, out, &error);
  else if (cli.diff)
    ok = ipm_run_diff (&cli, diags, out, &different, &error);
  else
    ok = ipm_run_merge (&cli, diags, out, &result, &different, &error);

  ipm_diags_print (diags, stderr, cli.quiet,
                   ipm_use_color (cli.color, STDERR_FILENO));
  if (ok && cli.strict && !ipm_diags_to_error (diags, &error))
    ok = FALSE;
  if (ok)
    ok = ipm_write_result (&cli, out, result, &error);
  if (!ok)
    {
      /* a reader that stopped (| head -1) knows: no message, status 2 */
      if (!g_error_matches (error, IPM_ERROR, IPM_ERROR_CLOSED))
        g_printerr ("ipmerge: error: %s\n", error->message);
      return IPM_EXIT_ERROR;
    }
  ipm_keep_until_exit (g_steal_pointer (&result));
  return different ? IPM_EXIT_DIFFERENT : IPM_EXIT_OK;
}

/* canon-value: per-type normalizers of option arguments (one per row of
 * grammar/types.def) and the address/protocol helpers of the base part.
 *
 * A normalizer checks its argument words and appends the text iptables-save
 * prints for them.  It never resolves host or user names: values that only
 * the target machine could interpret are reported as LITERAL (the caller
 * keeps the words as given) or as errors.
 */
#ifndef IPM_CANON_VALUE_H
#define IPM_CANON_VALUE_H

#include <glib.h>

#include "grammar.h"
#include "ruleset.h"

typedef enum {
  IPM_VALUE_OK,
  IPM_VALUE_LITERAL,     /* valid, but its canonical form is not known */
  IPM_VALUE_ERROR,       /* ctx->error says why */
} IpmValueStatus;

typedef struct {
  IpmFamily family;      /* IPV4 or IPV6 */
  const char *proto;     /* protocol for service names ("tcp"), or NULL */
  GError *error;         /* on IPM_VALUE_ERROR: IPM_ERROR_INVALID, "what,
                            and how to fix it" (the caller clears it) */
  guint error_arg;       /* index of the offending argument */
} IpmValueCtx;

/* Normalizes ARGS[0 .. NARGS) of TYPE, appending to OUT. */
IpmValueStatus ipm_canon_value (IpmType type, IpmValueCtx *ctx,
                                const char *const *args, guint nargs,
                                GString *out);

/* TRUE when ARGS[0 .. NARGS) of TYPE are valid and printed as
 * RAW[0..RAW_LEN) (canon-fast's question; SCRATCH is the caller's). */
gboolean ipm_canon_value_printed_as (IpmType type, IpmValueCtx *ctx,
                                     const char *const *args, guint nargs,
                                     const char *raw, gsize raw_len,
                                     GString *scratch);

/* TRUE when RAW[0..RAW_LEN), one argument of TYPE, is known to be
 * printed as it is without printing it (a port, an IPv4 NAT address, a
 * probability seen before); FALSE says nothing (see
 * ipm_canon_value_printed_as). */
gboolean ipm_canon_value_as_printed (IpmType type, const IpmValueCtx *ctx,
                                     const char *raw, gsize raw_len);

/* TRUE when RAW[0..LEN), a word as a line has it (bare, or wholly in
 * double quotes), is what the string normalizer prints for the text it
 * stands for (ipm_quote_save), read in place; FALSE says nothing. */
gboolean ipm_canon_value_string_as_printed (const char *raw, gsize len);

/* TRUE when TYPE is printed as a string, quoted as iptables-save quotes
 * (ipm_quote_save). */
gboolean ipm_canon_value_is_string (IpmType type);

/* TRUE when TYPE takes any text as its value, "!" included (strings,
 * comments, prefixes, names): for the others a "!" after the option is
 * the old negation form. */
gboolean ipm_canon_value_takes_text (IpmType type);

/* time --weekdays / --monthdays (TYPE): reads CANON, a list as the
 * normalizer printed it, and appends it again (INVERT: the days it does not
 * name, as "! --weekdays" stores them); returns the number of days. */
guint ipm_canon_value_days (IpmType type, const char *canon, gboolean invert,
                            GString *out);

/* TRUE when TYPE has a normalizer (always, unless the tables are broken). */
gboolean ipm_canon_value_known (IpmType type);

/* -s/-d: appends "ADDR/LEN" (or ADDR/MASK for a non-contiguous IPv4 mask);
 * sets *ANY when the mask is 0 (iptables-save then prints nothing). */
gboolean ipm_canon_value_address (IpmFamily family, const char *text,
                                  GString *out, gboolean *any,
                                  GError **error);

/* TRUE when RAW[0..LEN) is an IPv4 ADDR/LEN exactly as the save prints
 * it (ipm_canon_value_address would print it unchanged); sets *ANY as
 * that does.  FALSE says nothing. */
gboolean ipm_canon_value_address_as_printed (IpmFamily family,
                                             const char *raw, gsize len,
                                             gboolean *any);

/* -p: appends the protocol as iptables-save prints it (name from
 * /etc/protocols, else the number); *NUM gets the number (0 = all). */
gboolean ipm_canon_value_protocol (const char *text, GString *out, guint *num,
                                   GError **error);

/* TRUE when protocol NUM has ports (tcp, udp, udplite, sctp, dccp). */
gboolean ipm_canon_value_proto_has_ports (guint num);

/* TRUE when ARG, a value of TYPE, names ports (a NAT range with ":PORT",
 * a PORTDASH): the rule then needs a protocol with ports before it. */
gboolean ipm_canon_value_names_ports (IpmType type, IpmFamily family,
                                      const char *arg);
/* The same for ARG[0..LEN), not NUL-terminated. */
gboolean ipm_canon_value_names_ports_len (IpmType type, IpmFamily family,
                                          const char *arg, gsize len);

/* TRUE when TEXT looks like an address of the other family than FAMILY. */
gboolean ipm_canon_value_other_family (IpmFamily family, const char *text);

#endif

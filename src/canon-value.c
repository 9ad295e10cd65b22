/* canon-value: per-type normalizers (see canon-value.h).
 *
 * Every rule here mirrors what iptables 1.8.9 stores for a value and how its
 * save function prints it back; the comments name the kernel-visible effect,
 * and each was checked by restoring into a network namespace. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef IPM_SSE2
#include <emmintrin.h>
#endif

#include "canon-value.h"
#include "strbuf.h"
#include "lexer.h"

typedef IpmValueStatus (*IpmValueFunc) (IpmValueCtx *ctx,
                                        const char *const *args, guint nargs,
                                        GString *out);

/* Sets the error message and returns IPM_VALUE_ERROR. */
static IpmValueStatus G_GNUC_PRINTF (3, 4)
ipm_value_fail (IpmValueCtx *ctx, guint arg, const char *format, ...)
{
  va_list ap;

  va_start (ap, format);
  g_clear_error (&ctx->error);
  ctx->error = g_error_new_valist (IPM_ERROR, IPM_ERROR_INVALID, format, ap);
  ctx->error_arg = arg;
  va_end (ap);
  return IPM_VALUE_ERROR;
}

/* ---- numbers ---- */

/* Parses all of S[0..LEN) as an unsigned number the way xtables_strtoui
 * does (strtoul base BASE, 0 = C prefixes) and checks it against MAX. */
static gboolean
ipm_value_uint_n (const char *s, gsize len, int base, guint64 max,
                  guint64 *out)
{
  char buf[32];
  char *end;
  guint64 v;

  if (len == 0 || len >= sizeof buf || s[0] == '-' || s[0] == '+'
      || g_ascii_isspace (s[0]))
    return FALSE;
  /* Plain decimal, the common case, without strtoull: no leading 0 (octal
   * for base 0), at most 19 digits (no overflow). */
  if ((base == 10 || base == 0) && len <= 19 && (s[0] != '0' || len == 1))
    {
      gsize i;

      v = 0;
      for (i = 0; i < len && g_ascii_isdigit (s[i]); i++)
        v = v * 10 + (s[i] - '0');
      if (i == len)
        {
          if (v > max)
            return FALSE;
          *out = v;
          return TRUE;
        }
    }
  memcpy (buf, s, len);
  buf[len] = '\0';
  errno = 0;
  v = g_ascii_strtoull (buf, &end, base);
  if (errno != 0 || *end != '\0' || v > max)
    return FALSE;
  *out = v;
  return TRUE;
}

static gboolean
ipm_value_uint (const char *s, int base, guint64 max, guint64 *out)
{
  return ipm_value_uint_n (s, strlen (s), base, max, out);
}

static IpmValueStatus
ipm_value_uint_max (IpmValueCtx *ctx, const char *arg, guint64 max,
                    GString *out)
{
  guint64 v;

  if (!ipm_value_uint (arg, 0, max, &v))
    return ipm_value_fail (ctx, 0, "'%s' is not a number from 0 to %"
                           G_GUINT64_FORMAT, arg, max);
  ipm_strbuf_append_uint (out, v);
  return IPM_VALUE_OK;
}

static IpmValueStatus
ipm_canon_value_uint8 (IpmValueCtx *ctx, const char *const *args, guint n,
                       GString *out)
{
  return ipm_value_uint_max (ctx, args[0], G_MAXUINT8, out);
}

/* TTL --ttl-dec/--ttl-inc: 0 would be a no-op, iptables rejects it. */
static IpmValueStatus
ipm_canon_value_uint8nz (IpmValueCtx *ctx, const char *const *args, guint n,
                         GString *out)
{
  if (strcmp (args[0], "0") == 0)
    return ipm_value_fail (ctx, 0, "must be 1 to 255");
  return ipm_value_uint_max (ctx, args[0], G_MAXUINT8, out);
}

static IpmValueStatus
ipm_canon_value_uint16 (IpmValueCtx *ctx, const char *const *args, guint n,
                        GString *out)
{
  return ipm_value_uint_max (ctx, args[0], G_MAXUINT16, out);
}

static IpmValueStatus
ipm_canon_value_uint32 (IpmValueCtx *ctx, const char *const *args, guint n,
                        GString *out)
{
  return ipm_value_uint_max (ctx, args[0], G_MAXUINT32, out);
}

/* "N", "N:M", ":M" (0:M), "N:" (N:MAX); N:N prints as N. */
static IpmValueStatus
ipm_value_range (IpmValueCtx *ctx, const char *arg, guint64 max, char sep,
                 GString *out)
{
  const char *colon = strchr (arg, sep);
  guint64 lo, hi;

  if (colon == NULL)
    return ipm_value_uint_max (ctx, arg, max, out);
  if (colon == arg)
    lo = 0;
  else if (!ipm_value_uint_n (arg, colon - arg, 0, max, &lo))
    return ipm_value_fail (ctx, 0, "'%s' is not a number or range N%cM of "
                           "numbers from 0 to %" G_GUINT64_FORMAT, arg, sep,
                           max);
  if (colon[1] == '\0')
    hi = max;
  else if (!ipm_value_uint (colon + 1, 0, max, &hi))
    return ipm_value_fail (ctx, 0, "'%s' is not a number or range N%cM of "
                           "numbers from 0 to %" G_GUINT64_FORMAT, arg, sep,
                           max);
  if (lo > hi)
    return ipm_value_fail (ctx, 0, "range '%s' starts above its end; write "
                           "%" G_GUINT64_FORMAT "%c%" G_GUINT64_FORMAT, arg,
                           hi, sep, lo);
  if (lo == hi)
    g_string_append_printf (out, "%" G_GUINT64_FORMAT, lo);
  else
    g_string_append_printf (out, "%" G_GUINT64_FORMAT "%c%" G_GUINT64_FORMAT,
                            lo, sep, hi);
  return IPM_VALUE_OK;
}

static IpmValueStatus
ipm_canon_value_range16 (IpmValueCtx *ctx, const char *const *args, guint n,
                         GString *out)
{
  return ipm_value_range (ctx, args[0], G_MAXUINT16, ':', out);
}

static IpmValueStatus
ipm_canon_value_range32 (IpmValueCtx *ctx, const char *const *args, guint n,
                         GString *out)
{
  return ipm_value_range (ctx, args[0], G_MAXUINT32, ':', out);
}

/* owner: numeric ids only; a user or group name is resolved on the target
 * machine, so it is kept literally. */
static IpmValueStatus
ipm_canon_value_idrange (IpmValueCtx *ctx, const char *const *args, guint n,
                         GString *out)
{
  const char *arg = args[0];

  if (!g_ascii_isdigit (arg[0]))
    {
      ipm_strbuf_append (out, arg);
      return IPM_VALUE_LITERAL;
    }
  return ipm_value_range (ctx, arg, G_MAXUINT32 - 1, '-', out);
}

/* ---- strings ---- */

static IpmValueStatus
ipm_canon_value_none (IpmValueCtx *ctx, const char *const *args, guint n,
                      GString *out)
{
  return IPM_VALUE_OK;
}

static IpmValueStatus
ipm_canon_value_string (IpmValueCtx *ctx, const char *const *args, guint n,
                        GString *out)
{
  ipm_quote_save (out, args[0]);
  return IPM_VALUE_OK;
}

/* LOG keeps the first 29 bytes of its prefix (the kernel's field is 30
 * bytes with the NUL), so that is what the save prints. */
static IpmValueStatus
ipm_canon_value_logprefix (IpmValueCtx *ctx, const char *const *args, guint n,
                           GString *out)
{
  g_autofree char *cut = NULL;

  if (args[0][0] == '\0')
    return ipm_value_fail (ctx, 0, "empty prefix; give 1 to 29 characters "
                           "or drop the option");
  if (strlen (args[0]) > 29)
    cut = g_strndup (args[0], 29);
  ipm_quote_save (out, cut != NULL ? cut : args[0]);
  return IPM_VALUE_OK;
}

/* Names printed with "%s": kept as given (quoted only if it must be). */
static IpmValueStatus
ipm_canon_value_word (IpmValueCtx *ctx, const char *const *args, guint n,
                      GString *out)
{
  if (args[0][0] == '\0')
    return ipm_value_fail (ctx, 0, "empty name; give a name");
  ipm_quote_min (out, args[0]);
  return IPM_VALUE_OK;
}

static IpmValueStatus
ipm_canon_value_iface (IpmValueCtx *ctx, const char *const *args, guint n,
                       GString *out)
{
  gsize len = strlen (args[0]);

  if (len == 0 || len >= 16)
    return ipm_value_fail (ctx, 0, "interface name '%s' must be 1 to 15 "
                           "characters", args[0]);
  ipm_quote_min (out, args[0]);
  return IPM_VALUE_OK;
}

/* ---- ports ---- */

static GMutex ipm_service_lock;
static GHashTable *ipm_service_cache;   /* "name/proto" -> port + 1 */

/* Service name to port via /etc/services for PROTO (as iptables does with
 * getservbyname); cached since the libc lookup rereads the file. */
static gboolean
ipm_value_service (const char *name, const char *proto, guint *port)
{
  g_autofree char *key = g_strconcat (name, "/", proto ? proto : "", NULL);
  gpointer hit;
  guint value = 0;

  g_mutex_lock (&ipm_service_lock);
  if (ipm_service_cache == NULL)
    ipm_service_cache = g_hash_table_new_full (g_str_hash, g_str_equal,
                                               g_free, NULL);
  hit = g_hash_table_lookup (ipm_service_cache, key);
  if (hit != NULL)
    value = GPOINTER_TO_UINT (hit);
  else
    {
      struct servent *se = getservbyname (name, proto);

      value = se != NULL ? (guint) ntohs (se->s_port) + 1 : G_MAXUINT;
      g_hash_table_insert (ipm_service_cache, g_steal_pointer (&key),
                           GUINT_TO_POINTER (value));
    }
  g_mutex_unlock (&ipm_service_lock);
  if (value == G_MAXUINT)
    return FALSE;
  *port = value - 1;
  return TRUE;
}

static gboolean
ipm_value_port_n (IpmValueCtx *ctx, const char *s, gsize len, guint *port)
{
  guint64 v;
  g_autofree char *name = NULL;

  if (ipm_value_uint_n (s, len, 0, G_MAXUINT16, &v))
    {
      *port = v;
      return TRUE;
    }
  if (len == 0 || g_ascii_isdigit (s[0]))
    return FALSE;
  name = g_strndup (s, len);
  return ipm_value_service (name, ctx->proto, port);
}

static IpmValueStatus
ipm_value_bad_port (IpmValueCtx *ctx, guint arg, const char *text)
{
  return ipm_value_fail (ctx, arg, "'%s' is not a port (0-65535) or a %s "
                         "service name from /etc/services", text,
                         ctx->proto ? ctx->proto : "known");
}

static IpmValueStatus
ipm_canon_value_port (IpmValueCtx *ctx, const char *const *args, guint n,
                      GString *out)
{
  guint port;

  if (!ipm_value_port_n (ctx, args[0], strlen (args[0]), &port))
    return ipm_value_bad_port (ctx, 0, args[0]);
  ipm_strbuf_append_uint (out, port);
  return IPM_VALUE_OK;
}

/* PORT[SEP[PORT]] with open ends; lo == hi prints one port. */
static IpmValueStatus
ipm_value_port_range (IpmValueCtx *ctx, const char *arg, char sep,
                      gboolean open_ends, gboolean collapse, GString *out)
{
  const char *colon = strchr (arg, sep);
  guint lo, hi;

  if (colon == NULL)
    {
      if (!ipm_value_port_n (ctx, arg, strlen (arg), &lo))
        return ipm_value_bad_port (ctx, 0, arg);
      ipm_strbuf_append_uint (out, lo);
      return IPM_VALUE_OK;
    }
  if (colon == arg && open_ends)
    lo = 0;
  else if (!ipm_value_port_n (ctx, arg, colon - arg, &lo))
    return ipm_value_bad_port (ctx, 0, arg);
  if (colon[1] == '\0' && open_ends)
    hi = G_MAXUINT16;
  else if (!ipm_value_port_n (ctx, colon + 1, strlen (colon + 1), &hi))
    return ipm_value_bad_port (ctx, 0, arg);
  if (lo > hi)
    return ipm_value_fail (ctx, 0, "port range '%s' starts above its end; "
                           "write %u%c%u", arg, hi, sep, lo);
  ipm_strbuf_append_uint (out, lo);
  if (lo != hi || !collapse)
    {
      g_string_append_c (out, sep);
      ipm_strbuf_append_uint (out, hi);
    }
  return IPM_VALUE_OK;
}

static IpmValueStatus
ipm_canon_value_portrange (IpmValueCtx *ctx, const char *const *args, guint n,
                           GString *out)
{
  return ipm_value_port_range (ctx, args[0], ':', TRUE, TRUE, out);
}

/* NAT ports (libxt_NAT's parse_ports): a number or a range N-M of
 * numbers, or one service name, dashes and all ("ftp-data"); iptables
 * takes no name in a range ("20-ssh", "ssh-80" are refused). */
static IpmValueStatus
ipm_value_nat_ports (IpmValueCtx *ctx, const char *arg, GString *out)
{
  const char *dash = strchr (arg, '-');
  guint port;

  if (arg[0] != '\0' && !g_ascii_isdigit (arg[0]))
    {
      if (!ipm_value_port_n (ctx, arg, strlen (arg), &port))
        return ipm_value_bad_port (ctx, 0, arg);
      ipm_strbuf_append_uint (out, port);
      return IPM_VALUE_OK;
    }
  if (dash != NULL && !g_ascii_isdigit (dash[1]))
    return ipm_value_fail (ctx, 0, "port range '%s' must end with a number: "
                           "iptables takes a service name only as a single "
                           "port", arg);
  return ipm_value_port_range (ctx, arg, '-', FALSE, TRUE, out);
}

static IpmValueStatus
ipm_canon_value_portdash (IpmValueCtx *ctx, const char *const *args, guint n,
                          GString *out)
{
  return ipm_value_nat_ports (ctx, args[0], out);
}

/* multiport: at most 15 ports, a range counting as two; ranges must not be
 * open or empty (iptables rejects "1024:" and "10:10" here). */
static IpmValueStatus
ipm_canon_value_portlist (IpmValueCtx *ctx, const char *const *args, guint n,
                          GString *out)
{
  const char *p = args[0];
  guint count = 0;

  for (;;)
    {
      const char *comma = strchr (p, ',');
      gsize len = comma ? (gsize) (comma - p) : strlen (p);
      const char *colon = memchr (p, ':', len);
      guint lo, hi;

      if (colon != NULL)
        {
          if (!ipm_value_port_n (ctx, p, colon - p, &lo)
              || !ipm_value_port_n (ctx, colon + 1, len - (colon + 1 - p),
                                    &hi))
            return ipm_value_fail (ctx, 0, "'%.*s' in '%s' is not a port "
                                   "range N:M", (int) len, p, args[0]);
          if (lo >= hi)
            return ipm_value_fail (ctx, 0, "port range '%.*s' must start "
                                   "below its end", (int) len, p);
          g_string_append_printf (out, "%u:%u", lo, hi);
          count += 2;
        }
      else
        {
          if (!ipm_value_port_n (ctx, p, len, &lo))
            return ipm_value_fail (ctx, 0, "'%.*s' in '%s' is not a port "
                                   "(0-65535) or a %s service name", (int) len,
                                   p, args[0],
                                   ctx->proto ? ctx->proto : "known");
          g_string_append_printf (out, "%u", lo);
          count++;
        }
      if (comma == NULL)
        break;
      g_string_append_c (out, ',');
      p = comma + 1;
    }
  if (count > 15)
    return ipm_value_fail (ctx, 0, "multiport takes at most 15 ports (a "
                           "range counts as two); split the rule");
  return IPM_VALUE_OK;
}

/* ---- flag lists ---- */

typedef struct {
  const char *name;
  guint bits;
} IpmValueFlag;

/* Parses a comma list of NAMES (case-insensitive) into a bit set. */
static gboolean
ipm_value_flags (const char *arg, const IpmValueFlag *names, guint n_names,
                 guint *bits, const char **bad, gsize *bad_len)
{
  const char *p = arg;

  *bits = 0;
  for (;;)
    {
      const char *comma = strchr (p, ',');
      gsize len = comma ? (gsize) (comma - p) : strlen (p);
      guint i;

      for (i = 0; i < n_names; i++)
        if (strlen (names[i].name) == len
            && g_ascii_strncasecmp (names[i].name, p, len) == 0)
          break;
      if (i == n_names)
        {
          *bad = p;
          *bad_len = len;
          return FALSE;
        }
      *bits |= names[i].bits;
      if (comma == NULL)
        return TRUE;
      p = comma + 1;
    }
}

/* Prints the single-bit names of BITS in table order, comma-separated. */
static void
ipm_value_print_flags (GString *out, guint bits, const IpmValueFlag *names,
                       guint n_names)
{
  gboolean first = TRUE;

  for (guint i = 0; i < n_names; i++)
    if ((bits & names[i].bits) != 0 && (names[i].bits & (names[i].bits - 1)) == 0)
      {
        if (!first)
          g_string_append_c (out, ',');
        ipm_strbuf_append (out, names[i].name);
        first = FALSE;
      }
}

static IpmValueStatus
ipm_value_flag_list (IpmValueCtx *ctx, guint arg_index, const char *arg,
                     const IpmValueFlag *names, guint n_names,
                     const char *what, GString *out)
{
  const char *bad;
  gsize bad_len;
  guint bits;
  GString *valid;

  if (ipm_value_flags (arg, names, n_names, &bits, &bad, &bad_len))
    {
      ipm_value_print_flags (out, bits, names, n_names);
      return IPM_VALUE_OK;
    }
  valid = g_string_new (NULL);
  for (guint i = 0; i < n_names; i++)
    g_string_append_printf (valid, "%s%s", i ? ", " : "", names[i].name);
  ipm_value_fail (ctx, arg_index, "unknown %s '%.*s'; use %s", what,
                  (int) bad_len, bad, valid->str);
  g_string_free (valid, TRUE);
  return IPM_VALUE_ERROR;
}

/* Bit order of xt_conntrack / xt_state: INVALID NEW RELATED ESTABLISHED
 * UNTRACKED SNAT DNAT. */
static const IpmValueFlag ipm_ctstates[] = {
  { "INVALID", 1 << 0 }, { "NEW", 1 << 1 }, { "RELATED", 1 << 2 },
  { "ESTABLISHED", 1 << 3 }, { "UNTRACKED", 1 << 4 }, { "SNAT", 1 << 5 },
  { "DNAT", 1 << 6 },
};

static IpmValueStatus
ipm_canon_value_ctstate (IpmValueCtx *ctx, const char *const *args, guint n,
                         GString *out)
{
  return ipm_value_flag_list (ctx, 0, args[0], ipm_ctstates,
                              G_N_ELEMENTS (ipm_ctstates), "conntrack state",
                              out);
}

static IpmValueStatus
ipm_canon_value_state (IpmValueCtx *ctx, const char *const *args, guint n,
                       GString *out)
{
  return ipm_value_flag_list (ctx, 0, args[0], ipm_ctstates, 5, "state", out);
}

/* NONE is the empty set: it parses but prints nothing next to others. */
static const IpmValueFlag ipm_ctstatus[] = {
  { "NONE", 0 }, { "EXPECTED", 1 << 0 }, { "SEEN_REPLY", 1 << 1 },
  { "ASSURED", 1 << 2 }, { "CONFIRMED", 1 << 3 },
};

static IpmValueStatus
ipm_canon_value_ctstatus (IpmValueCtx *ctx, const char *const *args, guint n,
                          GString *out)
{
  const char *bad;
  gsize bad_len;
  guint bits;

  if (ipm_value_flags (args[0], ipm_ctstatus, G_N_ELEMENTS (ipm_ctstatus),
                       &bits, &bad, &bad_len) && bits == 0)
    {
      ipm_strbuf_append (out, "NONE");
      return IPM_VALUE_OK;
    }
  return ipm_value_flag_list (ctx, 0, args[0], ipm_ctstatus,
                              G_N_ELEMENTS (ipm_ctstatus), "conntrack status",
                              out);
}

static IpmValueStatus
ipm_canon_value_ctdir (IpmValueCtx *ctx, const char *const *args, guint n,
                       GString *out)
{
  if (g_ascii_strcasecmp (args[0], "ORIGINAL") == 0)
    ipm_strbuf_append (out, "ORIGINAL");
  else if (g_ascii_strcasecmp (args[0], "REPLY") == 0)
    ipm_strbuf_append (out, "REPLY");
  else
    return ipm_value_fail (ctx, 0, "unknown direction '%s'; use ORIGINAL or "
                           "REPLY", args[0]);
  return IPM_VALUE_OK;
}

/* TCP flags in bit order; ALL expands, NONE is the empty set. */
static const IpmValueFlag ipm_tcpflags[] = {
  { "FIN", 0x01 }, { "SYN", 0x02 }, { "RST", 0x04 }, { "PSH", 0x08 },
  { "ACK", 0x10 }, { "URG", 0x20 }, { "ALL", 0x3f }, { "NONE", 0 },
};

static IpmValueStatus
ipm_canon_value_tcpflags (IpmValueCtx *ctx, const char *const *args, guint n,
                          GString *out)
{
  for (guint a = 0; a < 2; a++)
    {
      const char *bad;
      gsize bad_len;
      guint bits;

      if (!ipm_value_flags (args[a], ipm_tcpflags,
                            G_N_ELEMENTS (ipm_tcpflags), &bits, &bad,
                            &bad_len))
        return ipm_value_fail (ctx, a, "unknown TCP flag '%.*s'; use FIN, "
                               "SYN, RST, PSH, ACK, URG, ALL or NONE",
                               (int) bad_len, bad);
      if (a > 0)
        g_string_append_c (out, ' ');
      if (bits == 0)
        ipm_strbuf_append (out, "NONE");
      else
        ipm_value_print_flags (out, bits, ipm_tcpflags, 6);
    }
  return IPM_VALUE_OK;
}

static const IpmValueFlag ipm_hlmodes[] = {
  { "srcip", 1 << 0 }, { "srcport", 1 << 1 }, { "dstip", 1 << 2 },
  { "dstport", 1 << 3 },
};

static IpmValueStatus
ipm_canon_value_hlmode (IpmValueCtx *ctx, const char *const *args, guint n,
                        GString *out)
{
  /* "none" is accepted but the save then prints no mode at all; keep it. */
  if (strcmp (args[0], "none") == 0)
    {
      ipm_strbuf_append (out, "none");
      return IPM_VALUE_LITERAL;
    }
  return ipm_value_flag_list (ctx, 0, args[0], ipm_hlmodes,
                              G_N_ELEMENTS (ipm_hlmodes), "hashlimit mode",
                              out);
}

static const IpmValueFlag ipm_addrtypes[] = {
  { "UNSPEC", 1 << 0 }, { "UNICAST", 1 << 1 }, { "LOCAL", 1 << 2 },
  { "BROADCAST", 1 << 3 }, { "ANYCAST", 1 << 4 }, { "MULTICAST", 1 << 5 },
  { "BLACKHOLE", 1 << 6 }, { "UNREACHABLE", 1 << 7 }, { "PROHIBIT", 1 << 8 },
  { "THROW", 1 << 9 }, { "NAT", 1 << 10 }, { "XRESOLVE", 1 << 11 },
};

static IpmValueStatus
ipm_canon_value_addrtype (IpmValueCtx *ctx, const char *const *args, guint n,
                          GString *out)
{
  return ipm_value_flag_list (ctx, 0, args[0], ipm_addrtypes,
                              G_N_ELEMENTS (ipm_addrtypes), "address type",
                              out);
}

/* ipset: NAME then up to 6 of src/dst, kept in the order given. */
static IpmValueStatus
ipm_canon_value_setflags (IpmValueCtx *ctx, const char *const *args, guint n,
                          GString *out)
{
  const char *p = args[1];
  guint count = 0;

  if (args[0][0] == '\0' || strlen (args[0]) > 31)
    return ipm_value_fail (ctx, 0, "set name '%s' must be 1 to 31 "
                           "characters", args[0]);
  ipm_quote_min (out, args[0]);
  g_string_append_c (out, ' ');
  for (;;)
    {
      const char *comma = strchr (p, ',');
      gsize len = comma ? (gsize) (comma - p) : strlen (p);

      if (!((len == 3 && strncmp (p, "src", 3) == 0)
            || (len == 3 && strncmp (p, "dst", 3) == 0)))
        return ipm_value_fail (ctx, 1, "set flags '%s': each must be src or "
                               "dst", args[1]);
      if (++count > 6)
        return ipm_value_fail (ctx, 1, "set flags '%s': at most 6", args[1]);
      if (comma == NULL)
        break;
      p = comma + 1;
    }
  ipm_strbuf_append (out, args[1]);
  return IPM_VALUE_OK;
}

/* ---- addresses ---- */

/* S[0..LEN) is four decimal octets without leading zeros ("10.1.2.3"),
 * the spelling iptables-save prints: sets *ADDR.  FALSE for anything
 * else, valid or not. */
static gboolean
ipm_value_ipv4_decimal (const char *s, gsize len, guint32 *addr)
{
  const char *p = s, *end = s + len;
  guint32 v = 0;

  for (guint part = 0; part < 4; part++)
    {
      guint octet;

      if (part > 0 && (p >= end || *p++ != '.'))
        return FALSE;
      if (p >= end || (guint) (*p - '0') > 9)
        return FALSE;
      octet = (guint) (*p++ - '0');
      /* a leading zero means octal to iptables: "0" stands alone */
      for (guint k = 0; octet != 0 && k < 2 && p < end
           && (guint) (*p - '0') <= 9; k++)
        octet = octet * 10 + (guint) (*p++ - '0');
      if (octet > 255 || (p < end && (guint) (*p - '0') <= 9))
        return FALSE;
      v = v << 8 | octet;
    }
  if (p != end)
    return FALSE;
  *addr = v;
  return TRUE;
}

/* xtables' dotted-quad parser: 1 to 4 parts, each strtoul base 0 (so 010 is
 * octal), missing trailing parts are 0 ("10.1" is 10.1.0.0). */
static gboolean
ipm_value_ipv4_n (const char *s, gsize len, guint32 *addr)
{
  guint32 v = 0;
  guint parts = 0;
  const char *p = s, *end = s + len;

  if (len == 0)
    return FALSE;
  /* the common spelling first */
  if (ipm_value_ipv4_decimal (s, len, addr))
    return TRUE;
  while (p <= end)
    {
      const char *dot = memchr (p, '.', end - p);
      const char *stop = dot ? dot : end;
      guint64 octet;

      if (parts == 4
          || !g_ascii_isdigit (p[0])
          || !ipm_value_uint_n (p, stop - p, 0, 255, &octet))
        return FALSE;
      v |= (guint32) octet << (24 - 8 * parts);
      parts++;
      if (dot == NULL)
        break;
      p = dot + 1;
    }
  *addr = v;
  return TRUE;
}

static gboolean
ipm_value_ipv6_n (const char *s, gsize len, struct in6_addr *addr)
{
  char buf[INET6_ADDRSTRLEN + 8];

  if (len == 0 || len >= sizeof buf || memchr (s, ':', len) == NULL)
    return FALSE;
  memcpy (buf, s, len);
  buf[len] = '\0';
  return inet_pton (AF_INET6, buf, addr) == 1;
}

static void
ipm_value_print_ipv4 (GString *out, guint32 a)
{
  for (int shift = 24; shift >= 0; shift -= 8)
    {
      ipm_strbuf_append_uint (out, (a >> shift) & 0xff);
      if (shift > 0)
        g_string_append_c (out, '.');
    }
}

static void
ipm_value_print_ipv6 (GString *out, const struct in6_addr *a)
{
  char buf[INET6_ADDRSTRLEN];

  ipm_strbuf_append (out, inet_ntop (AF_INET6, a, buf, sizeof buf));
}

gboolean
ipm_canon_value_other_family (IpmFamily family, const char *text)
{
  const char *slash = strchr (text, '/');
  gsize len = slash ? (gsize) (slash - text) : strlen (text);
  guint32 a4;
  struct in6_addr a6;

  if (family == IPM_FAMILY_IPV6)
    return ipm_value_ipv4_n (text, len, &a4)
      && memchr (text, '.', len) != NULL;
  return ipm_value_ipv6_n (text, len, &a6);
}

static char *
ipm_value_address_error (IpmFamily family, const char *text)
{
  gboolean v6 = family == IPM_FAMILY_IPV6;

  if (ipm_canon_value_other_family (family, text))
    return g_strdup_printf ("'%s' is an IPv%d address in an IPv%d dump; %s",
                            text, v6 ? 4 : 6, v6 ? 6 : 4,
                            v6 ? "run without -6 for iptables dumps"
                            : "use -6 for ip6tables dumps");
  if (strpbrk (text, "ghijklmnopqrstuvwxyzGHIJKLMNOPQRSTUVWXYZ") != NULL)
    return g_strdup_printf ("'%s' is a host name; use an address, ipmerge "
                            "does not resolve names", text);
  return g_strdup_printf ("'%s' is not a valid IPv%d address", text,
                          v6 ? 6 : 4);
}

/* Parses ADDR[/MASK] of FAMILY into 16 address bytes and 16 mask bytes
 * (IPv4 in the first 4); the mask is a prefix length or a dotted/colon
 * address.  Host bits are cleared as xtables_ipparse_any does. */
static gboolean
ipm_value_parse_net (IpmFamily family, const char *text, gboolean clear_host,
                     guint8 addr[16], guint8 mask[16], guint *len_bytes,
                     GError **error)
{
  const char *slash = strchr (text, '/');
  gsize alen = slash ? (gsize) (slash - text) : strlen (text);
  guint nbytes = family == IPM_FAMILY_IPV6 ? 16 : 4;

  memset (addr, 0, 16);
  memset (mask, 0xff, 16);
  *len_bytes = nbytes;
  if (family == IPM_FAMILY_IPV6)
    {
      struct in6_addr a6;

      if (!ipm_value_ipv6_n (text, alen, &a6))
        {
          g_autofree char *a = g_strndup (text, alen);
          g_autofree char *why = ipm_value_address_error (family, a);

          g_set_error_literal (error, IPM_ERROR, IPM_ERROR_INVALID, why);
          return FALSE;
        }
      memcpy (addr, &a6, 16);
    }
  else
    {
      guint32 a4;

      if (!ipm_value_ipv4_n (text, alen, &a4))
        {
          g_autofree char *a = g_strndup (text, alen);
          g_autofree char *why = ipm_value_address_error (family, a);

          g_set_error_literal (error, IPM_ERROR, IPM_ERROR_INVALID, why);
          return FALSE;
        }
      addr[0] = a4 >> 24;
      addr[1] = a4 >> 16;
      addr[2] = a4 >> 8;
      addr[3] = a4;
    }
  if (slash != NULL)
    {
      const char *m = slash + 1;
      guint64 bits;

      memset (mask, 0, 16);
      if (ipm_value_uint (m, 10, nbytes * 8, &bits) && g_ascii_isdigit (m[0]))
        {
          memset (mask, 0xff, bits / 8);
          if (bits % 8 != 0)
            mask[bits / 8] = 0xff << (8 - bits % 8);
        }
      else if (family == IPM_FAMILY_IPV4 && strchr (m, '.') != NULL)
        {
          guint32 m4;

          if (!ipm_value_ipv4_n (m, strlen (m), &m4))
            goto bad_mask;
          mask[0] = m4 >> 24;
          mask[1] = m4 >> 16;
          mask[2] = m4 >> 8;
          mask[3] = m4;
        }
      else if (family == IPM_FAMILY_IPV6 && strchr (m, ':') != NULL)
        {
          struct in6_addr m6;

          if (!ipm_value_ipv6_n (m, strlen (m), &m6))
            goto bad_mask;
          memcpy (mask, &m6, 16);
        }
      else
        goto bad_mask;
    }
  for (guint i = 0; clear_host && i < nbytes; i++)
    addr[i] &= mask[i];
  return TRUE;

bad_mask:
  g_set_error (error, IPM_ERROR, IPM_ERROR_INVALID,
               "'%s' is not a valid mask; use a prefix length from 0 to %u",
               slash + 1, nbytes * 8);
  return FALSE;
}

/* Prefix length of MASK, or -1 when it is not contiguous. */
static int
ipm_value_prefix_len (const guint8 *mask, guint nbytes)
{
  int len = 0;
  guint i = 0;

  while (i < nbytes && mask[i] == 0xff)
    {
      len += 8;
      i++;
    }
  if (i < nbytes)
    {
      guint8 b = mask[i];

      while (b & 0x80)
        {
          len++;
          b <<= 1;
        }
      if (b != 0)
        return -1;
      for (i++; i < nbytes; i++)
        if (mask[i] != 0)
          return -1;
    }
  return len;
}

static void
ipm_value_print_addr (GString *out, IpmFamily family, const guint8 *addr)
{
  if (family == IPM_FAMILY_IPV6)
    ipm_value_print_ipv6 (out, (const struct in6_addr *) addr);
  else
    ipm_value_print_ipv4 (out, ((guint32) addr[0] << 24)
                          | ((guint32) addr[1] << 16)
                          | ((guint32) addr[2] << 8) | addr[3]);
}

/* Prints ADDR/LEN, or ADDR/MASK when the mask is not contiguous; FULL is
 * printed after the address for a host mask (e.g. "/32" or ""). */
static void
ipm_value_print_net (GString *out, IpmFamily family, const guint8 *addr,
                     const guint8 *mask, guint nbytes, gboolean host_suffix)
{
  int len = ipm_value_prefix_len (mask, nbytes);

  ipm_value_print_addr (out, family, addr);
  if (len < 0)
    {
      g_string_append_c (out, '/');
      ipm_value_print_addr (out, family, mask);
    }
  else if (len != (int) nbytes * 8 || host_suffix)
    {
      g_string_append_c (out, '/');
      ipm_strbuf_append_uint (out, len);
    }
}

gboolean
ipm_canon_value_address_as_printed (IpmFamily family, const char *raw,
                                    gsize len, gboolean *any)
{
  const char *slash = memchr (raw, '/', len);
  gsize digits;
  guint32 addr;
  guint plen = 0;

  if (family == IPM_FAMILY_IPV6 || slash == NULL
      || !ipm_value_ipv4_decimal (raw, slash - raw, &addr))
    return FALSE;
  /* the prefix length: decimal, no leading zero, at most 32 */
  digits = len - (gsize) (slash + 1 - raw);
  if (digits == 0 || digits > 2 || (digits == 2 && slash[1] == '0'))
    return FALSE;
  for (gsize k = 0; k < digits; k++)
    {
      guint d = (guint) (slash[1 + k] - '0');

      if (d > 9)
        return FALSE;
      plen = plen * 10 + d;
    }
  if (plen > 32 || (plen < 32 && (addr & (G_MAXUINT32 >> plen)) != 0))
    return FALSE;
  *any = plen == 0;
  return TRUE;
}

gboolean
ipm_canon_value_address (IpmFamily family, const char *text, GString *out,
                         gboolean *any, GError **error)
{
  guint8 addr[16], mask[16];
  guint nbytes;

  if (ipm_canon_value_address_as_printed (family, text, strlen (text), any))
    {
      ipm_strbuf_append (out, text);
      return TRUE;
    }
  if (!ipm_value_parse_net (family, text, TRUE, addr, mask, &nbytes, error))
    return FALSE;
  *any = ipm_value_prefix_len (mask, nbytes) == 0;
  ipm_value_print_net (out, family, addr, mask, nbytes, TRUE);
  return TRUE;
}

static IpmValueStatus
ipm_canon_value_addrmask (IpmValueCtx *ctx, const char *const *args, guint n,
                          GString *out)
{
  guint8 addr[16], mask[16];
  guint nbytes;
  g_autoptr(GError) error = NULL;

  /* conntrack keeps the host bits (checked against the kernel). */
  if (!ipm_value_parse_net (ctx->family, args[0], FALSE, addr, mask, &nbytes,
                            &error))
    {
      return ipm_value_fail (ctx, 0, "%s", error->message);
    }
  ipm_value_print_net (out, ctx->family, addr, mask, nbytes, FALSE);
  return IPM_VALUE_OK;
}

/* A network printed with its prefix length, host bits cleared or kept
 * (CLEAR_HOST); a non-contiguous mask is kept as given. */
static IpmValueStatus
ipm_value_net_with_length (IpmValueCtx *ctx, const char *arg,
                           gboolean clear_host, GString *out)
{
  guint8 addr[16], mask[16];
  guint nbytes;
  g_autoptr(GError) error = NULL;

  if (!ipm_value_parse_net (ctx->family, arg, clear_host, addr, mask, &nbytes,
                            &error))
    return ipm_value_fail (ctx, 0, "%s", error->message);
  if (ipm_value_prefix_len (mask, nbytes) < 0)
    {
      ipm_quote_min (out, arg);
      return IPM_VALUE_LITERAL;
    }
  ipm_value_print_net (out, ctx->family, addr, mask, nbytes, TRUE);
  return IPM_VALUE_OK;
}

/* srh --srh-psid/--srh-nsid/--srh-lsid: host bits kept (checked against
 * the kernel). */
static IpmValueStatus
ipm_canon_value_addrplen (IpmValueCtx *ctx, const char *const *args,
                          guint n, GString *out)
{
  return ipm_value_net_with_length (ctx, args[0], FALSE, out);
}

/* NETMAP --to: host bits cleared (checked against the kernel). */
static IpmValueStatus
ipm_canon_value_network (IpmValueCtx *ctx, const char *const *args, guint n,
                         GString *out)
{
  return ipm_value_net_with_length (ctx, args[0], TRUE, out);
}

static gboolean
ipm_value_host_n (IpmValueCtx *ctx, const char *s, gsize len, guint8 *addr)
{
  if (ctx->family == IPM_FAMILY_IPV6)
    return ipm_value_ipv6_n (s, len, (struct in6_addr *) addr);
  else
    {
      guint32 a4;

      if (!ipm_value_ipv4_n (s, len, &a4))
        return FALSE;
      addr[0] = a4 >> 24;
      addr[1] = a4 >> 16;
      addr[2] = a4 >> 8;
      addr[3] = a4;
      return TRUE;
    }
}

static IpmValueStatus
ipm_value_bad_host (IpmValueCtx *ctx, guint arg, const char *s, gsize len)
{
  g_autofree char *a = g_strndup (s, len);

  g_autofree char *why = ipm_value_address_error (ctx->family, a);

  ctx->error_arg = arg;
  g_clear_error (&ctx->error);
  ctx->error = g_error_new_literal (IPM_ERROR, IPM_ERROR_INVALID, why);
  return IPM_VALUE_ERROR;
}

static IpmValueStatus
ipm_canon_value_host (IpmValueCtx *ctx, const char *const *args, guint n,
                      GString *out)
{
  guint8 addr[16];

  if (!ipm_value_host_n (ctx, args[0], strlen (args[0]), addr))
    return ipm_value_bad_host (ctx, 0, args[0], strlen (args[0]));
  ipm_value_print_addr (out, ctx->family, addr);
  return IPM_VALUE_OK;
}

/* iprange: A or A-B; a single address prints as A-A. */
static IpmValueStatus
ipm_canon_value_iprange (IpmValueCtx *ctx, const char *const *args, guint n,
                         GString *out)
{
  const char *arg = args[0];
  const char *dash = strchr (arg, '-');
  gsize alen = dash ? (gsize) (dash - arg) : strlen (arg);
  const char *b = dash ? dash + 1 : arg;
  guint8 lo[16], hi[16];

  if (!ipm_value_host_n (ctx, arg, alen, lo))
    return ipm_value_bad_host (ctx, 0, arg, alen);
  if (!ipm_value_host_n (ctx, b, strlen (b), hi))
    return ipm_value_bad_host (ctx, 0, b, strlen (b));
  ipm_value_print_addr (out, ctx->family, lo);
  g_string_append_c (out, '-');
  ipm_value_print_addr (out, ctx->family, hi);
  return IPM_VALUE_OK;
}

/* recent --mask: printed as an address (dotted or IPv6). */
static IpmValueStatus
ipm_canon_value_netmask (IpmValueCtx *ctx, const char *const *args, guint n,
                         GString *out)
{
  return ipm_canon_value_host (ctx, args, n, out);
}

static IpmValueStatus
ipm_canon_value_prefix (IpmValueCtx *ctx, const char *const *args, guint n,
                        GString *out)
{
  return ipm_value_uint_max (ctx, args[0],
                             ctx->family == IPM_FAMILY_IPV6 ? 128 : 32, out);
}

/* NAT ranges: ADDR[-ADDR][:PORT[-PORT]], IPv6 addresses in brackets when a
 * port follows.  Equal ends print once. */
static IpmValueStatus
ipm_canon_value_natrange (IpmValueCtx *ctx, const char *const *args, guint n,
                          GString *out)
{
  const char *arg = args[0];
  const char *ports = NULL;
  const char *a = arg, *aend;
  gboolean v6 = ctx->family == IPM_FAMILY_IPV6;
  gboolean bracket = FALSE;

  if (v6 && arg[0] == '[')
    {
      const char *close = strchr (arg, ']');

      if (close == NULL)
        return ipm_value_fail (ctx, 0, "'%s': missing ']'", arg);
      a = arg + 1;
      aend = close;
      bracket = TRUE;
      if (close[1] == ':')
        ports = close + 2;
      else if (close[1] != '\0')
        return ipm_value_fail (ctx, 0, "'%s': expected ':' after ']'", arg);
    }
  else if (v6)
    aend = arg + strlen (arg);
  else
    {
      const char *colon = strchr (arg, ':');

      aend = colon ? colon : arg + strlen (arg);
      if (colon != NULL)
        ports = colon + 1;
    }
  if (aend > a)
    {
      const char *dash = memchr (a, '-', aend - a);
      gsize l1 = dash ? (gsize) (dash - a) : (gsize) (aend - a);
      guint32 v4;

      /* one IPv4 address as iptables-save prints it: kept as written */
      if (!v6 && dash == NULL && ipm_value_ipv4_decimal (a, l1, &v4))
        ipm_strbuf_append_len (out, a, l1);
      else
        {
          const char *a2 = dash ? dash + 1 : a;
          guint8 lo[16], hi[16];

          if (!ipm_value_host_n (ctx, a, l1, lo))
            return ipm_value_bad_host (ctx, 0, a, l1);
          if (dash == NULL)
            memcpy (hi, lo, sizeof hi);
          else if (!ipm_value_host_n (ctx, a2, aend - a2, hi))
            return ipm_value_bad_host (ctx, 0, a2, aend - a2);
          if (bracket && ports != NULL)
            g_string_append_c (out, '[');
          ipm_value_print_addr (out, ctx->family, lo);
          if (memcmp (lo, hi, v6 ? 16 : 4) != 0)
            {
              g_string_append_c (out, '-');
              ipm_value_print_addr (out, ctx->family, hi);
            }
          if (bracket && ports != NULL)
            g_string_append_c (out, ']');
        }
    }
  if (ports != NULL)
    {
      /* DNAT's "/port" base-port form is rare: keep such rules literal. */
      if (strchr (ports, '/') != NULL)
        {
          g_string_append_printf (out, ":%s", ports);
          return IPM_VALUE_LITERAL;
        }
      g_string_append_c (out, ':');
      return ipm_value_nat_ports (ctx, ports, out);
    }
  return IPM_VALUE_OK;
}

/* ---- protocols ---- */

/* /etc/protocols, read once: libc rereads the file on every lookup, which
 * would dominate the run time on large dumps. */
typedef struct {
  char *by_number[256];        /* official name, or NULL */
  GHashTable *by_name;         /* name or alias -> number + 1 */
} IpmProtocols;

static gpointer
ipm_value_protocols_load (gpointer data)
{
  IpmProtocols *p = g_new0 (IpmProtocols, 1);
  struct protoent *pe;

  p->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  /* one pass: getprotobynumber would read the file once per number; the
   * first entry of a number is the one it gives */
  setprotoent (1);
  while ((pe = getprotoent ()) != NULL)
    {
      if (pe->p_proto < 0 || pe->p_proto > 255)
        continue;
      if (p->by_number[pe->p_proto] == NULL)
        p->by_number[pe->p_proto] = g_strdup (pe->p_name);
      if (!g_hash_table_contains (p->by_name, pe->p_name))
        g_hash_table_insert (p->by_name, g_strdup (pe->p_name),
                             GUINT_TO_POINTER (pe->p_proto + 1));
      for (char **a = pe->p_aliases; a != NULL && *a != NULL; a++)
        if (!g_hash_table_contains (p->by_name, *a))
          g_hash_table_insert (p->by_name, g_strdup (*a),
                               GUINT_TO_POINTER (pe->p_proto + 1));
    }
  endprotoent ();
  return p;
}

static const IpmProtocols *
ipm_value_protocols (void)
{
  static GOnce once = G_ONCE_INIT;

  return g_once (&once, ipm_value_protocols_load, NULL);
}

gboolean
ipm_canon_value_protocol (const char *text, GString *out, guint *num,
                          GError **error)
{
  const IpmProtocols *protos = ipm_value_protocols ();
  g_autofree char *lower = NULL;
  gpointer hit;
  guint64 v;

  /* The common spellings first, without allocating. */
  if (strcmp (text, "tcp") == 0)
    *num = 6;
  else if (strcmp (text, "udp") == 0)
    *num = 17;
  else if (ipm_value_uint (text, 10, 255, &v))
    *num = v;
  else
    {
      lower = g_ascii_strdown (text, -1);
      if (strcmp (lower, "all") == 0)
        *num = 0;
      else if (strcmp (lower, "icmpv6") == 0)
        *num = 58;
      else if ((hit = g_hash_table_lookup (protos->by_name, lower)) != NULL)
        *num = GPOINTER_TO_UINT (hit) - 1;
      else
        {
          g_set_error (error, IPM_ERROR, IPM_ERROR_INVALID,
                       "unknown protocol '%s'; use a name from "
                       "/etc/protocols or a number 0-255", text);
          return FALSE;
        }
    }
  if (*num == 0)
    return TRUE;
  if (protos->by_number[*num] != NULL)
    ipm_strbuf_append (out, protos->by_number[*num]);
  else
    g_string_append_printf (out, "%u", *num);
  return TRUE;
}

/* conntrack --ctproto: stored as a number and printed as one. */
static IpmValueStatus
ipm_canon_value_proto (IpmValueCtx *ctx, const char *const *args, guint n,
                       GString *out)
{
  g_autoptr(GString) name = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  guint num;

  if (!ipm_canon_value_protocol (args[0], name, &num, &error))
    {
      return ipm_value_fail (ctx, 0, "%s", error->message);
    }
  g_string_append_printf (out, "%u", num);
  return IPM_VALUE_OK;
}

/* ---- ICMP ---- */

typedef struct {
  const char *name;
  guint8 type;
  guint8 code_min;
  guint8 code_max;
} IpmIcmpName;

static const IpmIcmpName ipm_icmp4_names[] = {
  { "any", 0xff, 0, 0xff },
  { "echo-reply", 0, 0, 0xff }, { "pong", 0, 0, 0xff },
  { "destination-unreachable", 3, 0, 0xff },
  { "network-unreachable", 3, 0, 0 }, { "host-unreachable", 3, 1, 1 },
  { "protocol-unreachable", 3, 2, 2 }, { "port-unreachable", 3, 3, 3 },
  { "fragmentation-needed", 3, 4, 4 }, { "source-route-failed", 3, 5, 5 },
  { "network-unknown", 3, 6, 6 }, { "host-unknown", 3, 7, 7 },
  { "network-prohibited", 3, 9, 9 }, { "host-prohibited", 3, 10, 10 },
  { "TOS-network-unreachable", 3, 11, 11 },
  { "TOS-host-unreachable", 3, 12, 12 },
  { "communication-prohibited", 3, 13, 13 },
  { "host-precedence-violation", 3, 14, 14 },
  { "precedence-cutoff", 3, 15, 15 },
  { "source-quench", 4, 0, 0xff },
  { "redirect", 5, 0, 0xff }, { "network-redirect", 5, 0, 0 },
  { "host-redirect", 5, 1, 1 }, { "TOS-network-redirect", 5, 2, 2 },
  { "TOS-host-redirect", 5, 3, 3 },
  { "echo-request", 8, 0, 0xff }, { "ping", 8, 0, 0xff },
  { "router-advertisement", 9, 0, 0xff },
  { "router-solicitation", 10, 0, 0xff },
  { "time-exceeded", 11, 0, 0xff }, { "ttl-exceeded", 11, 0, 0xff },
  { "ttl-zero-during-transit", 11, 0, 0 },
  { "ttl-zero-during-reassembly", 11, 1, 1 },
  { "parameter-problem", 12, 0, 0xff }, { "ip-header-bad", 12, 0, 0 },
  { "required-option-missing", 12, 1, 1 },
  { "timestamp-request", 13, 0, 0xff }, { "timestamp-reply", 14, 0, 0xff },
  { "address-mask-request", 17, 0, 0xff },
  { "address-mask-reply", 18, 0, 0xff },
};

static const IpmIcmpName ipm_icmp6_names[] = {
  { "destination-unreachable", 1, 0, 0xff }, { "no-route", 1, 0, 0 },
  { "communication-prohibited", 1, 1, 1 }, { "beyond-scope", 1, 2, 2 },
  { "address-unreachable", 1, 3, 3 }, { "port-unreachable", 1, 4, 4 },
  { "failed-policy", 1, 5, 5 }, { "reject-route", 1, 6, 6 },
  { "packet-too-big", 2, 0, 0xff },
  { "time-exceeded", 3, 0, 0xff }, { "ttl-exceeded", 3, 0, 0xff },
  { "ttl-zero-during-transit", 3, 0, 0 },
  { "ttl-zero-during-reassembly", 3, 1, 1 },
  { "parameter-problem", 4, 0, 0xff }, { "bad-header", 4, 0, 0 },
  { "unknown-header-type", 4, 1, 1 }, { "unknown-option", 4, 2, 2 },
  { "echo-request", 128, 0, 0xff }, { "ping", 128, 0, 0xff },
  { "echo-reply", 129, 0, 0xff }, { "pong", 129, 0, 0xff },
  { "router-solicitation", 133, 0, 0xff },
  { "router-advertisement", 134, 0, 0xff },
  { "neighbour-solicitation", 135, 0, 0xff },
  { "neighbor-solicitation", 135, 0, 0xff },
  { "neighbour-advertisement", 136, 0, 0xff },
  { "neighbor-advertisement", 136, 0, 0xff },
  { "redirect", 137, 0, 0xff },
};

/* Names match case-insensitively, by unique prefix as in libxt_icmp; the
 * save prints numbers: "TYPE" for a whole type, else "TYPE/CODE". */
static IpmValueStatus
ipm_value_icmp (IpmValueCtx *ctx, const char *arg, const IpmIcmpName *names,
                guint n_names, const char *what, GString *out)
{
  const IpmIcmpName *hit = NULL;
  gsize len = strlen (arg);
  guint8 type, code_min, code_max;

  if (g_ascii_isdigit (arg[0]))
    {
      const char *slash = strchr (arg, '/');
      guint64 t, c;

      if (!ipm_value_uint_n (arg, slash ? (gsize) (slash - arg) : len, 10,
                             255, &t)
          || (slash && !ipm_value_uint (slash + 1, 10, 255, &c)))
        return ipm_value_fail (ctx, 0, "'%s' is not an %s type number or "
                               "TYPE/CODE (0-255)", arg, what);
      type = t;
      code_min = slash ? c : 0;
      code_max = slash ? c : 0xff;
    }
  else
    {
      for (guint i = 0; i < n_names; i++)
        if (g_ascii_strncasecmp (names[i].name, arg, len) == 0)
          {
            if (strlen (names[i].name) == len)
              {
                hit = &names[i];
                break;
              }
            if (hit != NULL && hit->type != names[i].type)
              return ipm_value_fail (ctx, 0, "%s type '%s' is ambiguous; "
                                     "spell it out", what, arg);
            if (hit == NULL)
              hit = &names[i];
          }
      if (hit == NULL)
        return ipm_value_fail (ctx, 0, "unknown %s type '%s'; see "
                               "'iptables -p icmp -h' for names", what, arg);
      type = hit->type;
      code_min = hit->code_min;
      code_max = hit->code_max;
    }
  if (type == 0xff && code_min == 0 && code_max == 0xff && names == ipm_icmp4_names)
    ipm_strbuf_append (out, "any");
  else if (code_min == 0 && code_max == 0xff)
    g_string_append_printf (out, "%u", type);
  else
    g_string_append_printf (out, "%u/%u", type, code_min);
  return IPM_VALUE_OK;
}

static IpmValueStatus
ipm_canon_value_icmp (IpmValueCtx *ctx, const char *const *args, guint n,
                      GString *out)
{
  return ipm_value_icmp (ctx, args[0], ipm_icmp4_names,
                         G_N_ELEMENTS (ipm_icmp4_names), "ICMP", out);
}

static IpmValueStatus
ipm_canon_value_icmp6 (IpmValueCtx *ctx, const char *const *args, guint n,
                       GString *out)
{
  return ipm_value_icmp (ctx, args[0], ipm_icmp6_names,
                         G_N_ELEMENTS (ipm_icmp6_names), "ICMPv6", out);
}

/* ---- marks ---- */

static gboolean
ipm_value_mark_parse (const char *arg, guint32 *value, guint32 *mask,
                      gboolean *has_mask)
{
  const char *slash = strchr (arg, '/');
  guint64 v, m = G_MAXUINT32;

  if (!ipm_value_uint_n (arg, slash ? (gsize) (slash - arg) : strlen (arg), 0,
                         G_MAXUINT32, &v)
      || (slash != NULL && !ipm_value_uint (slash + 1, 0, G_MAXUINT32, &m)))
    return FALSE;
  *value = v;
  *mask = m;
  if (has_mask != NULL)
    *has_mask = slash != NULL;
  return TRUE;
}

static IpmValueStatus
ipm_value_bad_mark (IpmValueCtx *ctx, const char *arg, gboolean with_mask)
{
  return ipm_value_fail (ctx, 0, "'%s' is not a 32-bit %s", arg,
                         with_mask ? "mark VALUE[/MASK] (e.g. 0x4000/0x4000)"
                         : "value (e.g. 0x4000)");
}

/* mark/connmark match: 0xV, or 0xV/0xM unless the mask is all ones. */
static IpmValueStatus
ipm_canon_value_mark (IpmValueCtx *ctx, const char *const *args, guint n,
                      GString *out)
{
  guint32 v, m;

  if (!ipm_value_mark_parse (args[0], &v, &m, NULL))
    return ipm_value_bad_mark (ctx, args[0], TRUE);
  if (m == G_MAXUINT32)
    g_string_append_printf (out, "0x%x", v);
  else
    g_string_append_printf (out, "0x%x/0x%x", v, m);
  return IPM_VALUE_OK;
}

static IpmValueStatus
ipm_canon_value_xmark (IpmValueCtx *ctx, const char *const *args, guint n,
                       GString *out)
{
  guint32 v, m;

  if (!ipm_value_mark_parse (args[0], &v, &m, NULL))
    return ipm_value_bad_mark (ctx, args[0], TRUE);
  g_string_append_printf (out, "0x%x/0x%x", v, m);
  return IPM_VALUE_OK;
}

/* --set-mark V/M clears M|V then sets V: the xmark mask is V|M. */
static IpmValueStatus
ipm_canon_value_setmark (IpmValueCtx *ctx, const char *const *args, guint n,
                         GString *out)
{
  guint32 v, m;

  if (!ipm_value_mark_parse (args[0], &v, &m, NULL))
    return ipm_value_bad_mark (ctx, args[0], TRUE);
  g_string_append_printf (out, "0x%x/0x%x", v, v | m);
  return IPM_VALUE_OK;
}

static gboolean
ipm_value_bits (const char *arg, guint32 *v)
{
  guint64 x;

  if (!ipm_value_uint (arg, 0, G_MAXUINT32, &x))
    return FALSE;
  *v = x;
  return TRUE;
}

static IpmValueStatus
ipm_canon_value_andmark (IpmValueCtx *ctx, const char *const *args, guint n,
                         GString *out)
{
  guint32 v;

  if (!ipm_value_bits (args[0], &v))
    return ipm_value_bad_mark (ctx, args[0], FALSE);
  g_string_append_printf (out, "0x0/0x%x", ~v);
  return IPM_VALUE_OK;
}

static IpmValueStatus
ipm_canon_value_ormark (IpmValueCtx *ctx, const char *const *args, guint n,
                        GString *out)
{
  guint32 v;

  if (!ipm_value_bits (args[0], &v))
    return ipm_value_bad_mark (ctx, args[0], FALSE);
  g_string_append_printf (out, "0x%x/0x%x", v, v);
  return IPM_VALUE_OK;
}

static IpmValueStatus
ipm_canon_value_xormark (IpmValueCtx *ctx, const char *const *args, guint n,
                         GString *out)
{
  guint32 v;

  if (!ipm_value_bits (args[0], &v))
    return ipm_value_bad_mark (ctx, args[0], FALSE);
  g_string_append_printf (out, "0x%x/0x0", v);
  return IPM_VALUE_OK;
}

static IpmValueStatus
ipm_canon_value_hex32 (IpmValueCtx *ctx, const char *const *args, guint n,
                       GString *out)
{
  guint32 v;

  if (!ipm_value_bits (args[0], &v))
    return ipm_value_bad_mark (ctx, args[0], FALSE);
  g_string_append_printf (out, "0x%x", v);
  return IPM_VALUE_OK;
}

/* ---- rates ---- */

/* libxtables parse_rate/print_rate: N[/unit] where unit is any prefix of
 * second, minute, hour, day; stored as SCALE*unit/N and printed with the
 * largest unit that keeps the value exact enough. */
static IpmValueStatus
ipm_value_rate (IpmValueCtx *ctx, const char *arg, guint64 scale,
                GString *out)
{
  static const struct { const char *name; const char *print; guint64 secs; }
  units[] = {
    { "day", "day", 24 * 60 * 60 }, { "hour", "hour", 60 * 60 },
    { "minute", "min", 60 }, { "second", "sec", 1 },
  };
  const char *slash = strchr (arg, '/');
  guint64 n, secs = 1, period;
  guint i;

  if (!ipm_value_uint_n (arg, slash ? (gsize) (slash - arg) : strlen (arg),
                         10, G_MAXUINT32, &n) || n == 0)
    goto bad;
  if (slash != NULL)
    {
      gsize ulen = strlen (slash + 1);

      for (i = 0; i < G_N_ELEMENTS (units); i++)
        if (ulen > 0 && g_ascii_strncasecmp (units[i].name, slash + 1, ulen) == 0)
          break;
      if (i == G_N_ELEMENTS (units))
        goto bad;
      secs = units[i].secs;
    }
  period = scale * secs / n;
  if (period == 0)
    return ipm_value_fail (ctx, 0, "rate '%s' is too fast", arg);
  for (i = 1; i < G_N_ELEMENTS (units); i++)
    {
      guint64 mult = scale * units[i].secs;

      if (period > mult || mult / period < mult % period)
        break;
    }
  g_string_append_printf (out, "%" G_GUINT64_FORMAT "/%s",
                          scale * units[i - 1].secs / period,
                          units[i - 1].print);
  return IPM_VALUE_OK;

bad:
  return ipm_value_fail (ctx, 0, "'%s' is not a rate; write N/second, "
                         "N/minute, N/hour or N/day", arg);
}

static IpmValueStatus
ipm_canon_value_rate (IpmValueCtx *ctx, const char *const *args, guint n,
                      GString *out)
{
  return ipm_value_rate (ctx, args[0], 10000, out);
}

/* hashlimit revision 3 uses a finer scale; byte rates ("1kb/s") have their
 * own printing and are kept literally. */
static IpmValueStatus
ipm_canon_value_hlrate (IpmValueCtx *ctx, const char *const *args, guint n,
                        GString *out)
{
  gsize digits = strspn (args[0], "0123456789");

  if (digits > 0 && args[0][digits] != '\0' && args[0][digits] != '/')
    {
      ipm_strbuf_append (out, args[0]);
      return IPM_VALUE_LITERAL;
    }
  return ipm_value_rate (ctx, args[0], 1000000, out);
}

/* A burst in packets, or with a byte rate ("4kb/s") in bytes: "400kb",
 * "1mb", "4096" (printed 4kb).  A count with a unit is kept literally, as
 * byte rates are: iptables rounds it to its cost steps. */
static IpmValueStatus
ipm_canon_value_hlburst (IpmValueCtx *ctx, const char *const *args, guint n,
                         GString *out)
{
  const char *arg = args[0];
  gsize digits = strspn (arg, "0123456789");
  guint64 v;

  if (digits > 0 && (strcmp (arg + digits, "b") == 0
                     || strcmp (arg + digits, "kb") == 0
                     || strcmp (arg + digits, "mb") == 0))
    {
      if (!ipm_value_uint_n (arg, digits, 10, G_MAXUINT32, &v))
        return ipm_value_fail (ctx, 0, "'%s' is not a byte count from 0 to "
                               "4294967295", arg);
      ipm_strbuf_append (out, arg);
      return IPM_VALUE_LITERAL;
    }
  if (!ipm_value_uint (arg, 0, G_MAXUINT32, &v))
    return ipm_value_fail (ctx, 0, "'%s' is not a number from 0 to "
                           "4294967295, or a byte count N[b|kb|mb]", arg);
  ipm_strbuf_append_uint (out, v);
  return IPM_VALUE_OK;
}

/* Appends STORED / 2^31 with 11 decimals as printf ("%.11f") prints that
 * (exact) double: rounded to nearest, ties to even.  Long division in
 * integers: the printf machinery costs more than the rest of the rule. */
static void
ipm_value_print_prob (GString *out, guint32 stored)
{
  guint64 frac = stored & 0x7fffffffu;
  guint whole = stored >> 31;
  char digits[11];
  int i;

  for (i = 0; i < 11; i++)
    {
      frac *= 10;
      digits[i] = '0' + (frac >> 31);
      frac &= 0x7fffffffu;
    }
  if (frac > 0x40000000u
      || (frac == 0x40000000u && (digits[10] - '0') % 2 == 1))
    {
      for (i = 10; i >= 0 && digits[i] == '9'; i--)
        digits[i] = '0';
      if (i >= 0)
        digits[i]++;
      else
        whole++;
    }
  ipm_strbuf_append_uint (out, whole);
  g_string_append_c (out, '.');
  ipm_strbuf_append_len (out, digits, sizeof digits);
}

/* Probabilities already normalized, by their bytes: a dump repeats a few
 * (0.50000000000 on thousands of rules; 1/100 .. 1/2 in each Service of
 * 100 endpoints), and the normalizer parses a double.  The normalizer is
 * a function of the bytes alone; a small table per thread, a newer entry
 * replacing an older one in its slot. */
typedef struct {
  guint8 len;               /* 0: empty */
  guint8 printed_len;
  char raw[23];
  char printed[23];
} IpmProbKnown;

static _Thread_local IpmProbKnown ipm_prob_known[128];

/* The place of RAW[0..LEN) in the table, or NULL when it is too long to
 * be kept. */
static IpmProbKnown *
ipm_value_prob_slot (const char *raw, gsize len)
{
  if (len == 0 || len > sizeof ipm_prob_known[0].raw)
    return NULL;
  return &ipm_prob_known[ipm_text_hash (raw, len) % G_N_ELEMENTS (ipm_prob_known)];
}

/* SLOT (or NULL) holds RAW[0..LEN). */
static gboolean
ipm_value_prob_holds (const IpmProbKnown *slot, const char *raw, gsize len)
{
  return slot != NULL && slot->len == len && memcmp (slot->raw, raw, len) == 0;
}

/* RAW[0..LEN)'s entry, or NULL; with AS_PRINTED only when it is printed
 * as it is. */
static const IpmProbKnown *
ipm_value_prob_known (const char *raw, gsize len, gboolean as_printed)
{
  const IpmProbKnown *known = ipm_value_prob_slot (raw, len);

  if (!ipm_value_prob_holds (known, raw, len)
      || (as_printed && (known->printed_len != len
                         || memcmp (known->printed, raw, len) != 0)))
    return NULL;
  return known;
}

/* statistic: stored as round(p * 2^31), printed with 11 decimals. */
static IpmValueStatus
ipm_canon_value_prob (IpmValueCtx *ctx, const char *const *args, guint n,
                      GString *out)
{
  gsize len = strlen (args[0]), before = out->len;
  IpmProbKnown *slot = ipm_value_prob_slot (args[0], len);
  char *end;
  double p;
  guint32 stored;

  if (ipm_value_prob_holds (slot, args[0], len))
    {
      ipm_strbuf_append_len (out, slot->printed, slot->printed_len);
      return IPM_VALUE_OK;
    }
  p = g_ascii_strtod (args[0], &end);
  if (end == args[0] || *end != '\0' || !(p >= 0.0 && p <= 1.0))
    return ipm_value_fail (ctx, 0, "'%s' is not a probability from 0 to 1",
                           args[0]);
  /* lround () without libm: p is not negative. */
  stored = (guint32) (p * 2147483648.0 + 0.5);
  ipm_value_print_prob (out, stored);
  if (slot != NULL && out->len - before <= sizeof slot->printed)
    {
      slot->len = len;
      memcpy (slot->raw, args[0], len);
      slot->printed_len = out->len - before;
      memcpy (slot->printed, out->str + before, slot->printed_len);
    }
  return IPM_VALUE_OK;
}

static IpmValueStatus
ipm_canon_value_statmode (IpmValueCtx *ctx, const char *const *args, guint n,
                          GString *out)
{
  if (strcmp (args[0], "random") != 0 && strcmp (args[0], "nth") != 0)
    return ipm_value_fail (ctx, 0, "unknown mode '%s'; use random or nth",
                           args[0]);
  ipm_strbuf_append (out, args[0]);
  return IPM_VALUE_OK;
}

/* ---- target values ---- */

static IpmValueStatus
ipm_canon_value_loglevel (IpmValueCtx *ctx, const char *const *args, guint n,
                          GString *out)
{
  static const char *const levels[] = {
    "emerg", "alert", "crit", "error", "warning", "notice", "info", "debug",
  };
  guint64 v;

  if (ipm_value_uint (args[0], 10, 7, &v))
    {
      g_string_append_printf (out, "%u", (guint) v);
      return IPM_VALUE_OK;
    }
  /* Names are case-sensitive in libxt_LOG. */
  for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
    if (strcmp (args[0], levels[i]) == 0)
      {
        g_string_append_printf (out, "%u", i);
        return IPM_VALUE_OK;
      }
  /* Older syslog spellings libxt_LOG also accepts. */
  if (strcmp (args[0], "panic") == 0)
    ipm_strbuf_append (out, "0");
  else if (strcmp (args[0], "err") == 0)
    ipm_strbuf_append (out, "3");
  else if (strcmp (args[0], "warn") == 0)
    ipm_strbuf_append (out, "4");
  else
    return ipm_value_fail (ctx, 0, "log level '%s' unknown; use 0-7 or "
                           "emerg, alert, crit, error, warning, notice, info, "
                           "debug", args[0]);
  return IPM_VALUE_OK;
}

typedef struct {
  const char *name;
  const char *alias;
} IpmRejectName;

static const IpmRejectName ipm_reject4[] = {
  { "icmp-net-unreachable", "net-unreach" },
  { "icmp-host-unreachable", "host-unreach" },
  { "icmp-proto-unreachable", "proto-unreach" },
  { "icmp-port-unreachable", "port-unreach" },
  { "icmp-net-prohibited", "net-prohib" },
  { "icmp-host-prohibited", "host-prohib" },
  { "tcp-reset", "tcp-rst" },
  { "icmp-admin-prohibited", "admin-prohib" },
};

static const IpmRejectName ipm_reject6[] = {
  { "icmp6-no-route", "no-route" },
  { "icmp6-adm-prohibited", "adm-prohibited" },
  { "icmp6-addr-unreachable", "addr-unreach" },
  { "icmp6-port-unreachable", "port-unreach" },
  { "tcp-reset", "tcp-reset" },
  { "icmp6-policy-fail", "policy-fail" },
  { "icmp6-reject-route", "reject-route" },
};

static IpmValueStatus
ipm_canon_value_reject (IpmValueCtx *ctx, const char *const *args, guint n,
                        GString *out)
{
  gboolean v6 = ctx->family == IPM_FAMILY_IPV6;
  const IpmRejectName *names = v6 ? ipm_reject6 : ipm_reject4;
  guint n_names = v6 ? G_N_ELEMENTS (ipm_reject6) : G_N_ELEMENTS (ipm_reject4);

  for (guint i = 0; i < n_names; i++)
    if (strcmp (args[0], names[i].name) == 0
        || strcmp (args[0], names[i].alias) == 0)
      {
        ipm_strbuf_append (out, names[i].name);
        return IPM_VALUE_OK;
      }
  return ipm_value_fail (ctx, 0, "unknown reject type '%s' for IPv%d; e.g. "
                         "%s or tcp-reset", args[0], v6 ? 6 : 4,
                         names[3].name);
}

static IpmValueStatus
ipm_canon_value_pkttype (IpmValueCtx *ctx, const char *const *args, guint n,
                         GString *out)
{
  static const char *const names[][2] = {
    { "unicast", "unicast" }, { "host", "unicast" },
    { "broadcast", "broadcast" }, { "multicast", "multicast" },
    { "otherhost", "otherhost" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (args[0], names[i][0]) == 0)
      {
        ipm_strbuf_append (out, names[i][1]);
        return IPM_VALUE_OK;
      }
  return ipm_value_fail (ctx, 0, "unknown packet type '%s'; use unicast, "
                         "broadcast, multicast or otherhost", args[0]);
}

static IpmValueStatus
ipm_canon_value_mac (IpmValueCtx *ctx, const char *const *args, guint n,
                     GString *out)
{
  const char *p = args[0];

  /* Each part is one or two hex digits, as xtables parses it. */
  for (guint i = 0; i < 6; i++)
    {
      guint len = 0, v = 0;

      while (len < 2 && g_ascii_isxdigit (p[len]))
        {
          v = v * 16 + g_ascii_xdigit_value (p[len]);
          len++;
        }
      if (len == 0 || (i < 5 && p[len] != ':') || (i == 5 && p[len] != '\0'))
        return ipm_value_fail (ctx, 0, "'%s' is not a MAC address "
                               "XX:XX:XX:XX:XX:XX", args[0]);
      g_string_append_printf (out, "%s%02x", i ? ":" : "", v);
      p += len + 1;
    }
  return IPM_VALUE_OK;
}

/* tos match: VALUE[/MASK] (mask 0xff by default) or a symbol (mask 0x3f). */
static IpmValueStatus
ipm_canon_value_tos (IpmValueCtx *ctx, const char *const *args, guint n,
                     GString *out)
{
  static const struct { const char *name; guint8 value; } symbols[] = {
    { "Minimize-Delay", 0x10 }, { "Maximize-Throughput", 0x08 },
    { "Maximize-Reliability", 0x04 }, { "Minimize-Cost", 0x02 },
    { "Normal-Service", 0x00 },
  };
  guint32 v, m;

  if (g_ascii_isdigit (args[0][0]))
    {
      if (!ipm_value_mark_parse (args[0], &v, &m, NULL) || v > 0xff
          || (m != G_MAXUINT32 && m > 0xff))
        return ipm_value_fail (ctx, 0, "'%s' is not a TOS value[/mask] "
                               "0-255", args[0]);
      if (m == G_MAXUINT32)
        m = 0xff;
      g_string_append_printf (out, "0x%02x/0x%02x", v, m);
      return IPM_VALUE_OK;
    }
  for (guint i = 0; i < G_N_ELEMENTS (symbols); i++)
    if (g_ascii_strcasecmp (args[0], symbols[i].name) == 0)
      {
        g_string_append_printf (out, "0x%02x/0x3f", symbols[i].value);
        return IPM_VALUE_OK;
      }
  return ipm_value_fail (ctx, 0, "unknown TOS '%s'; use a number or "
                         "Minimize-Delay, Maximize-Throughput, "
                         "Maximize-Reliability, Minimize-Cost, "
                         "Normal-Service", args[0]);
}

static IpmValueStatus
ipm_canon_value_dscp (IpmValueCtx *ctx, const char *const *args, guint n,
                      GString *out)
{
  guint64 v;

  if (!ipm_value_uint (args[0], 0, 63, &v))
    return ipm_value_fail (ctx, 0, "'%s' is not a DSCP value 0-63 (0x3f)",
                           args[0]);
  g_string_append_printf (out, "0x%02x", (guint) v);
  return IPM_VALUE_OK;
}

static IpmValueStatus
ipm_canon_value_dscpclass (IpmValueCtx *ctx, const char *const *args, guint n,
                           GString *out)
{
  static const struct { const char *name; guint8 dscp; } classes[] = {
    { "CS0", 0 }, { "CS1", 8 }, { "CS2", 16 }, { "CS3", 24 }, { "CS4", 32 },
    { "CS5", 40 }, { "CS6", 48 }, { "CS7", 56 }, { "BE", 0 },
    { "AF11", 10 }, { "AF12", 12 }, { "AF13", 14 }, { "AF21", 18 },
    { "AF22", 20 }, { "AF23", 22 }, { "AF31", 26 }, { "AF32", 28 },
    { "AF33", 30 }, { "AF41", 34 }, { "AF42", 36 }, { "AF43", 38 },
    { "EF", 46 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    if (g_ascii_strcasecmp (args[0], classes[i].name) == 0)
      {
        g_string_append_printf (out, "0x%02x", classes[i].dscp);
        return IPM_VALUE_OK;
      }
  return ipm_value_fail (ctx, 0, "unknown DiffServ class '%s'; use BE, EF, "
                         "AFxy or CSx", args[0]);
}

/* CLASSIFY: MAJOR:MINOR in hex, printed %04x:%04x. */
static IpmValueStatus
ipm_canon_value_class (IpmValueCtx *ctx, const char *const *args, guint n,
                       GString *out)
{
  const char *colon = strchr (args[0], ':');
  guint64 major, minor;

  if (colon == NULL
      || !ipm_value_uint_n (args[0], colon - args[0], 16, 0xffff, &major)
      || !ipm_value_uint (colon + 1, 16, 0xffff, &minor))
    return ipm_value_fail (ctx, 0, "'%s' is not a class MAJOR:MINOR in hex",
                           args[0]);
  g_string_append_printf (out, "%04x:%04x", (guint) major, (guint) minor);
  return IPM_VALUE_OK;
}

/* sctp --chunk-types: kept as given (the module is then literal). */
static IpmValueStatus
ipm_canon_value_chunks (IpmValueCtx *ctx, const char *const *args, guint n,
                        GString *out)
{
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (out, ' ');
      ipm_quote_min (out, args[i]);
    }
  return IPM_VALUE_LITERAL;
}

/* TOS target --and-tos, --or-tos, --xor-tos: 8-bit values the save prints
 * as --set-tos VALUE/MASK (the kernel clears MASK, then XORs VALUE). */
static IpmValueStatus
ipm_value_tos_bits (IpmValueCtx *ctx, const char *arg, guint *bits)
{
  guint64 v;

  if (!ipm_value_uint (arg, 0, 0xff, &v))
    return ipm_value_fail (ctx, 0, "'%s' is not a TOS value 0-255", arg);
  *bits = v;
  return IPM_VALUE_OK;
}

static IpmValueStatus
ipm_canon_value_andtos (IpmValueCtx *ctx, const char *const *args, guint n,
                        GString *out)
{
  guint v = 0;

  if (ipm_value_tos_bits (ctx, args[0], &v) != IPM_VALUE_OK)
    return IPM_VALUE_ERROR;
  g_string_append_printf (out, "0x00/0x%02x", ~v & 0xff);
  return IPM_VALUE_OK;
}

static IpmValueStatus
ipm_canon_value_ortos (IpmValueCtx *ctx, const char *const *args, guint n,
                       GString *out)
{
  guint v = 0;

  if (ipm_value_tos_bits (ctx, args[0], &v) != IPM_VALUE_OK)
    return IPM_VALUE_ERROR;
  g_string_append_printf (out, "0x%02x/0x%02x", v, v);
  return IPM_VALUE_OK;
}

static IpmValueStatus
ipm_canon_value_xortos (IpmValueCtx *ctx, const char *const *args, guint n,
                        GString *out)
{
  guint v = 0;

  if (ipm_value_tos_bits (ctx, args[0], &v) != IPM_VALUE_OK)
    return IPM_VALUE_ERROR;
  g_string_append_printf (out, "0x%02x/0x00", v);
  return IPM_VALUE_OK;
}

/* AUDIT --type: any case in, lower case out. */
static IpmValueStatus
ipm_canon_value_audittype (IpmValueCtx *ctx, const char *const *args, guint n,
                           GString *out)
{
  static const char *const types[] = { "accept", "drop", "reject" };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    if (g_ascii_strcasecmp (args[0], types[i]) == 0)
      {
        ipm_strbuf_append (out, types[i]);
        return IPM_VALUE_OK;
      }
  return ipm_value_fail (ctx, 0, "unknown audit type '%s'; use accept, drop "
                         "or reject", args[0]);
}

/* TCPOPTSTRIP --strip-options: the kernel keeps a bitmap of option kinds,
 * so the save prints them as numbers in ascending order. */
static IpmValueStatus
ipm_canon_value_tcpopts (IpmValueCtx *ctx, const char *const *args, guint n,
                         GString *out)
{
  static const struct { const char *name; guint8 kind; } names[] = {
    { "wscale", 3 }, { "mss", 2 }, { "sack-permitted", 4 }, { "sack", 5 },
    { "timestamp", 8 }, { "md5", 19 },
  };
  gboolean seen[256] = { FALSE };
  const char *p = args[0];
  gboolean first = TRUE;

  for (;;)
    {
      const char *comma = strchr (p, ',');
      gsize len = comma ? (gsize) (comma - p) : strlen (p);
      guint64 kind = 256;

      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        if (strlen (names[i].name) == len
            && strncmp (p, names[i].name, len) == 0)
          kind = names[i].kind;
      if (kind == 256 && !ipm_value_uint_n (p, len, 0, 255, &kind))
        return ipm_value_fail (ctx, 0, "'%.*s' is not a TCP option kind "
                               "2-255 or wscale, mss, sack-permitted, sack, "
                               "timestamp, md5", (int) len, p);
      /* 0 and 1 (end of list, no-op) are no options to strip */
      if (kind < 2)
        return ipm_value_fail (ctx, 0, "TCP option kind %u cannot be "
                               "stripped; use 2-255", (guint) kind);
      if (seen[kind])
        return ipm_value_fail (ctx, 0, "TCP option '%.*s' given twice",
                               (int) len, p);
      seen[kind] = TRUE;
      if (comma == NULL)
        break;
      p = comma + 1;
    }
  for (guint k = 0; k < G_N_ELEMENTS (seen); k++)
    if (seen[k])
      {
        g_string_append_printf (out, first ? "%u" : ",%u", k);
        first = FALSE;
      }
  return IPM_VALUE_OK;
}

/* ---- string, time, connbytes, quota, realm, policy ---- */

/* string's save prints a pattern in double quotes, '"' and '\' escaped,
 * unless a byte is not printable or the last one is '\': then it prints
 * --hex-string "|hex|".  That other option name is not ours to print, so
 * such a pattern is kept as written. */
static gboolean
ipm_value_pattern_needs_hex (const guint8 *p, gsize len)
{
  for (gsize k = 0; k < len; k++)
    if (!g_ascii_isprint (p[k]))
      return TRUE;
  return len > 0 && p[len - 1] == '\\';
}

static void
ipm_value_print_pattern (GString *out, const guint8 *p, gsize len)
{
  g_string_append_c (out, '"');
  for (gsize k = 0; k < len; k++)
    {
      if (p[k] == '"' || p[k] == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, (char) p[k]);
    }
  g_string_append_c (out, '"');
}

static IpmValueStatus
ipm_canon_value_strpat (IpmValueCtx *ctx, const char *const *args, guint n,
                        GString *out)
{
  gsize len = strlen (args[0]);

  if (len > 128)
    return ipm_value_fail (ctx, 0, "pattern of %zu bytes; the string match "
                           "takes at most 128", len);
  if (ipm_value_pattern_needs_hex ((const guint8 *) args[0], len))
    {
      ipm_quote_save (out, args[0]);
      return IPM_VALUE_LITERAL;
    }
  ipm_value_print_pattern (out, (const guint8 *) args[0], len);
  return IPM_VALUE_OK;
}

/* --hex-string as libxt_string reads it: text, '\x' a literal x, and
 * |hex digits| blocks (blanks inside ignored).  Printed as "|hex|" when
 * the bytes need hex; a printable pattern is saved as --string, so it is
 * kept as written. */
static IpmValueStatus
ipm_canon_value_hexpat (IpmValueCtx *ctx, const char *const *args, guint n,
                        GString *out)
{
  const char *s = args[0];
  guint8 pat[128];
  gsize len = 0, i = 0, slen = strlen (s);
  gboolean hex = FALSE;

  if (slen == 0)
    return ipm_value_fail (ctx, 0, "empty pattern; give at least one byte");
  while (i < slen)
    {
      if (len >= sizeof pat)
        return ipm_value_fail (ctx, 0, "pattern longer than 128 bytes");
      if (s[i] == '|')
        {
          hex = !hex;
          i++;
          continue;
        }
      if (hex)
        {
          if (s[i] == ' ')
            {
              i++;
              continue;
            }
          if (!g_ascii_isxdigit (s[i]) || !g_ascii_isxdigit (s[i + 1]))
            return ipm_value_fail (ctx, 0, "bad hex block in '%s'; write "
                                   "pairs of hex digits between '|'", s);
          pat[len++] = (guint8) (g_ascii_xdigit_value (s[i]) * 16
                                 + g_ascii_xdigit_value (s[i + 1]));
          i += 2;
          continue;
        }
      if (s[i] == '\\')
        {
          if (i + 1 >= slen)
            return ipm_value_fail (ctx, 0, "'\\' at the end of '%s'", s);
          i++;
        }
      pat[len++] = (guint8) s[i++];
    }
  if (hex)
    return ipm_value_fail (ctx, 0, "hex block not closed in '%s'; end it "
                           "with '|'", s);
  if (!ipm_value_pattern_needs_hex (pat, len))
    {
      ipm_quote_save (out, s);
      return IPM_VALUE_LITERAL;
    }
  g_string_append (out, "\"|");
  for (gsize k = 0; k < len; k++)
    g_string_append_printf (out, "%02x", pat[k]);
  g_string_append (out, "|\"");
  return IPM_VALUE_OK;
}

/* Splits S on ':' into at most N decimal fields (the last ones optional,
 * none empty); returns how many, 0 when S is not that. */
static guint
ipm_value_fields (const char *s, char sep, guint n, guint *v)
{
  guint k = 0;

  while (k < n)
    {
      guint64 x = 0;
      gsize d = 0;

      for (; g_ascii_isdigit (s[d]); d++)
        if ((x = x * 10 + (guint) (s[d] - '0')) > 99999)
          return 0;
      if (d == 0)
        return 0;
      v[k++] = (guint) x;
      s += d;
      if (*s == '\0')
        return k;
      if (*s != sep)
        return 0;
      s++;
    }
  return 0;
}

static IpmValueStatus
ipm_canon_value_daytime (IpmValueCtx *ctx, const char *const *args, guint n,
                         GString *out)
{
  guint v[3] = { 0, 0, 0 };
  guint k = ipm_value_fields (args[0], ':', 3, v);

  if (k < 2 || v[0] > 23 || v[1] > 59 || v[2] > 59)
    return ipm_value_fail (ctx, 0, "'%s' is not a time of day; write hh:mm "
                           "or hh:mm:ss (00:00:00 to 23:59:59)", args[0]);
  g_string_append_printf (out, "%02u:%02u:%02u", v[0], v[1], v[2]);
  return IPM_VALUE_OK;
}

/* libxt_time reads the date with mktime in UTC, which carries over
 * (2024-02-31 is March 2nd); timegm does the same. */
static IpmValueStatus
ipm_canon_value_date (IpmValueCtx *ctx, const char *const *args, guint n,
                      GString *out)
{
  const char *s = args[0];
  guint v[6] = { 0, 1, 1, 0, 0, 0 };
  static const char seps[] = "--T::";
  static const guint max[] = { 2038, 12, 31, 23, 59, 59 };
  struct tm tm = { 0 };
  time_t t;
  guint k = 0;

  for (;;)
    {
      guint64 x = 0;
      gsize d = 0;

      for (; d < 9 && g_ascii_isdigit (s[d]); d++)
        x = x * 10 + (guint) (s[d] - '0');
      if (d == 0 || g_ascii_isdigit (s[d]) || x > max[k]
          || (k == 0 && x < 1970))
        return ipm_value_fail (ctx, 0, "'%s' is not a date; write "
                               "YYYY[-MM[-DD[Thh[:mm[:ss]]]]], 1970 to 2038",
                               args[0]);
      v[k] = (guint) x;
      s += d;
      if (*s == '\0')
        break;
      if (k == 5 || *s != seps[k])
        return ipm_value_fail (ctx, 0, "'%s' is not a date; write "
                               "YYYY[-MM[-DD[Thh[:mm[:ss]]]]]", args[0]);
      s++;
      k++;
    }
  tm.tm_year = (int) v[0] - 1900;
  tm.tm_mon = (int) v[1] - 1;
  tm.tm_mday = (int) v[2];
  tm.tm_hour = (int) v[3];
  tm.tm_min = (int) v[4];
  tm.tm_sec = (int) v[5];
  t = timegm (&tm);
  /* the kernel's field is 32 bits: later dates are not what they say */
  if (t < 0 || t > G_MAXINT32 || v[1] == 0 || v[2] == 0)
    {
      ipm_strbuf_append (out, args[0]);
      return IPM_VALUE_LITERAL;
    }
  gmtime_r (&t, &tm);
  g_string_append_printf (out, "%04d-%02d-%02dT%02d:%02d:%02d",
                          tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                          tm.tm_hour, tm.tm_min, tm.tm_sec);
  return IPM_VALUE_OK;
}

static const char *const ipm_weekdays[] = {
  NULL, "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun",
};

/* Day lists print in order, each once: weekdays by name, days of the month
 * by number. */
static void
ipm_value_print_days (GString *out, IpmType type, guint32 bits)
{
  guint last = type == IPM_TYPE_WEEKDAYS ? 7 : 31;
  gboolean first = TRUE;

  for (guint d = 1; d <= last; d++)
    if (bits & (1u << d))
      {
        if (!first)
          g_string_append_c (out, ',');
        first = FALSE;
        if (type == IPM_TYPE_WEEKDAYS)
          g_string_append (out, ipm_weekdays[d]);
        else
          g_string_append_printf (out, "%u", d);
      }
}

/* Reads a day list (or a printed one) into bits 1..7 or 1..31, as
 * libxt_time does: numbers in C notation (strtoul base 0), weekday names
 * by their first two letters.  It reads at most 2 bytes of a day of the
 * month and 3 of a weekday (its buffers), so a longer word means what its
 * first bytes say: such a list is LITERAL. */
static IpmValueStatus
ipm_value_parse_days (IpmType type, const char *arg, guint32 *bits)
{
  g_auto (GStrv) days = g_strsplit (arg, ",", -1);
  gboolean week = type == IPM_TYPE_WEEKDAYS;
  guint last = week ? 7 : 31;

  *bits = 0;
  if (arg[0] == '\0')
    return IPM_VALUE_ERROR;
  for (guint i = 0; days[i] != NULL; i++)
    {
      guint64 d;
      gboolean named = FALSE;
      gsize len = strlen (days[i]);

      if (g_ascii_isdigit (days[i][0]) && len > (week ? 3u : 2u))
        return IPM_VALUE_LITERAL;
      if (ipm_value_uint (days[i], 0, last, &d) && d > 0)
        {
          *bits |= 1u << d;
          continue;
        }
      if (week && len >= 2)
        for (guint w = 1; w <= 7; w++)
          if (strncmp (days[i], ipm_weekdays[w], 2) == 0)
            {
              *bits |= 1u << w;
              named = TRUE;
            }
      if (!named)
        return IPM_VALUE_ERROR;
    }
  return IPM_VALUE_OK;
}

static IpmValueStatus
ipm_value_days (IpmValueCtx *ctx, IpmType type, const char *arg, GString *out)
{
  guint32 bits;
  IpmValueStatus st = ipm_value_parse_days (type, arg, &bits);

  if (st == IPM_VALUE_LITERAL)
    {
      ipm_strbuf_append (out, arg);
      return st;
    }
  if (st != IPM_VALUE_OK)
    return ipm_value_fail (ctx, 0, type == IPM_TYPE_WEEKDAYS
                           ? "'%s' is not a list of weekdays; write e.g. "
                           "Mon,Tue or 1,2 (1 = Monday, 7 = Sunday)"
                           : "'%s' is not a list of days of the month; write "
                           "e.g. 1,15 (1 to 31)", arg);
  ipm_value_print_days (out, type, bits);
  return IPM_VALUE_OK;
}

static IpmValueStatus
ipm_canon_value_weekdays (IpmValueCtx *ctx, const char *const *args, guint n,
                          GString *out)
{
  return ipm_value_days (ctx, IPM_TYPE_WEEKDAYS, args[0], out);
}

static IpmValueStatus
ipm_canon_value_monthdays (IpmValueCtx *ctx, const char *const *args, guint n,
                           GString *out)
{
  return ipm_value_days (ctx, IPM_TYPE_MONTHDAYS, args[0], out);
}

guint
ipm_canon_value_days (IpmType type, const char *canon, gboolean invert,
                      GString *out)
{
  guint32 bits = 0, all = type == IPM_TYPE_WEEKDAYS ? 0xfe : 0xfffffffe;
  guint count = 0;

  ipm_value_parse_days (type, canon, &bits);
  if (invert)
    bits ^= all;
  ipm_value_print_days (out, type, bits);
  for (guint d = 1; d <= 31; d++)
    count += (bits >> d) & 1;
  return count;
}

static IpmValueStatus
ipm_canon_value_uint64 (IpmValueCtx *ctx, const char *const *args, guint n,
                        GString *out)
{
  return ipm_value_uint_max (ctx, args[0], G_MAXUINT64, out);
}

/* connbytes prints FROM alone when TO is the largest count ("N:" or "N"),
 * else FROM:TO. */
static IpmValueStatus
ipm_canon_value_connbytes (IpmValueCtx *ctx, const char *const *args,
                           guint n, GString *out)
{
  const char *arg = args[0], *colon = strchr (arg, ':');
  guint64 lo = 0, hi = G_MAXUINT64;

  if ((colon != arg
       && !ipm_value_uint_n (arg, colon != NULL ? (gsize) (colon - arg)
                             : strlen (arg), 0, G_MAXUINT64, &lo))
      || (colon != NULL && colon[1] != '\0'
          && !ipm_value_uint (colon + 1, 0, G_MAXUINT64, &hi)))
    return ipm_value_fail (ctx, 0, "'%s' is not a count or range N:M", arg);
  if (lo > hi)
    return ipm_value_fail (ctx, 0, "range '%s' starts above its end", arg);
  ipm_strbuf_append_uint (out, lo);
  if (hi != G_MAXUINT64)
    {
      g_string_append_c (out, ':');
      ipm_strbuf_append_uint (out, hi);
    }
  return IPM_VALUE_OK;
}

/* realm: a number[/mask] prints as a mark does; a name from
 * /etc/iproute2/rt_realms is the target machine's, kept as written. */
static IpmValueStatus
ipm_canon_value_realm (IpmValueCtx *ctx, const char *const *args, guint n,
                       GString *out)
{
  if (!g_ascii_isdigit (args[0][0]))
    {
      ipm_quote_min (out, args[0]);
      return IPM_VALUE_LITERAL;
    }
  return ipm_canon_value_mark (ctx, args, n, out);
}

/* policy --proto: printed by name. */
static IpmValueStatus
ipm_canon_value_ipsecproto (IpmValueCtx *ctx, const char *const *args,
                            guint n, GString *out)
{
  static const struct { const char *name, *num; } protos[] = {
    { "ah", "51" }, { "esp", "50" }, { "ipcomp", "108" },
  };

  for (guint k = 0; k < G_N_ELEMENTS (protos); k++)
    if (strcmp (args[0], protos[k].name) == 0
        || strcmp (args[0], protos[k].num) == 0)
      {
        g_string_append (out, protos[k].name);
        return IPM_VALUE_OK;
      }
  return ipm_value_fail (ctx, 0, "'%s' is not an IPsec protocol; use ah, "
                         "esp or ipcomp", args[0]);
}

/* dccp --dccp-types: names in any case, printed upper case in the order
 * of their type numbers. */
static IpmValueStatus
ipm_canon_value_dccptypes (IpmValueCtx *ctx, const char *const *args,
                           guint n, GString *out)
{
  static const char *const types[] = {
    "REQUEST", "RESPONSE", "DATA", "ACK", "DATAACK", "CLOSEREQ", "CLOSE",
    "RESET", "SYNC", "SYNCACK", "INVALID",
  };
  g_auto (GStrv) names = g_strsplit (args[0], ",", -1);
  guint bits = 0;

  for (guint i = 0; names[i] != NULL; i++)
    {
      guint k;

      for (k = 0; k < G_N_ELEMENTS (types); k++)
        if (g_ascii_strcasecmp (names[i], types[k]) == 0)
          break;
      if (k == G_N_ELEMENTS (types))
        return ipm_value_fail (ctx, 0, "unknown DCCP type '%s'; use REQUEST, "
                               "RESPONSE, DATA, ACK, DATAACK, CLOSEREQ, "
                               "CLOSE, RESET, SYNC, SYNCACK or INVALID",
                               names[i]);
      bits |= 1u << k;
    }
  for (guint k = 0, first = 1; k < G_N_ELEMENTS (types); k++)
    if (bits & (1u << k))
      {
        if (!first)
          g_string_append_c (out, ',');
        first = 0;
        g_string_append (out, types[k]);
      }
  return IPM_VALUE_OK;
}

/* DNPT/SNPT --src-pfx, --dst-pfx: the kernel (ip6t_NPT) refuses host bits
 * and prefixes longer than 64 bits, so those are errors here, not cleared
 * as an address match would clear them. */
static IpmValueStatus
ipm_canon_value_nptpfx (IpmValueCtx *ctx, const char *const *args, guint n,
                        GString *out)
{
  guint8 addr[16], mask[16];
  guint nbytes;
  int plen;
  g_autoptr(GError) error = NULL;

  if (!ipm_value_parse_net (ctx->family, args[0], FALSE, addr, mask, &nbytes,
                            &error))
    return ipm_value_fail (ctx, 0, "%s", error->message);
  plen = ipm_value_prefix_len (mask, nbytes);
  if (plen < 0 || plen > 64)
    return ipm_value_fail (ctx, 0, "prefix '%s' must be ADDRESS/LENGTH with "
                           "a length of 0 to 64", args[0]);
  for (guint k = 0; k < nbytes; k++)
    if (addr[k] & ~mask[k])
      return ipm_value_fail (ctx, 0, "prefix '%s' has bits set after its "
                             "length; clear them", args[0]);
  ipm_value_print_net (out, ctx->family, addr, mask, nbytes, TRUE);
  return IPM_VALUE_OK;
}

/* mh --mh-type: a type or range N:M, by number or libip6t_mh's names;
 * printed as numbers, N:N as N. */
static gboolean
ipm_value_mh_type (const char *s, gsize len, guint64 *v)
{
  static const struct { const char *name; guint8 type; } names[] = {
    { "binding-refresh-request", 0 }, { "brr", 0 },
    { "home-test-init", 1 }, { "hoti", 1 },
    { "careof-test-init", 2 }, { "coti", 2 },
    { "home-test", 3 }, { "hot", 3 },
    { "careof-test", 4 }, { "cot", 4 },
    { "binding-update", 5 }, { "bu", 5 },
    { "binding-acknowledgement", 6 }, { "ba", 6 },
    { "binding-error", 7 }, { "be", 7 },
  };

  if (ipm_value_uint_n (s, len, 0, G_MAXUINT8, v))
    return TRUE;
  for (guint k = 0; k < G_N_ELEMENTS (names); k++)
    if (strlen (names[k].name) == len && memcmp (names[k].name, s, len) == 0)
      {
        *v = names[k].type;
        return TRUE;
      }
  return FALSE;
}

static IpmValueStatus
ipm_canon_value_mhtype (IpmValueCtx *ctx, const char *const *args, guint n,
                        GString *out)
{
  const char *arg = args[0], *colon = strchr (arg, ':');
  guint64 lo = 0, hi = G_MAXUINT8;

  if (colon == NULL)
    {
      if (!ipm_value_mh_type (arg, strlen (arg), &lo))
        goto bad;
      hi = lo;
    }
  else if ((colon != arg && !ipm_value_mh_type (arg, colon - arg, &lo))
           || (colon[1] != '\0'
               && !ipm_value_mh_type (colon + 1, strlen (colon + 1), &hi)))
    goto bad;
  if (lo > hi)
    return ipm_value_fail (ctx, 0, "range '%s' starts above its end", arg);
  ipm_strbuf_append_uint (out, lo);
  if (hi != lo)
    {
      g_string_append_c (out, ':');
      ipm_strbuf_append_uint (out, hi);
    }
  return IPM_VALUE_OK;
bad:
  return ipm_value_fail (ctx, 0, "'%s' is not a mobility header type or "
                         "range N:M (0-255 or a name such as binding-update)",
                         arg);
}

/* cluster: a node number is stored as its bit in the node mask, which the
 * save prints as 0x%08x, as it does the hash seed. */
static IpmValueStatus
ipm_canon_value_clusternode (IpmValueCtx *ctx, const char *const *args,
                             guint n, GString *out)
{
  guint64 v;

  if (!ipm_value_uint (args[0], 0, 32, &v) || v == 0)
    return ipm_value_fail (ctx, 0, "'%s' is not a node number from 1 to 32",
                           args[0]);
  g_string_append_printf (out, "0x%08x", 1u << (v - 1));
  return IPM_VALUE_OK;
}

static IpmValueStatus
ipm_canon_value_hex08 (IpmValueCtx *ctx, const char *const *args, guint n,
                       GString *out)
{
  guint64 v;

  if (!ipm_value_uint (args[0], 0, G_MAXUINT32, &v))
    return ipm_value_fail (ctx, 0, "'%s' is not a number from 0 to "
                           "4294967295", args[0]);
  g_string_append_printf (out, "0x%08x", (guint32) v);
  return IPM_VALUE_OK;
}

/* connlabel --label: the save prints the name /etc/xtables/connlabel.conf
 * of the machine gives the bit, in double quotes; that file is the target
 * machine's, so the value is kept (the module then is literal). */
static IpmValueStatus
ipm_canon_value_label (IpmValueCtx *ctx, const char *const *args, guint n,
                       GString *out)
{
  g_string_append_c (out, '"');
  ipm_strbuf_append (out, args[0]);
  g_string_append_c (out, '"');
  return strpbrk (args[0], "\"\\") != NULL ? IPM_VALUE_LITERAL
    : IPM_VALUE_OK;
}

static const IpmValueFunc ipm_value_funcs[] = {
#define IPM_TYPE(id, fn, cls, desc) ipm_canon_value_##fn,
#include "types.def"
#undef IPM_TYPE
};

gboolean
ipm_canon_value_known (IpmType type)
{
  return type < G_N_ELEMENTS (ipm_value_funcs)
    && ipm_value_funcs[type] != NULL;
}

IpmValueStatus
ipm_canon_value (IpmType type, IpmValueCtx *ctx, const char *const *args,
                 guint nargs, GString *out)
{
  g_return_val_if_fail (ipm_canon_value_known (type), IPM_VALUE_ERROR);
  return ipm_value_funcs[type] (ctx, args, nargs, out);
}

/* S[0..LEN) is a port as iptables-save prints one: decimal 0-65535
 * without a leading zero.  Sets *PORT. */
static gboolean
ipm_value_port_as_printed (const char *s, gsize len, guint *port)
{
  guint v = 0;

  if (len == 0 || len > 5 || (s[0] == '0' && len > 1))
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if ((guint) (s[i] - '0') > 9)
        return FALSE;
      v = v * 10 + (guint) (s[i] - '0');
    }
  *port = v;
  return v <= G_MAXUINT16;
}

/* The spellings the normalizers print unchanged, recognized without
 * printing: a port (PORTRANGE), an IPv4 address with or without one port
 * (NATRANGE).  FALSE says nothing: the normalizer then decides. */
static gboolean
ipm_value_as_printed (IpmType type, const IpmValueCtx *ctx, const char *raw,
                      gsize raw_len)
{
  guint port;

  switch (type)
    {
    case IPM_TYPE_PORTRANGE:
      return ipm_value_port_as_printed (raw, raw_len, &port);
    case IPM_TYPE_NATRANGE:
      {
        const char *colon = memchr (raw, ':', raw_len);
        gsize alen = colon != NULL ? (gsize) (colon - raw) : raw_len;
        guint32 v4;

        return ctx->family != IPM_FAMILY_IPV6
          && ipm_value_ipv4_decimal (raw, alen, &v4)
          && (colon == NULL
              || ipm_value_port_as_printed (colon + 1, raw_len - alen - 1,
                                            &port));
      }
    default:
      return FALSE;
    }
}

gboolean
ipm_canon_value_as_printed (IpmType type, const IpmValueCtx *ctx,
                            const char *raw, gsize raw_len)
{
  return ipm_value_as_printed (type, ctx, raw, raw_len)
    || (type == IPM_TYPE_PROB && ipm_value_prob_known (raw, raw_len, TRUE)
        != NULL);
}

gboolean
ipm_canon_value_is_string (IpmType type)
{
  return type < G_N_ELEMENTS (ipm_value_funcs)
    && ipm_value_funcs[type] == ipm_canon_value_string;
}

gboolean
ipm_canon_value_takes_text (IpmType type)
{
  return type < G_N_ELEMENTS (ipm_value_funcs)
    && (ipm_value_funcs[type] == ipm_canon_value_string
        || ipm_value_funcs[type] == ipm_canon_value_logprefix
        || ipm_value_funcs[type] == ipm_canon_value_word);
}

gboolean
ipm_canon_value_string_as_printed (const char *raw, gsize len)
{
  gboolean quoted = len >= 2 && raw[0] == '"' && raw[len - 1] == '"';
  const char *text = raw + (quoted ? 1 : 0);
  gsize text_len = len - (quoted ? 2 : 0), k = 0;
  gboolean bare = text_len > 0, special = FALSE;

#ifdef IPM_SSE2
  /* sixteen bytes a step; bytes from 0x80 on compare as negative, so as
   * not bare */
  for (; k + 16 <= text_len; k += 16)
    {
      __m128i v = _mm_loadu_si128 ((const __m128i *) (text + k));
      __m128i in = _mm_or_si128 (
        _mm_or_si128 (
          _mm_and_si128 (_mm_cmpgt_epi8 (v, _mm_set1_epi8 ('0' - 1)),
                         _mm_cmplt_epi8 (v, _mm_set1_epi8 ('9' + 1))),
          _mm_and_si128 (_mm_cmpgt_epi8 (v, _mm_set1_epi8 ('A' - 1)),
                         _mm_cmplt_epi8 (v, _mm_set1_epi8 ('Z' + 1)))),
        _mm_or_si128 (
          _mm_and_si128 (_mm_cmpgt_epi8 (v, _mm_set1_epi8 ('a' - 1)),
                         _mm_cmplt_epi8 (v, _mm_set1_epi8 ('z' + 1))),
          _mm_or_si128 (_mm_cmpeq_epi8 (v, _mm_set1_epi8 ('_')),
                        _mm_cmpeq_epi8 (v, _mm_set1_epi8 ('-')))));
      __m128i esc = _mm_or_si128 (
        _mm_or_si128 (_mm_cmpeq_epi8 (v, _mm_set1_epi8 ('\'')),
                      _mm_cmpeq_epi8 (v, _mm_set1_epi8 ('"'))),
        _mm_or_si128 (_mm_cmpeq_epi8 (v, _mm_set1_epi8 ('\\')),
                      _mm_cmpeq_epi8 (v, _mm_setzero_si128 ())));

      bare &= _mm_movemask_epi8 (in) == 0xffff;
      special |= _mm_movemask_epi8 (esc) != 0;
    }
#endif
  for (; k < text_len; k++)
    {
      char c = text[k];

      bare &= g_ascii_isalnum (c) || c == '_' || c == '-';
      special |= c == '\'' || c == '"' || c == '\\' || c == '\0';
    }
  /* a byte ipm_quote_save escapes: printed otherwise, or not known here */
  return quoted ? !bare && !special : bare;
}

gboolean
ipm_canon_value_printed_as (IpmType type, IpmValueCtx *ctx,
                            const char *const *args, guint nargs,
                            const char *raw, gsize raw_len, GString *scratch)
{
  if (ipm_canon_value_as_printed (type, ctx, raw, raw_len))
    return TRUE;
  ipm_strbuf_clear (scratch);
  if (ipm_canon_value (type, ctx, args, nargs, scratch) != IPM_VALUE_OK)
    {
      g_clear_error (&ctx->error);
      return FALSE;
    }
  return scratch->len == raw_len && memcmp (scratch->str, raw, raw_len) == 0;
}

gboolean
ipm_canon_value_proto_has_ports (guint num)
{
  switch (num)
    {
    case 6: case 17: case 33: case 132: case 136:
      return TRUE;
    default:
      return FALSE;
    }
}

gboolean
ipm_canon_value_names_ports (IpmType type, IpmFamily family, const char *arg)
{
  if (type != IPM_TYPE_NATRANGE)
    return type == IPM_TYPE_PORTDASH;
  return ipm_canon_value_names_ports_len (type, family, arg, strlen (arg));
}

gboolean
ipm_canon_value_names_ports_len (IpmType type, IpmFamily family,
                                 const char *arg, gsize len)
{
  if (type == IPM_TYPE_PORTDASH)
    return TRUE;
  if (type != IPM_TYPE_NATRANGE)
    return FALSE;
  if (family != IPM_FAMILY_IPV6)
    return memchr (arg, ':', len) != NULL;
  for (gsize k = 0; k + 1 < len; k++)
    if (arg[k] == ']' && arg[k + 1] == ':')
      return TRUE;
  return FALSE;
}

/* rewrite: --rewrite FROM=TO on layer rules (see rewrite.h).
 *
 * The rule's words are walked as canon.c places them: base options, then
 * each -m/-j module's options looked up in the grammar, each argument
 * taken by its option's type.  Only types of an address, network or
 * interface class are touched; a word the grammar does not place (an
 * unknown module, an unknown option) is kept, with a warning when it looks
 * like something FROM names. */
#include "config.h"

#include <arpa/inet.h>
#include <string.h>

#include "canon.h"
#include "canon-value.h"
#include "grammar.h"
#include "lexer.h"
#include "rewrite.h"

#define IPM_IFNAME_MAX 15   /* IFNAMSIZ - 1, the '+' of a wildcard included */

typedef struct {
  char *spec;           /* "FROM=TO" as given, for messages */
  gboolean is_net;
  /* network pair: IPv4 in the first 4 bytes */
  IpmFamily family;
  guint8 from_net[16];
  guint from_len;
  guint8 to_net[16];
  guint to_len;
  /* interface pair; for a wildcard pair the names without their '+' */
  char *from_name;
  char *to_name;
  gboolean wildcard;
} IpmRewrite;

struct IpmRewriteList {
  GArray *items;        /* IpmRewrite */
  guint *uses;          /* per item: values it rewrote (a record kept
                           through the const list, as IpmRegexList's) */
};

static void
ipm_rewrite_clear (gpointer data)
{
  IpmRewrite *r = data;

  g_free (r->spec);
  g_free (r->from_name);
  g_free (r->to_name);
}

/* ---- address bits (NBYTES 4 or 16) ---- */

static guint
ipm_rewrite_nbytes (IpmFamily family)
{
  return family == IPM_FAMILY_IPV6 ? 16 : 4;
}

/* TRUE when the first LEN bits of A and B are equal. */
static gboolean
ipm_rewrite_prefix_equal (const guint8 *a, const guint8 *b, guint len)
{
  guint whole = len / 8, rest = len % 8;

  if (memcmp (a, b, whole) != 0)
    return FALSE;
  return rest == 0 || ((a[whole] ^ b[whole]) & (0xff << (8 - rest))) == 0;
}

/* TRUE when one of the first LEN bits of A is set. */
static gboolean
ipm_rewrite_prefix_any (const guint8 *a, guint len)
{
  static const guint8 zero[16];

  return !ipm_rewrite_prefix_equal (a, zero, len);
}

/* TRUE when the first LEN bits of A are all set. */
static gboolean
ipm_rewrite_prefix_full (const guint8 *a, guint len)
{
  static const guint8 ones[16] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
  };

  return ipm_rewrite_prefix_equal (a, ones, len);
}

/* Clears the first LEN bits of A (KEEP_PREFIX FALSE) or the bits after
 * them (TRUE). */
static void
ipm_rewrite_clear_bits (guint8 *a, guint nbytes, guint len,
                        gboolean keep_prefix)
{
  for (guint i = 0; i < nbytes; i++)
    {
      guint8 mask = len >= (i + 1) * 8 ? 0xff
        : len <= i * 8 ? 0 : (guint8) (0xff << (8 - (len - i * 8)));

      a[i] &= keep_prefix ? mask : (guint8) ~mask;
    }
}

/* Parses the address S[0..LEN) of FAMILY, as iptables-save prints it. */
static gboolean
ipm_rewrite_parse_addr (IpmFamily family, const char *s, gsize len,
                        guint8 addr[16])
{
  char buf[INET6_ADDRSTRLEN + 1];

  if (len == 0 || len >= sizeof buf)
    return FALSE;
  memcpy (buf, s, len);
  buf[len] = '\0';
  memset (addr, 0, 16);
  return inet_pton (family == IPM_FAMILY_IPV6 ? AF_INET6 : AF_INET, buf,
                    addr) == 1;
}

static void
ipm_rewrite_append_addr (GString *out, IpmFamily family, const guint8 *addr)
{
  char buf[INET6_ADDRSTRLEN];

  inet_ntop (family == IPM_FAMILY_IPV6 ? AF_INET6 : AF_INET, addr, buf,
             sizeof buf);
  g_string_append (out, buf);
}

/* Parses a decimal prefix length 0..MAX at S (the whole string). */
static gboolean
ipm_rewrite_parse_len (const char *s, gsize len, guint max, guint *out)
{
  guint v = 0;

  if (len == 0 || len > 3)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isdigit (s[i]))
        return FALSE;
      v = v * 10 + (guint) (s[i] - '0');
    }
  if (v > max)
    return FALSE;
  *out = v;
  return TRUE;
}

/* Prefix length of the mask M, or -1 when it is not contiguous. */
static int
ipm_rewrite_mask_len (const guint8 *m, guint nbytes)
{
  guint len = 0;

  while (len < nbytes * 8 && (m[len / 8] & (0x80 >> (len % 8))))
    len++;
  for (guint k = len; k < nbytes * 8; k++)
    if (m[k / 8] & (0x80 >> (k % 8)))
      return -1;
  return (int) len;
}

/* ---- FROM=TO ---- */

/* "172.17.0.0/16", "fd00::/64" or a bare address (a host network); host
 * bits are cleared ("172.17.0.1/16", docker's bip spelling, is the
 * network). */
static gboolean
ipm_rewrite_parse_spec_net (const char *s, IpmFamily *family, guint8 net[16],
                            guint *len)
{
  const char *slash = strchr (s, '/');
  gsize alen = slash ? (gsize) (slash - s) : strlen (s);

  *family = strchr (s, ':') != NULL ? IPM_FAMILY_IPV6 : IPM_FAMILY_IPV4;
  if (!ipm_rewrite_parse_addr (*family, s, alen, net))
    return FALSE;
  *len = ipm_rewrite_nbytes (*family) * 8;
  if (slash != NULL
      && !ipm_rewrite_parse_len (slash + 1, strlen (slash + 1), *len, len))
    return FALSE;
  ipm_rewrite_clear_bits (net, ipm_rewrite_nbytes (*family), *len, TRUE);
  return TRUE;
}

/* Interface names never contain ':' (the kernel refuses it), so a side
 * with one, or starting with a digit, is a network. */
static gboolean
ipm_rewrite_looks_net (const char *s)
{
  return g_ascii_isdigit (s[0]) || strchr (s, ':') != NULL;
}

static gboolean
ipm_rewrite_iface_valid (const char *name)
{
  gsize len = strlen (name);

  if (len == 0 || len > IPM_IFNAME_MAX)
    return FALSE;
  for (const char *c = name; *c; c++)
    if (g_ascii_isspace (*c) || *c == '/' || *c == '"' || *c == '\\'
        || *c == ':' || (unsigned char) *c < 0x20)
      return FALSE;
  return TRUE;
}

static gboolean
ipm_rewrite_parse_spec (IpmRewrite *r, const char *spec, GError **error)
{
  const char *eq = strchr (spec, '=');
  g_autofree char *from = NULL;
  const char *to;

  r->spec = g_strdup (spec);
  if (eq == NULL || eq == spec || eq[1] == '\0')
    {
      g_set_error (error, IPM_ERROR, IPM_ERROR_USAGE,
                   "--rewrite '%s': expected FROM=TO, e.g. "
                   "172.17.0.0/16=10.200.0.0/16, fd00:dead::/64=fd00:beef::/64 "
                   "or docker0=br0", spec);
      return FALSE;
    }
  from = g_strndup (spec, eq - spec);
  to = eq + 1;
  if (ipm_rewrite_looks_net (from) || ipm_rewrite_looks_net (to))
    {
      IpmFamily to_family;

      r->is_net = TRUE;
      if (!ipm_rewrite_parse_spec_net (from, &r->family, r->from_net,
                                       &r->from_len)
          || !ipm_rewrite_parse_spec_net (to, &to_family, r->to_net,
                                          &r->to_len))
        {
          g_set_error (error, IPM_ERROR, IPM_ERROR_USAGE,
                       "--rewrite '%s': both sides must be networks such as "
                       "172.17.0.0/16 or fd00:dead::/64, or both interface "
                       "names", spec);
          return FALSE;
        }
      if (r->family != to_family)
        {
          g_set_error (error, IPM_ERROR, IPM_ERROR_USAGE,
                       "--rewrite '%s': FROM is an IPv%d network and TO an "
                       "IPv%d one; both sides must be of one family (give "
                       "one --rewrite per family)", spec,
                       r->family == IPM_FAMILY_IPV6 ? 6 : 4,
                       to_family == IPM_FAMILY_IPV6 ? 6 : 4);
          return FALSE;
        }
      return TRUE;
    }
  if (!ipm_rewrite_iface_valid (from) || !ipm_rewrite_iface_valid (to))
    {
      g_set_error (error, IPM_ERROR, IPM_ERROR_USAGE,
                   "--rewrite '%s': an interface name has 1 to 15 "
                   "characters without blanks, ':', '/' or quotes", spec);
      return FALSE;
    }
  r->wildcard = g_str_has_suffix (from, "+");
  if (r->wildcard != g_str_has_suffix (to, "+"))
    {
      g_set_error (error, IPM_ERROR, IPM_ERROR_USAGE,
                   "--rewrite '%s': FROM and TO must both end in '+' (rename "
                   "a prefix: br-+=cni+) or neither (rename one interface: "
                   "docker0=br0)", spec);
      return FALSE;
    }
  if (r->wildcard)
    {
      from[strlen (from) - 1] = '\0';
      r->to_name = g_strndup (to, strlen (to) - 1);
    }
  else
    r->to_name = g_strdup (to);
  r->from_name = g_steal_pointer (&from);
  return TRUE;
}

IpmRewriteList *
ipm_rewrite_list_new (const GPtrArray *specs, GError **error)
{
  g_autoptr(IpmRewriteList) list = g_new0 (IpmRewriteList, 1);

  list->items = g_array_new (FALSE, TRUE, sizeof (IpmRewrite));
  g_array_set_clear_func (list->items, ipm_rewrite_clear);
  for (guint i = 0; specs != NULL && i < specs->len; i++)
    {
      IpmRewrite r = { 0 };

      if (!ipm_rewrite_parse_spec (&r, g_ptr_array_index (specs, i), error))
        {
          ipm_rewrite_clear (&r);
          return NULL;
        }
      g_array_append_val (list->items, r);
    }
  list->uses = g_new0 (guint, list->items->len + 1);
  return g_steal_pointer (&list);
}

void
ipm_rewrite_list_free (IpmRewriteList *list)
{
  if (list == NULL)
    return;
  g_array_unref (list->items);
  g_free (list->uses);
  g_free (list);
}

gboolean
ipm_rewrite_list_is_empty (const IpmRewriteList *list)
{
  return list == NULL || list->items->len == 0;
}

/* ---- addresses and networks ---- */

#define IPM_REWRITE_NONE G_MAXUINT   /* no pair applied */

/* Maps ADDR, a network of prefix PLEN when IS_NET, through the first
 * network pair of FAMILY containing it: the same offset inside TO; a
 * network as large as FROM becomes as large as TO.  Sets *PAIR to the
 * pair's index (IPM_REWRITE_NONE: none applies, OUT untouched).  TEXT is
 * the value as written, for the message when it does not fit. */
static gboolean
ipm_rewrite_map_addr (const IpmRewriteList *list, IpmFamily family,
                      const guint8 *addr, guint plen, gboolean is_net,
                      guint8 *out, guint *out_len, guint *pair,
                      const char *text, GError **error)
{
  guint nbytes = ipm_rewrite_nbytes (family);

  *pair = IPM_REWRITE_NONE;
  if (!is_net)
    plen = nbytes * 8;
  for (guint i = 0; i < list->items->len; i++)
    {
      const IpmRewrite *r = &g_array_index (list->items, IpmRewrite, i);
      guint8 offset[16];
      guint new_len;

      /* a network larger than FROM also holds addresses outside it */
      if (!r->is_net || r->family != family || plen < r->from_len
          || !ipm_rewrite_prefix_equal (addr, r->from_net, r->from_len))
        continue;
      memcpy (offset, addr, 16);
      ipm_rewrite_clear_bits (offset, nbytes, r->from_len, FALSE);
      new_len = !is_net ? nbytes * 8 : plen == r->from_len ? r->to_len : plen;
      if (new_len < r->to_len || ipm_rewrite_prefix_any (offset, r->to_len))
        {
          g_set_error (error, IPM_ERROR, IPM_ERROR_INVALID,
                       "--rewrite: %s lies in the rewritten network but "
                       "does not fit into the target /%u network",
                       text, r->to_len);
          return FALSE;
        }
      for (guint k = 0; k < 16; k++)
        out[k] = r->to_net[k] | offset[k];
      *out_len = new_len;
      *pair = i;
      list->uses[i]++;
      return TRUE;
    }
  return TRUE;
}

/* Appends the network S[0..LEN), ADDR[/LEN or /MASK] (IS_NET) or the
 * address S[0..LEN), rewritten (or as it is); sets *CHANGED when a pair
 * applied. */
static gboolean
ipm_rewrite_net_piece (const IpmRewriteList *list, IpmFamily family,
                       gboolean is_net, const char *s, gsize len,
                       GString *out, gboolean *changed, GError **error)
{
  guint nbytes = ipm_rewrite_nbytes (family);
  const char *slash = memchr (s, '/', len);
  gsize alen = slash ? (gsize) (slash - s) : len;
  g_autofree char *text = g_strndup (s, len);
  guint8 addr[16], mapped[16];
  guint plen = nbytes * 8, new_len, pair;

  if (!ipm_rewrite_parse_addr (family, s, alen, addr))
    goto keep;
  if (!is_net && slash != NULL)
    goto keep;
  if (slash != NULL)
    {
      const char *m = slash + 1;
      gsize mlen = len - alen - 1;
      guint8 mask[16];
      int ml;

      if (!ipm_rewrite_parse_len (m, mlen, nbytes * 8, &plen))
        {
          if (!ipm_rewrite_parse_addr (family, m, mlen, mask))
            goto keep;
          ml = ipm_rewrite_mask_len (mask, nbytes);
          if (ml < 0)
            {
              /* no offset mapping keeps such a set whole: refused when
               * the set lies inside FROM, else kept */
              for (guint i = 0; i < list->items->len; i++)
                {
                  const IpmRewrite *r = &g_array_index (list->items,
                                                        IpmRewrite, i);

                  if (r->is_net && r->family == family
                      && ipm_rewrite_prefix_full (mask, r->from_len)
                      && ipm_rewrite_prefix_equal (addr, r->from_net,
                                                   r->from_len))
                    {
                      g_set_error (error, IPM_ERROR, IPM_ERROR_INVALID,
                                   "--rewrite: %s lies in the network of "
                                   "'%s' but its mask is not contiguous; "
                                   "rewrite that rule by hand", text,
                                   r->spec);
                      return FALSE;
                    }
                }
              goto keep;
            }
          plen = (guint) ml;
        }
    }
  if (!ipm_rewrite_map_addr (list, family, addr, plen, is_net, mapped,
                             &new_len, &pair, text, error))
    return FALSE;
  if (pair == IPM_REWRITE_NONE)
    goto keep;
  *changed = TRUE;
  ipm_rewrite_append_addr (out, family, mapped);
  if (slash != NULL || new_len != nbytes * 8)
    g_string_append_printf (out, "/%u", new_len);
  return TRUE;

keep:
  g_string_append_len (out, s, len);
  return TRUE;
}

/* Appends the range S[0..LEN), A[-B], rewritten: both ends move with one
 * pair, or neither. */
static gboolean
ipm_rewrite_range_piece (const IpmRewriteList *list, IpmFamily family,
                         const char *s, gsize len, GString *out,
                         gboolean *changed, GError **error)
{
  const char *dash = memchr (s, '-', len);
  gsize l1 = dash ? (gsize) (dash - s) : len;
  const char *b = dash ? dash + 1 : s;
  gsize l2 = dash ? len - l1 - 1 : len;
  g_autofree char *text = g_strndup (s, len);
  g_autofree char *ta = g_strndup (s, l1);
  g_autofree char *tb = g_strndup (b, l2);
  guint8 lo[16], hi[16], mlo[16], mhi[16];
  guint plen, pair_lo, pair_hi;

  if (!ipm_rewrite_parse_addr (family, s, l1, lo)
      || !ipm_rewrite_parse_addr (family, b, l2, hi))
    {
      g_string_append_len (out, s, len);
      return TRUE;
    }
  if (!ipm_rewrite_map_addr (list, family, lo, 0, FALSE, mlo, &plen, &pair_lo,
                             ta, error)
      || !ipm_rewrite_map_addr (list, family, hi, 0, FALSE, mhi, &plen,
                                &pair_hi, tb, error))
    return FALSE;
  if (pair_lo != pair_hi)
    {
      const IpmRewrite *r = &g_array_index (list->items, IpmRewrite,
                                            pair_lo != IPM_REWRITE_NONE
                                            ? pair_lo : pair_hi);

      g_set_error (error, IPM_ERROR, IPM_ERROR_INVALID,
                   "--rewrite: the range %s is only partly inside the "
                   "network of '%s'; rewrite that rule by hand", text,
                   r->spec);
      return FALSE;
    }
  if (pair_lo == IPM_REWRITE_NONE)
    {
      g_string_append_len (out, s, len);
      return TRUE;
    }
  *changed = TRUE;
  ipm_rewrite_append_addr (out, family, mlo);
  if (dash != NULL)
    {
      g_string_append_c (out, '-');
      ipm_rewrite_append_addr (out, family, mhi);
    }
  return TRUE;
}

/* A NAT range: ADDR[-ADDR][:PORTS]; IPv6 "[ADDR[-ADDR]]:PORTS" or
 * "ADDR[-ADDR]" (canon-value.c's natrange).  Ports are kept. */
static gboolean
ipm_rewrite_nat (const IpmRewriteList *list, IpmFamily family,
                 const char *s, GString *out, gboolean *changed,
                 GError **error)
{
  const char *a = s, *aend, *rest;

  if (family == IPM_FAMILY_IPV6 && s[0] == '[')
    {
      const char *close = strchr (s, ']');

      if (close == NULL)
        {
          g_string_append (out, s);
          return TRUE;
        }
      a = s + 1;
      aend = close;
      rest = close;
      g_string_append_c (out, '[');
    }
  else if (family == IPM_FAMILY_IPV6)
    aend = rest = s + strlen (s);
  else
    {
      const char *colon = strchr (s, ':');

      aend = rest = colon ? colon : s + strlen (s);
    }
  if (!ipm_rewrite_range_piece (list, family, a, aend - a, out, changed,
                                error))
    return FALSE;
  g_string_append (out, rest);
  return TRUE;
}

/* ---- interfaces ---- */

/* Appends NAME, an interface or a "prefix+" wildcard, renamed by the
 * first pair that applies:
 * - docker0=br0 renames exactly docker0 (not docker01, not docker+);
 * - br-+=cni+ renames every name starting with br- (br-abc: cniabc) and
 *   every wildcard at least as narrow (br-+: cni+, br-ab+: cniab+); a
 *   broader wildcard (br+, +) also covers interfaces outside br-, so it
 *   is kept. */
static gboolean
ipm_rewrite_iface (const IpmRewriteList *list, const char *name,
                   GString *out, gboolean *changed, GError **error)
{
  for (guint i = 0; i < list->items->len; i++)
    {
      const IpmRewrite *r = &g_array_index (list->items, IpmRewrite, i);
      g_autofree char *renamed = NULL;

      if (r->is_net)
        continue;
      if (!r->wildcard)
        {
          if (strcmp (name, r->from_name) != 0)
            continue;
          renamed = g_strdup (r->to_name);
        }
      else
        {
          if (!g_str_has_prefix (name, r->from_name))
            continue;
          /* NAME's own '+' is in the suffix: br-ab+ keeps it */
          renamed = g_strconcat (r->to_name, name + strlen (r->from_name),
                                 NULL);
        }
      if (strlen (renamed) > IPM_IFNAME_MAX)
        {
          g_set_error (error, IPM_ERROR, IPM_ERROR_INVALID,
                       "--rewrite '%s': interface %s would become %s, %zu "
                       "characters; an interface name has at most %d "
                       "(choose a shorter TO)", r->spec, name, renamed,
                       strlen (renamed), IPM_IFNAME_MAX);
          return FALSE;
        }
      *changed = TRUE;
      list->uses[i]++;
      g_string_append (out, renamed);
      return TRUE;
    }
  g_string_append (out, name);
  return TRUE;
}

/* ---- one value ---- */

/* Appends WORD, an argument of TYPE, rewritten by its class. */
static gboolean
ipm_rewrite_value (const IpmRewriteList *list, IpmFamily family,
                   IpmType type, const char *word, GString *out,
                   gboolean *changed, GError **error)
{
  switch (ipm_grammar_type_class (type))
    {
    case IPM_CLASS_ADDR:
    case IPM_CLASS_NET:
      /* -s a,b is given as a list (iptables adds one rule per item) */
      for (const char *p = word; ; )
        {
          const char *comma = strchr (p, ',');
          gsize len = comma ? (gsize) (comma - p) : strlen (p);

          if (!ipm_rewrite_net_piece (list, family,
                                      ipm_grammar_type_class (type)
                                      == IPM_CLASS_NET, p, len, out,
                                      changed, error))
            return FALSE;
          if (comma == NULL)
            break;
          g_string_append_c (out, ',');
          p = comma + 1;
        }
      return TRUE;
    case IPM_CLASS_RANGE:
      return ipm_rewrite_range_piece (list, family, word, strlen (word), out,
                                      changed, error);
    case IPM_CLASS_NAT:
      return ipm_rewrite_nat (list, family, word, out, changed, error);
    case IPM_CLASS_IFACE:
      return ipm_rewrite_iface (list, word, out, changed, error);
    case IPM_CLASS_PLAIN:
    default:
      g_string_append (out, word);
      return TRUE;
    }
}

/* TRUE when WORD, placed by no grammar row, looks like something a pair
 * names: an address inside a FROM network, or a FROM interface. */
static gboolean
ipm_rewrite_mentions (const IpmRewriteList *list, IpmFamily family,
                      const char *word)
{
  const char *seps = family == IPM_FAMILY_IPV6 ? "-,/[]= " : "-,:/[]= ";
  g_auto(GStrv) pieces = g_strsplit_set (word, seps, -1);

  for (guint i = 0; i < list->items->len; i++)
    {
      const IpmRewrite *r = &g_array_index (list->items, IpmRewrite, i);

      if (!r->is_net && r->from_name[0] != '\0'
          && (r->wildcard ? g_str_has_prefix (word, r->from_name)
              : strcmp (word, r->from_name) == 0))
        return TRUE;
      for (guint k = 0; r->is_net && r->family == family && pieces[k]; k++)
        {
          guint8 addr[16];

          if (ipm_rewrite_parse_addr (family, pieces[k], strlen (pieces[k]),
                                      addr)
              && ipm_rewrite_prefix_equal (addr, r->from_net, r->from_len))
            return TRUE;
        }
    }
  return FALSE;
}

/* ---- the rule ---- */

/* iptables' own option WORD ("-s", "--source": grammar/base.def), or
 * NULL: its argument count and type.  Exact names only: the words are a
 * canonical text's. */
static const IpmGrammarBaseOpt *
ipm_rewrite_base_opt (const char *word)
{
  gboolean is_long = word[0] == '-' && word[1] == '-';
  guint n;
  const IpmGrammarBaseOpt *opts = is_long ? ipm_grammar_base_long (&n)
                                          : ipm_grammar_base_short (&n);

  if (word[0] != '-')
    return NULL;
  for (guint i = 0; i < n; i++)
    if (strcmp (is_long ? word + 2 : word, opts[i].name) == 0)
      return &opts[i];
  return NULL;
}

/* The option WORD ("--name") of MODULE: exact, else a unique prefix (a
 * literal instance keeps the spelling it was given). */
static const IpmGrammarOpt *
ipm_rewrite_module_opt (const IpmGrammarModule *module, const char *word)
{
  const IpmGrammarOpt *opt, *first;

  if (module == NULL || !g_str_has_prefix (word, "--") || word[2] == '\0')
    return NULL;
  opt = ipm_grammar_option (module, word + 2);
  if (opt != NULL)
    return opt;
  return ipm_grammar_option_prefix (module, word + 2, &first) == 1
    ? first : NULL;
}

static gboolean
ipm_rewrite_is (const char *word, const char *a, const char *b)
{
  return strcmp (word, a) == 0 || strcmp (word, b) == 0;
}

char *
ipm_rewrite_text (const IpmRewriteList *list, const char *text,
                  IpmFamily family, GPtrArray *warnings, GError **error)
{
  g_autoptr(IpmDiags) diags = ipm_diags_new ();
  g_autoptr(IpmWords) words = ipm_words_new ();
  g_autoptr(GString) out = g_string_new (NULL);
  IpmLine line = { "<rewrite>", 1, text, strlen (text), FALSE, FALSE };
  const IpmGrammarModule *module = NULL;
  gboolean placed = TRUE;   /* FALSE in words no grammar row describes */
  gsize copied = 0;         /* bytes of TEXT already in OUT */
  gboolean any = FALSE;

  if (family != IPM_FAMILY_IPV6)
    family = IPM_FAMILY_IPV4;
  if (ipm_rewrite_list_is_empty (list))
    return g_strdup (text);
  if (!ipm_lex_words (&line, 0, words, diags))
    {
      g_set_error (error, IPM_ERROR, IPM_ERROR_INVALID,
                   "--rewrite: cannot split the rule into words");
      return NULL;
    }
  for (guint i = 0; i < words->n; )
    {
      const IpmWord *w = &words->v[i];
      const IpmGrammarBaseOpt *base;
      const IpmGrammarOpt *opt;
      IpmType type;
      guint nargs;

      if (strcmp (w->text, "!") == 0)
        {
          i++;      /* negation stays as it is */
          continue;
        }
      if (ipm_rewrite_is (w->text, "-m", "--match")
          || ipm_rewrite_is (w->text, "-j", "--jump")
          || ipm_rewrite_is (w->text, "-g", "--goto"))
        {
          gboolean target = !ipm_rewrite_is (w->text, "-m", "--match");
          const char *name = i + 1 < words->n ? words->v[i + 1].text : "";

          /* a chain name (or an unknown module) is no grammar module */
          module = target ? ipm_grammar_target (name, family)
            : ipm_grammar_match (name, family);
          placed = module != NULL && !(module->flags & IPM_MODULE_OPAQUE);
          i += 2;
          continue;
        }
      base = ipm_rewrite_base_opt (w->text);
      opt = base == NULL && placed
        ? ipm_rewrite_module_opt (module, w->text) : NULL;
      if (base == NULL && opt == NULL)
        {
          placed = FALSE;
          if (warnings != NULL && ipm_rewrite_mentions (list, family, w->text))
            g_ptr_array_add (warnings, g_strdup_printf (
              "--rewrite: '%s' is a word of a module or option ipmerge "
              "does not know, so it is not rewritten; check that rule",
              w->text));
          i++;
          continue;
        }
      type = base != NULL ? base->type : opt->type;
      nargs = base != NULL ? base->nargs : opt->nargs;
      i++;
      for (guint k = 0; k < nargs && i < words->n; k++, i++)
        {
          const IpmWord *arg = &words->v[i];
          g_autoptr(GString) value = g_string_new (NULL);
          gboolean changed = FALSE;

          if (!ipm_rewrite_value (list, family, type, arg->text, value,
                                  &changed, error))
            return NULL;
          if (!changed)
            continue;
          /* untouched words keep their bytes, quotes and all */
          g_string_append_len (out, text + copied, arg->col - 1 - copied);
          ipm_quote_min (out, value->str);
          copied = arg->col - 1 + arg->raw_len;
          any = TRUE;
        }
    }
  /* unchanged rules keep their exact spelling */
  if (!any)
    return g_strdup (text);
  g_string_append (out, text + copied);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

IpmRule *
ipm_rewrite_rule (const IpmRewriteList *list, IpmRule *rule, IpmFamily family,
                  IpmDiags *diags)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *text = NULL;
  g_autoptr(IpmWords) words = NULL;
  IpmLine line;
  IpmRule *copy;

  if (ipm_rewrite_list_is_empty (list))
    return ipm_rule_ref (rule);
  text = ipm_rewrite_text (list, rule->text, family, warnings, &error);
  for (guint i = 0; i < warnings->len; i++)
    ipm_diags_add_at (diags, IPM_SEVERITY_WARNING, rule->loc.file,
                      rule->loc.lineno, 0, "%s",
                      (const char *) g_ptr_array_index (warnings, i));
  if (text == NULL)
    {
      ipm_diags_add_at (diags, IPM_SEVERITY_ERROR, rule->loc.file,
                        rule->loc.lineno, 0, "%s", error->message);
      return NULL;
    }
  if (strcmp (text, rule->text) == 0)
    return ipm_rule_ref (rule);
  /* canonicalize again: a host spells the adapted rule canonically too */
  words = ipm_words_new ();
  line.file = rule->loc.file;
  line.lineno = rule->loc.lineno;
  line.text = text;
  line.len = strlen (text);
  line.plain = FALSE;
  if (!ipm_lex_words (&line, 0, words, diags))
    return NULL;
  copy = ipm_canon_rule (&line, words, 0, family, diags);
  if (copy == NULL)
    return NULL;
  copy->loc = rule->loc;
  copy->counters = rule->counters;
  return copy;
}

const char *
ipm_rewrite_list_unused (const IpmRewriteList *list, guint *index)
{
  for (; *index < list->items->len; (*index)++)
    if (list->uses[*index] == 0)
      return g_array_index (list->items, IpmRewrite, (*index)++).spec;
  return NULL;
}

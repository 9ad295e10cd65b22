/* strbuf: appends to a GString without a function call when it fits.
 *
 * GLib 2.74's g_string_append and g_string_append_len go through
 * g_string_insert_len.  Canonicalizing and printing a dump appends a few
 * dozen short pieces per rule, and those calls cost more than the copies
 * (GLib 2.76 inlines them the same way).
 */
#ifndef IPM_STRBUF_H
#define IPM_STRBUF_H

#include <string.h>
#include <glib.h>

static inline void
ipm_strbuf_append_len (GString *out, const char *s, gsize len)
{
  if (G_LIKELY (out->len + len < out->allocated_len))
    {
      memcpy (out->str + out->len, s, len);
      out->len += len;
      out->str[out->len] = '\0';
    }
  else
    g_string_append_len (out, s, len);
}

/* Room for LEN more bytes (and the NUL) after OUT->len, so that they can
 * be written at OUT->str + OUT->len directly; a call only when it grows. */
static inline void
ipm_strbuf_reserve (GString *out, gsize len)
{
  if (G_UNLIKELY (out->len + len >= out->allocated_len))
    {
      gsize keep = out->len;

      g_string_set_size (out, keep + len);
      g_string_truncate (out, keep);
    }
}

/* g_string_truncate (OUT, 0) without the call. */
static inline void
ipm_strbuf_clear (GString *out)
{
  out->len = 0;
  out->str[0] = '\0';
}

/* OUT becomes S[0..LEN). */
static inline void
ipm_strbuf_assign_len (GString *out, const char *s, gsize len)
{
  ipm_strbuf_clear (out);
  ipm_strbuf_append_len (out, s, len);
}

static inline void
ipm_strbuf_append (GString *out, const char *s)
{
  ipm_strbuf_append_len (out, s, strlen (s));
}

/* V in decimal, as "%" G_GUINT64_FORMAT prints it. */
static inline void
ipm_strbuf_append_uint (GString *out, guint64 v)
{
  char buf[24];
  char *p = buf + sizeof buf;

  do
    {
      *--p = '0' + v % 10;
      v /= 10;
    }
  while (v > 0);
  ipm_strbuf_append_len (out, p, buf + sizeof buf - p);
}

#endif

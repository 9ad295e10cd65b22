/* ruleset: tables, chains and rules. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "ruleset.h"

/* ---- rule and chain memory ----
 *
 * Rules and chains are carved from large blocks rather than allocated one
 * by one: a dump of 600,000 rules and 180,000 chains then costs a few
 * hundred page faults instead of tens of thousands (in a VM each costs
 * microseconds) and few TLB misses (the blocks ask for transparent huge
 * pages), no malloc headers, and no free() per object.  An arena's bytes
 * are reused only once none of its objects is left: ipmerge parses each
 * dump once, and the tests and fuzz harnesses release everything between
 * runs.  Like the reference counts, this belongs to one thread.
 *
 * Under AddressSanitizer the same blocks are used, so that the allocator
 * users run is the one the sanitizers check: a block's bytes are poisoned
 * until carved, a poisoned gap in front of each object catches a write
 * past the end of the one before (the gap also keeps the object's size
 * for its release), and a released object is poisoned again (its bytes
 * are not reused before the block is freed, so any later use is caught).
 * CPPFLAGS=-DIPM_ARENA_BLOCKS=0 gives each object its own allocation
 * instead, so that LeakSanitizer and valgrind see a single leaked rule or
 * chain (blocks stay reachable from here). */

#if defined(__SANITIZE_ADDRESS__)
#define IPM_ARENA_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define IPM_ARENA_ASAN 1
#endif
#endif
#ifdef IPM_ARENA_ASAN
#include <sanitizer/asan_interface.h>
#define IPM_ARENA_POISON(addr, size) ASAN_POISON_MEMORY_REGION (addr, size)
#define IPM_ARENA_UNPOISON(addr, size) ASAN_UNPOISON_MEMORY_REGION (addr, size)
#define IPM_ARENA_GAP 16
#else
#define IPM_ARENA_POISON(addr, size) ((void) (addr), (void) (size))
#define IPM_ARENA_UNPOISON(addr, size) ((void) (addr), (void) (size))
#define IPM_ARENA_GAP 0
#endif
#ifndef IPM_ARENA_BLOCKS
#define IPM_ARENA_BLOCKS 1
#endif

#define IPM_HUGE_PAGE_BYTES (2u << 20)
#ifdef IPM_ARENA_ASAN
/* Smaller blocks: ASan writes the shadow of a whole block at its malloc,
 * poisoning and free, and the tests make thousands of arenas (with 4 MB
 * blocks the unit suite took 20 times as long). */
#define IPM_ARENA_BLOCK_BYTES (64u << 10)
#define IPM_ARENA_ALIGN 4096u
#else
#define IPM_ARENA_BLOCK_BYTES (4u << 20)
#define IPM_ARENA_ALIGN IPM_HUGE_PAGE_BYTES
#endif

typedef struct {
  char *next;               /* free bytes of the newest block */
  char *end;
  GPtrArray *blocks;        /* every block, freed when live drops to 0 */
  gsize live;               /* objects not yet released */
} IpmArena;

static IpmArena ipm_rule_arena;
static IpmArena ipm_chain_arena;

/* A block starts with its size, for the unpoisoning before free(). */
typedef struct {
  gsize bytes;
} IpmArenaBlock;

static void
ipm_arena_block_free (gpointer block)
{
  IPM_ARENA_UNPOISON (block, ((IpmArenaBlock *) block)->bytes);
  free (block);
}

static gpointer
ipm_arena_alloc (IpmArena *arena, gsize size)
{
  /* counters are 64-bit */
  gsize step = IPM_ARENA_GAP + ((size + 7) & ~(gsize) 7);
  char *p;

  if (!IPM_ARENA_BLOCKS)
    return g_malloc (size);
  if (arena->next == NULL || (gsize) (arena->end - arena->next) < step)
    {
      gsize header = (sizeof (IpmArenaBlock) + 7) & ~(gsize) 7;
      gsize bytes = MAX (IPM_ARENA_BLOCK_BYTES, header + step);
      void *block = NULL;

      if (posix_memalign (&block, IPM_ARENA_ALIGN, bytes) != 0)
        g_error ("out of memory (%zu bytes for rules and chains)", bytes);
#ifdef MADV_HUGEPAGE
      (void) madvise (block, bytes, MADV_HUGEPAGE);   /* only a hint */
#endif
      ((IpmArenaBlock *) block)->bytes = bytes;
      if (arena->blocks == NULL)
        arena->blocks = g_ptr_array_new_with_free_func (ipm_arena_block_free);
      g_ptr_array_add (arena->blocks, block);
      arena->next = (char *) block + header;
      arena->end = (char *) block + bytes;
      IPM_ARENA_POISON (arena->next, arena->end - arena->next);
    }
  p = arena->next + IPM_ARENA_GAP;
  arena->next += step;
  arena->live++;
#ifdef IPM_ARENA_ASAN
  /* the gap in front of the object keeps its size for the release */
  IPM_ARENA_UNPOISON (p - IPM_ARENA_GAP, sizeof (gsize));
  *(gsize *) (gpointer) (p - IPM_ARENA_GAP) = size;
  IPM_ARENA_POISON (p - IPM_ARENA_GAP, sizeof (gsize));
#endif
  IPM_ARENA_UNPOISON (p, size);
  return p;
}

static void
ipm_arena_release (IpmArena *arena, gpointer p)
{
  if (!IPM_ARENA_BLOCKS)
    {
      g_free (p);
      return;
    }
  g_assert (arena->live > 0);
#ifdef IPM_ARENA_ASAN
  {
    gsize *size = (gsize *) (gpointer) ((char *) p - IPM_ARENA_GAP);

    IPM_ARENA_UNPOISON (size, sizeof *size);
    IPM_ARENA_POISON (p, *size);
    IPM_ARENA_POISON (size, sizeof *size);
  }
#endif
  if (--arena->live > 0)
    return;
  g_ptr_array_unref (arena->blocks);
  arena->blocks = NULL;
  arena->next = arena->end = NULL;
}

guint
ipm_text_hash (const char *text, gsize len)
{
  /* Eight bytes per step, multiply and fold (as wyhash/FxHash do): rule
   * texts are long, and a byte-wise hash costs more than the rest of a
   * lookup.  Long texts go sixteen bytes per step in two independent
   * lanes, as one lane waits on its multiply. */
  const guint64 k = G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  const guint64 k2 = G_GUINT64_CONSTANT (0xc2b2ae3d27d4eb4f);
  guint64 h = len * k;
  guint64 w;

  if (len >= 32)
    {
      guint64 h2 = ~h, w2;

      for (; len >= 16; text += 16, len -= 16)
        {
          memcpy (&w, text, 8);
          memcpy (&w2, text + 8, 8);
          h = (h ^ w) * k;
          h ^= h >> 29;
          h2 = (h2 ^ w2) * k2;
          h2 ^= h2 >> 31;
        }
      h = (h ^ h2) * k;
      h ^= h >> 29;
    }
  for (; len >= 8; text += 8, len -= 8)
    {
      memcpy (&w, text, 8);
      h = (h ^ w) * k;
      h ^= h >> 29;
    }
  if (len > 0)
    {
      w = 0;
      memcpy (&w, text, len);
      h = (h ^ w) * k;
      h ^= h >> 29;
    }
  return (guint) (h ^ (h >> 32));
}

guint
ipm_str_hash (gconstpointer name)
{
  return ipm_text_hash (name, strlen (name));
}

IpmRule *
ipm_rule_new_full (const char *text, gsize len, const char *target)
{
  gsize target_len = target != NULL ? strlen (target) : 0;
  /* "-j TARGET" printed bare at the end of the text: share those bytes */
  gboolean at_end = target != NULL && len > target_len
    && text[len - target_len - 1] == ' '
    && memcmp (text + len - target_len, target, target_len) == 0;
  gsize extra = target != NULL && !at_end ? target_len + 1 : 0;
  IpmRule *rule = ipm_arena_alloc (&ipm_rule_arena,
                                   sizeof (IpmRule) + len + 1 + extra);

  memset (rule, 0, sizeof *rule);
  rule->ref_count = 1;
  rule->text = (char *) (rule + 1);
  rule->text_len = len;
  memcpy (rule->text, text, len);
  rule->text[len] = '\0';
  if (target != NULL)
    {
      if (at_end)
        rule->target = rule->text + len - target_len;
      else
        {
          rule->target = rule->text + len + 1;
          memcpy (rule->target, target, target_len + 1);
        }
      rule->target_inline = TRUE;
    }
  return rule;
}

IpmRule *
ipm_rule_new_len (const char *text, gsize len)
{
  return ipm_rule_new_full (text, len, NULL);
}

IpmRule *
ipm_rule_new (const char *text)
{
  return ipm_rule_new_len (text, strlen (text));
}

/* Not atomic: rulesets belong to one thread, and a locked increment per
 * rule is a measurable part of applying a large dump. */
IpmRule *
ipm_rule_ref (IpmRule *rule)
{
  rule->ref_count++;
  return rule;
}

void
ipm_rule_unref (IpmRule *rule)
{
  if (rule == NULL || --rule->ref_count > 0)
    return;
  if (!rule->target_inline)
    g_free (rule->target);
  ipm_arena_release (&ipm_rule_arena, rule);
}

guint
ipm_rule_hash (const IpmRule *rule)
{
  if (!rule->hash_valid)
    {
      IpmRule *cache = (IpmRule *) rule;

      cache->hash = ipm_text_hash (rule->text, rule->text_len);
      cache->hash_valid = TRUE;
    }
  return rule->hash;
}

gboolean
ipm_rule_equal (const IpmRule *a, const IpmRule *b)
{
  /* rules are shared between rulesets: the same rule is the common case;
   * the hashes settle it only when both are known already */
  return a == b || (a->text_len == b->text_len
                    && (!a->hash_valid || !b->hash_valid || a->hash == b->hash)
                    && memcmp (a->text, b->text, a->text_len) == 0);
}

gboolean
ipm_rules_equal (const GPtrArray *a, const GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (!ipm_rule_equal (g_ptr_array_index (a, i), g_ptr_array_index (b, i)))
      return FALSE;
  return TRUE;
}

static IpmChain *
ipm_chain_new (const char *name, const char *policy, const IpmLoc *loc)
{
  gsize len = strlen (name);
  IpmChain *chain = ipm_arena_alloc (&ipm_chain_arena,
                                     sizeof (IpmChain) + len + 1);

  /* the name follows the chain in its allocation until a rename */
  memset (chain, 0, sizeof *chain);
  chain->name = (char *) (chain + 1);
  memcpy (chain->name, name, len + 1);
  chain->name_len = len;
  chain->policy = g_strdup (policy);
  chain->builtin = policy != NULL;
  if (loc != NULL)
    chain->loc = *loc;
  return chain;
}

static void
ipm_chain_free (IpmChain *chain)
{
  if (chain->name != (char *) (chain + 1))
    g_free (chain->name);
  g_free (chain->policy);
  if (chain->rule_array != NULL)
    g_ptr_array_unref (chain->rule_array);
  ipm_arena_release (&ipm_chain_arena, chain);
}

/* ---- the chain index of a table ---- */

#define IPM_SLOT_NAME_MAX 50    /* longer names (never from a dump: the
                                   kernel allows 28) compare via the chain */

struct _IpmChainSlot {
  IpmChain *chain;              /* NULL: empty */
  guint hash;
  guint8 len;                   /* strlen (name), or G_MAXUINT8: longer */
  char name[IPM_SLOT_NAME_MAX + 1];
};
G_STATIC_ASSERT (sizeof (IpmChainSlot) == 64);

/* NAME[0..LEN) (not NUL-terminated) is CHAIN's name. */
static inline gboolean
ipm_chain_name_is (const IpmChain *chain, const char *name, gsize len)
{
  return chain->name_len == len && memcmp (chain->name, name, len) == 0;
}

static gboolean
ipm_slot_matches (const IpmChainSlot *slot, const char *name, gsize len,
                  guint hash)
{
  if (slot->hash != hash)
    return FALSE;
  if (len > IPM_SLOT_NAME_MAX)
    return slot->len == G_MAXUINT8 && ipm_chain_name_is (slot->chain, name, len);
  return slot->len == len && memcmp (slot->name, name, len) == 0;
}

static void ipm_table_index_flush (IpmTable *table);

/* The slot of the chain named NAME[0..LEN) (HASH its ipm_text_hash), or
 * NULL.  TABLE is logically const: completing its index changes no
 * answer. */
static IpmChainSlot *
ipm_table_find_slot_hashed (const IpmTable *table, const char *name,
                            gsize len, guint hash)
{
  ipm_table_index_flush ((IpmTable *) table);

  if (table->slots == NULL)
    return NULL;
  for (guint i = hash & table->mask;; i = (i + 1) & table->mask)
    {
      IpmChainSlot *slot = &table->slots[i];

      if (slot->chain == NULL)
        return NULL;
      if (ipm_slot_matches (slot, name, len, hash))
        return slot;
    }
}

static IpmChainSlot *
ipm_table_find_slot (const IpmTable *table, const char *name)
{
  gsize len = strlen (name);

  return ipm_table_find_slot_hashed (table, name, len,
                                     ipm_text_hash (name, len));
}

static void
ipm_slot_put (IpmChainSlot *slots, guint mask, const IpmChainSlot *from)
{
  guint i = from->hash & mask;

  while (slots[i].chain != NULL)
    i = (i + 1) & mask;
  slots[i] = *from;
}

/* N zeroed slots, each on its own cache line.  A large index is mapped
 * directly: its pages come zeroed (no memset over megabytes that are then
 * touched at random anyway) and on huge pages, as every lookup lands on a
 * random slot. */
static IpmChainSlot *
ipm_slots_new (guint n)
{
  gsize bytes = (gsize) n * sizeof (IpmChainSlot);
  gpointer slots = NULL;
  char *map, *start;
  gsize head;

  if (bytes < IPM_HUGE_PAGE_BYTES)
    {
      if (posix_memalign (&slots, sizeof (IpmChainSlot), bytes) != 0)
        g_error ("out of memory (%u chain slots)", n);
      memset (slots, 0, bytes);
      return slots;
    }
  map = mmap (NULL, bytes + IPM_HUGE_PAGE_BYTES, PROT_READ | PROT_WRITE,
              MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (map == MAP_FAILED)
    g_error ("out of memory (%u chain slots)", n);
  /* keep the 2 MB-aligned part */
  start = (char *) (((guintptr) map + IPM_HUGE_PAGE_BYTES - 1)
                    & ~(guintptr) (IPM_HUGE_PAGE_BYTES - 1));
  head = start - map;
  if (head > 0)
    munmap (map, head);
  munmap (start + bytes, IPM_HUGE_PAGE_BYTES - head);
#ifdef MADV_HUGEPAGE
  (void) madvise (start, bytes, MADV_HUGEPAGE);   /* only a hint */
#endif
  return (IpmChainSlot *) start;
}

static void
ipm_slots_free (IpmChainSlot *slots, guint n)
{
  gsize bytes = (gsize) n * sizeof (IpmChainSlot);

  if (slots == NULL)
    return;
  if (bytes < IPM_HUGE_PAGE_BYTES)
    free (slots);
  else
    munmap (slots, bytes);
}

/* Rehashes TABLE's index into SIZE slots (a power of two). */
static void
ipm_table_index_resize (IpmTable *table, guint size)
{
  IpmChainSlot *slots = ipm_slots_new (size);

  for (guint i = 0; table->slots != NULL && i <= table->mask; i++)
    if (table->slots[i].chain != NULL)
      ipm_slot_put (slots, size - 1, &table->slots[i]);
  if (table->slots != NULL)
    ipm_slots_free (table->slots, table->mask + 1);
  table->slots = slots;
  table->mask = size - 1;
}

/* Sizes the index of an empty TABLE for N chains. */
static void
ipm_table_index_reserve (IpmTable *table, guint n)
{
  guint size = 16;

  while (n * 10 > size * 7)
    size *= 2;
  if (table->slots == NULL || size > table->mask + 1)
    ipm_table_index_resize (table, size);
}

/* Puts CHAIN, whose name is not in the index yet and hashes to HASH, into
 * an index with room for it. */
static void
ipm_table_index_put (IpmTable *table, IpmChain *chain, guint hash)
{
  gsize len = strlen (chain->name);
  IpmChainSlot slot = { chain, hash, 0, "" };

  if (len > IPM_SLOT_NAME_MAX)
    slot.len = G_MAXUINT8;
  else
    {
      slot.len = len;
      memcpy (slot.name, chain->name, len);
    }
  ipm_slot_put (table->slots, table->mask, &slot);
  table->n_indexed++;
}

/* Indexes the chains ipm_table_add_chain_in_order left out, all at once:
 * the slots of the next few are loaded while one is put, rather than one
 * cache miss after another, and the index grows once. */
static void
ipm_table_index_flush (IpmTable *table)
{
  enum { AHEAD = 8 };
  guint n = table->n_pending;
  guint first = table->chains->len - n;
  guint hashes[AHEAD];

  if (n == 0)
    return;
  table->n_pending = 0;
  ipm_table_index_reserve (table, table->n_indexed + n);
  for (guint i = 0; i < n + AHEAD; i++)
    {
      /* the slot of chain i - AHEAD is loaded by now; its hash's place in
       * the ring is then free for chain i */
      if (i >= AHEAD)
        ipm_table_index_put (table, g_ptr_array_index (table->chains,
                                                       first + i - AHEAD),
                             hashes[i % AHEAD]);
      if (i < n)
        {
          const char *name = ((IpmChain *) g_ptr_array_index (table->chains,
                                                               first + i))->name;
          guint hash = ipm_text_hash (name, strlen (name));

          hashes[i % AHEAD] = hash;
          __builtin_prefetch (&table->slots[hash & table->mask], 1);
        }
    }
}

/* Adds CHAIN, whose name is not in the index yet. */
static void
ipm_table_index_add (IpmTable *table, IpmChain *chain)
{
  ipm_table_index_flush (table);
  /* at most 70% full: linear probes stay short */
  if (table->slots == NULL)
    ipm_table_index_resize (table, 16);
  else if ((table->n_indexed + 1) * 10 > (table->mask + 1) * 7)
    ipm_table_index_resize (table, 2 * (table->mask + 1));
  ipm_table_index_put (table, chain,
                       ipm_text_hash (chain->name, strlen (chain->name)));
}

static void
ipm_table_index_remove (IpmTable *table, IpmChain *chain)
{
  guint i = ipm_table_find_slot (table, chain->name) - table->slots;
  IpmChainSlot *slots = table->slots;
  guint mask = table->mask;

  /* backward-shift deletion: an entry after the hole moves into it unless
   * its home slot lies cyclically in (hole, entry] */
  for (guint j = i;;)
    {
      guint home;

      j = (j + 1) & mask;
      if (slots[j].chain == NULL)
        break;
      home = slots[j].hash & mask;
      if (i <= j ? (i < home && home <= j) : (i < home || home <= j))
        continue;
      slots[i] = slots[j];
      i = j;
    }
  memset (&slots[i], 0, sizeof slots[i]);
  table->n_indexed--;
}

static void
ipm_table_free (IpmTable *table)
{
  ipm_slots_free (table->slots, table->mask + 1);
  if (table->gone != NULL)
    g_hash_table_unref (table->gone);
  g_ptr_array_unref (table->chains);
  g_free (table->name);
  g_free (table);
}

IpmRuleset *
ipm_ruleset_new (void)
{
  IpmRuleset *rs = g_new0 (IpmRuleset, 1);

  rs->tables = g_ptr_array_new_with_free_func ((GDestroyNotify) ipm_table_free);
  rs->by_name = g_hash_table_new (ipm_str_hash, g_str_equal);
  return rs;
}

void
ipm_ruleset_free (IpmRuleset *rs)
{
  if (rs == NULL)
    return;
  g_hash_table_unref (rs->by_name);
  g_ptr_array_unref (rs->tables);
  if (rs->storage != NULL)
    g_ptr_array_unref (rs->storage);
  g_free (rs);
}

IpmRuleset *
ipm_ruleset_copy (const IpmRuleset *rs)
{
  IpmRuleset *copy = ipm_ruleset_new ();

  copy->family = rs->family;
  copy->no_rule_counters = rs->no_rule_counters;
  if (rs->storage != NULL)
    copy->storage = g_ptr_array_ref (rs->storage);
  for (guint t = 0; t < rs->tables->len; t++)
    {
      const IpmTable *table = g_ptr_array_index (rs->tables, t);
      IpmTable *tc = g_new0 (IpmTable, 1);

      tc->name = g_strdup (table->name);
      tc->chains = g_ptr_array_new_full (table->chains->len,
                                         (GDestroyNotify) ipm_chain_free);
      tc->loc = table->loc;
      tc->n_builtin = table->n_builtin;
      tc->n_sorted = table->n_sorted;
      tc->n_dropped = table->n_dropped;
      for (guint c = 0; c < table->chains->len; c++)
        {
          const IpmChain *chain = g_ptr_array_index (table->chains, c);
          IpmChain *cc = ipm_chain_new (chain->name, chain->policy,
                                        &chain->loc);

          cc->builtin = chain->builtin;
          cc->counters = chain->counters;
          cc->pos = c;
          cc->origin = chain;
          cc->origin_pos = c;
          cc->span = chain->span;
          if (chain->rule_array != NULL && chain->rule_array->len > 0)
            {
              GPtrArray *rules = ipm_chain_rules (cc);

              g_ptr_array_set_size (rules, chain->rule_array->len);
              for (guint r = 0; r < chain->rule_array->len; r++)
                rules->pdata[r] =
                  ipm_rule_ref (g_ptr_array_index (chain->rule_array, r));
            }
          g_ptr_array_add (tc->chains, cc);
        }
      /* indexed in one prefetched pass */
      tc->n_pending = tc->chains->len;
      ipm_table_index_flush (tc);
      g_ptr_array_add (copy->tables, tc);
      g_hash_table_insert (copy->by_name, tc->name, tc);
    }
  return copy;
}

IpmTable *
ipm_ruleset_lookup_table (const IpmRuleset *rs, const char *name)
{
  return g_hash_table_lookup (rs->by_name, name);
}

IpmTable *
ipm_ruleset_ensure_table (IpmRuleset *rs, const char *name, const IpmLoc *loc)
{
  IpmTable *table = ipm_ruleset_lookup_table (rs, name);
  const char *const *builtin;

  if (table != NULL)
    return table;
  table = g_new0 (IpmTable, 1);
  table->name = g_strdup (name);
  table->chains = g_ptr_array_new_with_free_func ((GDestroyNotify) ipm_chain_free);
  if (loc != NULL)
    table->loc = *loc;
  for (builtin = ipm_table_builtin_chains (name);
       builtin != NULL && *builtin != NULL; builtin++)
    {
      IpmChain *chain = ipm_chain_new (*builtin, "ACCEPT", loc);

      chain->pos = table->chains->len;
      g_ptr_array_add (table->chains, chain);
      ipm_table_index_add (table, chain);
    }
  table->n_builtin = table->chains->len;
  table->n_sorted = table->n_builtin;
  g_ptr_array_add (rs->tables, table);
  g_hash_table_insert (rs->by_name, table->name, table);
  return table;
}

IpmChain *
ipm_table_lookup_chain (const IpmTable *table, const char *name)
{
  const IpmChainSlot *slot = ipm_table_find_slot (table, name);

  return slot != NULL ? slot->chain : NULL;
}

gboolean
ipm_table_has_chain (const IpmTable *table, const char *name)
{
  return ipm_table_find_slot (table, name) != NULL;
}

gboolean
ipm_table_has_chain_hashed (const IpmTable *table, const char *name,
                            gsize len, guint hash)
{
  return ipm_table_find_slot_hashed (table, name, len, hash) != NULL;
}

void
ipm_table_prefetch_chain (const IpmTable *table, const char *name)
{
  ipm_table_prefetch_hash (table, ipm_text_hash (name, strlen (name)));
}

void
ipm_table_prefetch_hash (const IpmTable *table, guint hash)
{
  ipm_table_index_flush ((IpmTable *) table);
  if (table->slots != NULL)
    __builtin_prefetch (&table->slots[hash & table->mask]);
}

IpmChain *
ipm_table_find_chain_near (const IpmTable *table, const IpmChain *near,
                           const char *name)
{
  return ipm_table_find_chain_near_len (table, near, name, strlen (name));
}

IpmChain *
ipm_table_find_chain_near_len (const IpmTable *table, const IpmChain *near,
                               const char *name, gsize len)
{
  const IpmChainSlot *slot;

  if (near != NULL)
    {
      IpmChain *chain;

      if (ipm_chain_name_is (near, name, len))
        return (IpmChain *) near;
      chain = ipm_table_chain_after (table, near, name, len);
      if (chain != NULL)
        return chain;
    }
  slot = ipm_table_find_slot_hashed (table, name, len,
                                     ipm_text_hash (name, len));
  return slot != NULL ? slot->chain : NULL;
}

IpmChain *
ipm_table_chain_after (const IpmTable *table, const IpmChain *after,
                       const char *name, gsize len)
{
  const GPtrArray *chains = table->chains;
  guint pos = after->pos;

  /* a few steps over chains without rules */
  if (pos >= chains->len || g_ptr_array_index (chains, pos) != after)
    return NULL;
  for (guint k = pos + 1; k < chains->len && k <= pos + 4; k++)
    {
      IpmChain *chain = g_ptr_array_index (chains, k);

      if (ipm_chain_name_is (chain, name, len))
        return chain;
    }
  return NULL;
}

IpmChain *
ipm_table_ensure_chain (IpmTable *table, const char *name, const IpmLoc *loc)
{
  IpmChain *chain = ipm_table_lookup_chain (table, name);

  if (chain != NULL)
    return chain;
  if (table->n_sorted == table->chains->len
      && (table->chains->len == table->n_builtin
          || strcmp (((IpmChain *) g_ptr_array_index (table->chains,
                                                      table->chains->len - 1))->name,
                     name) < 0))
    table->n_sorted++;
  chain = ipm_chain_new (name, NULL, loc);
  chain->pos = table->chains->len;
  g_ptr_array_add (table->chains, chain);
  ipm_table_index_add (table, chain);
  return chain;
}

IpmChain *
ipm_table_add_chain_in_order (IpmTable *table, const char *name,
                              const IpmLoc *loc)
{
  guint len = table->chains->len;
  IpmChain *chain;

  /* Only the built-ins are indexed and the pending names increase: NAME
   * is new if it sorts after the last one and is not a built-in. */
  if (len - table->n_pending != table->n_builtin
      || (table->n_pending > 0
          && strcmp (((IpmChain *) g_ptr_array_index (table->chains,
                                                      len - 1))->name,
                     name) >= 0)
      || (ipm_chain_name_builtin (name)
          && ipm_chain_is_builtin (table->name, name)))
    return NULL;
  chain = ipm_chain_new (name, NULL, loc);
  chain->pos = len;
  g_ptr_array_add (table->chains, chain);
  table->n_pending++;
  /* after the built-ins and the pending names, which it follows */
  if (table->n_sorted == len)
    table->n_sorted++;
  return chain;
}

static void
ipm_table_note_gone (IpmTable *table, const char *name)
{
  if (table->gone == NULL)
    table->gone = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_add (table->gone, g_strdup (name));
  table->n_dropped++;
}

gboolean
ipm_table_had_chain (const IpmTable *table, const char *name)
{
  return table->gone != NULL && g_hash_table_contains (table->gone, name)
         && !ipm_table_has_chain (table, name);
}

void
ipm_table_forget_gone (IpmTable *table)
{
  g_clear_pointer (&table->gone, g_hash_table_unref);
}

void
ipm_table_remove_chain (IpmTable *table, IpmChain *chain)
{
  guint at;

  ipm_table_note_gone (table, chain->name);
  ipm_table_index_remove (table, chain);
  if (!g_ptr_array_find (table->chains, chain, &at))
    g_assert_not_reached ();
  /* the others keep their order */
  if (at < table->n_sorted)
    table->n_sorted--;
  g_ptr_array_remove_index (table->chains, at);
}

void
ipm_table_rename_chain (IpmTable *table, IpmChain *chain, const char *new_name)
{
  /* a span's lines name the chain */
  (void) ipm_chain_rules (chain);
  ipm_table_note_gone (table, chain->name);
  ipm_table_index_remove (table, chain);
  if (chain->name != (char *) (chain + 1))
    g_free (chain->name);
  chain->name = g_strdup (new_name);
  chain->name_len = strlen (new_name);
  ipm_table_index_add (table, chain);
  table->n_sorted = MIN (table->n_sorted, table->n_builtin);
}

static gint
ipm_chain_cmp_user (gconstpointer a, gconstpointer b)
{
  const IpmChain *ca = *(const IpmChain *const *) a;
  const IpmChain *cb = *(const IpmChain *const *) b;

  if (ca->builtin != cb->builtin)
    return ca->builtin ? -1 : 1;
  if (ca->builtin)
    return 0;   /* g_ptr_array_sort is stable: kernel order stays */
  return strcmp (ca->name, cb->name);
}

GPtrArray *
ipm_table_chains_in_save_order (const IpmTable *table)
{
  guint len = table->chains->len, n = table->n_sorted, i = 0, j = 0;
  gpointer *chains = table->chains->pdata;
  g_autoptr(GPtrArray) tail = NULL;
  GPtrArray *order;

  /* A dump declares its chains in this order already, and the table
   * knows how many still are: the chains a merge appends are sorted
   * alone and merged in, not the whole table again. */
  if (n == len)
    return g_ptr_array_ref (table->chains);
  tail = g_ptr_array_sized_new (len - n);
  for (guint k = n; k < len; k++)
    g_ptr_array_add (tail, chains[k]);
  g_ptr_array_sort (tail, ipm_chain_cmp_user);
  order = g_ptr_array_sized_new (len);
  while (i < n || j < tail->len)
    {
      /* the sorted run first on a tie: the built-ins keep their order */
      if (j == tail->len
          || (i < n && ipm_chain_cmp_user (&chains[i], &tail->pdata[j]) <= 0))
        g_ptr_array_add (order, chains[i++]);
      else
        g_ptr_array_add (order, tail->pdata[j++]);
    }
  return order;
}

gint
ipm_chain_find_rule (const IpmChain *chain, const IpmRule *rule)
{
  g_autoptr(GPtrArray) rules = ipm_chain_rules_read (chain);

  for (guint i = 0; i < rules->len; i++)
    if (ipm_rule_equal (g_ptr_array_index (rules, i), rule))
      return i;
  return -1;
}

GPtrArray *
ipm_chain_rules (IpmChain *chain)
{
  IpmChain *mine = chain;

  if (G_LIKELY (mine->rule_array != NULL && mine->span.text == NULL))
    return mine->rule_array;
  if (mine->rule_array == NULL)
    /* room for the few rules most chains have: no growing one by one */
    mine->rule_array = g_ptr_array_new_full (MAX (4, mine->span.n_rules),
                                             (GDestroyNotify) ipm_rule_unref);
  if (mine->span.text != NULL)
    {
      mine->span.expand (&mine->span, mine->name, mine->name_len,
                         mine->rule_array);
      memset (&mine->span, 0, sizeof mine->span);
    }
  return mine->rule_array;
}

GPtrArray *
ipm_chain_rules_made (IpmChain *chain)
{
  return chain->span.text == NULL ? chain->rule_array : NULL;
}

const GPtrArray *
ipm_chain_rules_made_const (const IpmChain *chain)
{
  return chain->span.text == NULL ? chain->rule_array : NULL;
}

const char *
ipm_chain_span_bytes (const IpmChain *chain, gsize *len)
{
  *len = chain->span.len;
  return chain->span.text;
}

IpmFamily
ipm_chain_span_family (const IpmChain *chain, IpmLoc *loc)
{
  if (chain->span.text == NULL)
    return IPM_FAMILY_UNKNOWN;
  loc->file = chain->span.file;
  loc->lineno = chain->span.lineno;
  return chain->span.family;
}

void
ipm_chain_set_rules (IpmChain *chain, GPtrArray *rules)
{
  memset (&chain->span, 0, sizeof chain->span);
  if (chain->rule_array != NULL)
    g_ptr_array_unref (chain->rule_array);
  chain->rule_array = rules;
}

GPtrArray *
ipm_chain_rules_read (const IpmChain *chain)
{
  GPtrArray *rules;

  if (chain->span.text == NULL)
    return chain->rule_array != NULL ? g_ptr_array_ref (chain->rule_array)
      : g_ptr_array_new_with_free_func ((GDestroyNotify) ipm_rule_unref);
  rules = g_ptr_array_new_full (chain->span.n_rules,
                                (GDestroyNotify) ipm_rule_unref);
  chain->span.expand (&chain->span, chain->name, chain->name_len, rules);
  return rules;
}

gboolean
ipm_chain_spans_equal (const IpmChain *a, const IpmChain *b)
{
  return a->span.text != NULL && b->span.text != NULL
    && a->span.len == b->span.len && a->span.n_rules == b->span.n_rules
    && a->span.family == b->span.family && a->span.table == b->span.table
    && (a->span.text == b->span.text
        || memcmp (a->span.text, b->span.text, a->span.len) == 0);
}

guint
ipm_chain_n_rules (const IpmChain *chain)
{
  return chain->span.n_rules
         + (chain->rule_array != NULL ? chain->rule_array->len : 0);
}

gboolean
ipm_chain_span_extend (IpmChain *chain, IpmSpanExpander expand,
                       const char *line, gsize len,
                       const IpmLoc *loc, IpmFamily family, const char *table)
{
  IpmSpan *span = &chain->span;

  if (chain->rule_array != NULL && chain->rule_array->len > 0)
    return FALSE;
  if (span->text == NULL)
    {
      if (len + 1 > G_MAXUINT)
        return FALSE;
      span->text = line;
      span->len = len + 1;
      span->n_rules = 1;
      span->lineno = loc->lineno;
      span->file = loc->file;
      span->family = family;
      span->table = table;
      span->expand = expand;
      return TRUE;
    }
  /* the next line, of the same input (a chain's lines come in one run) */
  if (line != span->text + span->len || loc->file != span->file
      || loc->lineno != span->lineno + span->n_rules
      || (gsize) span->len + len + 1 > G_MAXUINT)
    return FALSE;
  span->len += len + 1;
  span->n_rules++;
  return TRUE;
}

guint
ipm_ruleset_count_rules (const IpmRuleset *rs)
{
  guint n = 0;

  for (guint t = 0; t < rs->tables->len; t++)
    {
      const IpmTable *table = g_ptr_array_index (rs->tables, t);

      for (guint c = 0; c < table->chains->len; c++)
        n += ipm_chain_n_rules (g_ptr_array_index (table->chains, c));
    }
  return n;
}

/* grammar: the match and target module tables built from the grammar/ .def
 * files (X-macros, see grammar/README).
 *
 * A module is a list of options sorted by name (so lookups are a bsearch and
 * prefix lookups a range scan); each option knows its argument count, value
 * type (the normalizer in canon-value.c), whether "!" may precede it, the
 * place the module's save function prints it, its default and repeatability.
 * The tables are static and read-only.
 */
#ifndef IPM_GRAMMAR_H
#define IPM_GRAMMAR_H

#include <glib.h>

typedef enum {
#define IPM_TYPE(id, fn, cls, desc) IPM_TYPE_##id,
#include "types.def"
#undef IPM_TYPE
  IPM_N_TYPES
} IpmType;

/* What a value of a type holds, for --rewrite (the class column of
 * grammar/types.def): only addresses, networks and interfaces change. */
typedef enum {
  IPM_CLASS_PLAIN,          /* anything else: never rewritten */
  IPM_CLASS_ADDR,           /* one address */
  IPM_CLASS_NET,            /* address[/mask] */
  IPM_CLASS_RANGE,          /* address[-address] */
  IPM_CLASS_NAT,            /* address[-address][:port[-port]], IPv6
                               addresses in brackets before a port */
  IPM_CLASS_IFACE,          /* interface name, '+' at the end a wildcard */
} IpmTypeClass;

/* Module-level rewrites that do not fit one option row. */
typedef enum {
  IPM_HOOK_NONE,
  IPM_HOOK_CONNMARK_TG,     /* --mask sets both masks; masks only with
                               --save-mark / --restore-mark */
  IPM_HOOK_CONNLIMIT,       /* "! --connlimit-above N" is --connlimit-upto */
  IPM_HOOK_NEED_PORTS,      /* needs -p tcp, udp, udplite, sctp or dccp */
  IPM_HOOK_STATISTIC,       /* --every needs --packet */
  IPM_HOOK_HASHLIMIT,       /* the default expire is the rate's unit */
  IPM_HOOK_REJECT,          /* tcp-reset needs -p tcp */
  IPM_HOOK_NFT_MERGE,       /* iptables-nft stores all instances of this
                               match as one (ports and flags are native
                               expressions), so they print merged */
  IPM_HOOK_PHYSDEV,         /* --physdev-out / --physdev-is-out not in
                               OUTPUT unless --physdev-is-bridged */
  IPM_HOOK_SRH,             /* the -eq/-gt/-lt of one field share its
                               value: two of them are kept as written */
  IPM_HOOK_TIME,            /* --timestart and --timestop print together;
                               "! --weekdays" prints the other days */
} IpmHook;

typedef enum {
  IPM_OPT_NEG     = 1 << 0, /* "!" may precede it */
  IPM_OPT_REPEAT  = 1 << 1, /* may be given more than once */
  IPM_OPT_ADD     = 1 << 2, /* save prints DFLT when no option of the group
                               (or the option itself) was given */
  IPM_OPT_DROP    = 1 << 3, /* save omits it when its value equals DFLT */
  IPM_OPT_FIXED   = 1 << 4, /* takes no argument; prints DFLT as its value */
  IPM_OPT_LITERAL = 1 << 5, /* accepted, but its canonical form is unknown:
                               the module instance is kept word for word */
  IPM_OPT_REQ     = 1 << 6, /* it (or another of its group) must be given */
  IPM_OPT_ONE     = 1 << 7, /* at least one IPM_OPT_ONE option of the
                               module must be given */
  IPM_OPT_IGNORE  = 1 << 8, /* accepted, has no effect, never printed */
} IpmOptFlags;

typedef struct {
  const char *name;         /* long option without "--", as accepted */
  const char *print;        /* name iptables-save prints */
  guint8 nargs;             /* words after the option */
  guint8 type;              /* IpmType of the arguments */
  guint8 order;             /* position in the module's save output */
  guint8 group;             /* 0, or id of mutually exclusive options */
  guint16 flags;            /* IpmOptFlags */
  const char *dflt;         /* default (canonical text) or NULL */
  const char *dflt6;        /* default for IPv6 when it differs, or NULL */
  const char *chains;       /* built-in chains the option is valid in
                               ("A,B"), or NULL for all */
} IpmGrammarOpt;

typedef enum {
  IPM_MODULE_MATCH,
  IPM_MODULE_TARGET,
} IpmModuleKind;

typedef enum {
  IPM_MODULE_OPAQUE   = 1 << 0, /* known name, options unknown: literal */
  IPM_MODULE_STANDARD = 1 << 1, /* built-in verdict (ACCEPT, DROP, ...) */
  IPM_MODULE_VERDICT  = 1 << 2, /* the packet leaves the chain: ACCEPT,
                                   DROP, REJECT, DNAT, ... (src/reach.h) */
} IpmModuleFlags;

typedef struct {
  const char *name;         /* as given to -m / -j */
  guint8 kind;              /* IpmModuleKind */
  guint8 family;            /* 0 (both), 4 or 6 */
  guint8 hook;              /* IpmHook */
  guint8 flags;             /* IpmModuleFlags */
  const char *proto;        /* protocol the module needs (services) or NULL */
  const char *tables;       /* tables it is valid in ("a,b"), or NULL for
                               all (checked in user chains too) */
  const char *chains;       /* built-in chains it is valid in ("A,B"), or
                               NULL for all (the kernel checks a user
                               chain's callers only when it commits) */
  const IpmGrammarOpt *opts;/* sorted by name */
  guint n_opts;
} IpmGrammarModule;

/* What an option of iptables itself (grammar/base.def) is. */
typedef enum {
  IPM_BASE_SOURCE, IPM_BASE_DEST, IPM_BASE_IN, IPM_BASE_OUT, IPM_BASE_PROTO,
  IPM_BASE_FRAG, IPM_BASE_JUMP, IPM_BASE_GOTO, IPM_BASE_MATCH,
  IPM_BASE_COUNTERS, IPM_BASE_IPV4, IPM_BASE_IPV6, IPM_BASE_COMMAND,
  IPM_BASE_NOOP,
} IpmBaseKind;

typedef struct {
  const char *name;         /* "source" (long, without "--") or "-s" */
  guint8 kind;              /* IpmBaseKind */
  guint8 nargs;
  guint8 type;              /* IpmType of the arguments */
} IpmGrammarBaseOpt;

/* iptables' long options sorted by name, and its short ones; *N their
 * number. */
const IpmGrammarBaseOpt *ipm_grammar_base_long (guint *n);
const IpmGrammarBaseOpt *ipm_grammar_base_short (guint *n);

/* The full tables, sorted by name (for tests and tools). */
const IpmGrammarModule *ipm_grammar_matches (guint *n);
const IpmGrammarModule *ipm_grammar_targets (guint *n);

/* Looks up the module NAME usable in FAMILY (IPV4 = 4, IPV6 = 6), or NULL. */
const IpmGrammarModule *ipm_grammar_match (const char *name, guint family);
const IpmGrammarModule *ipm_grammar_target (const char *name, guint family);

/* Exact lookup of option NAME (without "--") in MODULE, or NULL. */
const IpmGrammarOpt *ipm_grammar_option (const IpmGrammarModule *module,
                                         const char *name);

/* Options of MODULE whose name starts with PREFIX: sets *FIRST and returns
 * how many there are (contiguous, since the table is sorted). */
guint ipm_grammar_option_prefix (const IpmGrammarModule *module,
                                 const char *prefix,
                                 const IpmGrammarOpt **first);

/* OPT's default in FAMILY (4 or 6), or NULL. */
const char *ipm_grammar_option_default (const IpmGrammarOpt *opt,
                                        guint family);

/* TRUE when ITEM is in LIST, a comma list of tables or chains ("a,b"). */
gboolean ipm_grammar_list_has (const char *list, const char *item);

/* Human-readable description of TYPE. */
const char *ipm_grammar_type_name (IpmType type);

/* The class of TYPE (IPM_CLASS_PLAIN for an unknown type). */
IpmTypeClass ipm_grammar_type_class (IpmType type);

#endif

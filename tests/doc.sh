#!/bin/sh
# The manual and --help: src/ipmerge.1 lints clean (mandoc -T lint, and
# groff through man --warnings where man-db is installed); every option of
# ipmerge --help has an entry under OPTIONS in the manual and back; --help
# shows each mode with an example; --version names the package version and
# the iptables-save version of the canonical form.
. "$top_srcdir/tests/lib.sh"
command -v mandoc >/dev/null 2>&1 || skip "mandoc not installed (Debian package mandoc)"
tmpdir_setup
man=$top_srcdir/src/ipmerge.1

mandoc -T lint -W warning "$man" > "$TMPD/lint" 2>&1
[ -s "$TMPD/lint" ] && { cat "$TMPD/lint"; fail "mandoc -T lint: warnings in src/ipmerge.1"; }
bs=$(printf '\b')
mandoc -T ascii "$man" > "$TMPD/page.bs" 2>&1 || fail "mandoc cannot format src/ipmerge.1"
sed "s/.$bs//g" "$TMPD/page.bs" > "$TMPD/page"    # no overstrike bold
if command -v man >/dev/null 2>&1 && command -v groff >/dev/null 2>&1; then
  MANWIDTH=80 man --warnings -E UTF-8 -l "$man" > /dev/null 2> "$TMPD/warn"
  [ -s "$TMPD/warn" ] && { cat "$TMPD/warn"; fail "man --warnings: groff warns about src/ipmerge.1"; }
else
  echo "note: man-db/groff not installed, only mandoc checked"
fi

# Options of --help: "  -o, --output=FILE   ..." and "  --delta   ...".
"$IPMERGE" --help > "$TMPD/help" || fail "ipmerge --help failed"
sed -n 's/^  \(-[a-zA-Z0-9?], \)\{0,1\}\(--[a-z0-9-]*\).*/\2/p' "$TMPD/help" \
  | sort -u > "$TMPD/help-long"
sed -n 's/^  \(-[a-zA-Z0-9]\), --.*/\1/p' "$TMPD/help" | sort -u > "$TMPD/help-short"
[ "$(wc -l < "$TMPD/help-long")" -ge 20 ] || { cat "$TMPD/help"; fail "too few options found in --help"; }

# Options of the manual: the tag line after each .TP in the OPTIONS
# section, e.g. ".BR \-o \", \" \-\-output =\fIFILE\fR".
awk '/^\.SH /{ in_opts = ($2 == "OPTIONS") } in_opts && tp { print; tp = 0 } /^\.TP/{ tp = 1 }' \
  "$man" | sed 's/\\-/-/g' > "$TMPD/man-tags"
grep -o -- '--[a-z0-9-]*' "$TMPD/man-tags" | sort -u > "$TMPD/man-long"
grep -o -- '^\.BR* -[a-zA-Z0-9] ' "$TMPD/man-tags" | sed 's/^\.BR* //; s/ $//' \
  | sort -u > "$TMPD/man-short"
diff -u "$TMPD/help-long" "$TMPD/man-long" > "$TMPD/d" \
  || { cat "$TMPD/d"; fail "long options differ between --help (-) and the manual's OPTIONS (+)"; }
diff -u "$TMPD/help-short" "$TMPD/man-short" > "$TMPD/d" \
  || { cat "$TMPD/d"; fail "short options differ between --help (-) and the manual's OPTIONS (+)"; }

# Every mode in --help with an example, and in the manual's synopsis.
for mode in --delta --plan --diff --canonical --check --textconv; do
  grep -q "^  \(iptables-save | \)\{0,1\}ipmerge $mode" "$TMPD/help" || fail "--help: no usage line for $mode"
  sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' "$TMPD/page" | grep -q -- "ipmerge $mode" \
    || fail "manual: $mode missing from SYNOPSIS"
done
grep -q '^  iptables-save | ipmerge .*LAYER' "$TMPD/help" || fail "--help: no usage line for the merge"
[ "$(grep -c '^      Example: ' "$TMPD/help")" = 7 ] || fail "--help: not one example per mode"
for section in 'MERGE PLACEMENT RULES' 'EXIT STATUS' FILES SAFETY EXAMPLES DIAGNOSTICS ENVIRONMENT; do
  grep -q "^$section" "$TMPD/page" || fail "manual: no $section section"
done
for needle in 'set -o pipefail' 'iptables-restore --noflush' 'allow-empty-host' \
              '/etc/sysconfig/iptables' 'diff.iptables.textconv' 'difftool' NO_COLOR; do
  grep -q -- "$needle" "$TMPD/page" || fail "manual: '$needle' is not mentioned"
done

# --version: "ipmerge VERSION (canonical form of iptables-save X.Y.Z, ...)"
"$IPMERGE" --version > "$TMPD/version" || fail "ipmerge --version failed"
version=$(sed -n 's/^#define PACKAGE_VERSION "\(.*\)"$/\1/p' "${top_builddir:-.}/config.h" 2>/dev/null)
grep -q "^ipmerge ${version:-[0-9]}.* iptables-save [0-9][0-9.]*" "$TMPD/version" \
  || { cat "$TMPD/version"; fail "--version does not name ipmerge ${version:-?} and an iptables-save version"; }
echo "doc: manual lints clean, $(wc -l < "$TMPD/help-long") long options in sync with --help"

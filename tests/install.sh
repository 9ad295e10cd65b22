#!/bin/sh
# make install / make uninstall with DESTDIR: the binary, the manual and the
# bash completion (as 'ipmerge', which bash-completion loads on demand) land
# under DESTDIR only, the installed binary runs, the installed manual
# formats, bashcompletiondir can be overridden, and uninstall leaves no file.
. "$top_srcdir/tests/lib.sh"
: "${top_builddir:?top_builddir must be set}"
[ -f "$top_builddir/Makefile" ] || skip "no Makefile in $top_builddir"
tmpdir_setup
make=${MAKE:-make}

# A make started by make check inherits its jobserver and flags; the
# install is small, run it alone and quietly.
unset MAKEFLAGS MFLAGS MAKELEVEL

dest=$TMPD/root
"$make" -s -C "$top_builddir" install DESTDIR="$dest" > "$TMPD/log" 2>&1 \
  || { cat "$TMPD/log"; fail "make install DESTDIR=... failed"; }
(cd "$dest" && find . -type f | sed 's|^\./|/|' | LC_ALL=C sort) > "$TMPD/files"
bin=$(grep '/bin/ipmerge$' "$TMPD/files") || { cat "$TMPD/files"; fail "no bin/ipmerge installed"; }
manpage=$(grep '/man/man1/ipmerge\.1$' "$TMPD/files") || { cat "$TMPD/files"; fail "no man1/ipmerge.1 installed"; }
compl=$(grep '/bash-completion/completions/ipmerge$' "$TMPD/files") \
  || { cat "$TMPD/files"; fail "no bash-completion/completions/ipmerge installed"; }
[ "$(wc -l < "$TMPD/files")" = 3 ] || { cat "$TMPD/files"; fail "make install installed more than 3 files"; }
echo "installed: $bin $manpage $compl"

[ -x "$dest$bin" ] || fail "$bin is not executable"
"$dest$bin" --version > "$TMPD/version" || fail "the installed ipmerge does not run"
"$IPMERGE" --version | cmp -s - "$TMPD/version" || fail "the installed ipmerge is another version"
cmp -s "$top_srcdir/src/ipmerge.1" "$dest$manpage" || fail "the installed manual differs from src/ipmerge.1"
cmp -s "$top_srcdir/src/ipmerge.bash-completion" "$dest$compl" \
  || fail "the installed completion differs from src/ipmerge.bash-completion"
if command -v mandoc >/dev/null 2>&1; then
  mandoc -T lint -W warning "$dest$manpage" && mandoc -T ascii "$dest$manpage" > "$TMPD/page" \
    && [ "$(wc -l < "$TMPD/page")" -gt 100 ] || fail "the installed manual does not format"
fi
if command -v bash >/dev/null 2>&1; then
  bash -c ". '$dest$compl' && complete -p ipmerge" > /dev/null \
    || fail "the installed completion does not register for ipmerge"
fi

"$make" -s -C "$top_builddir" uninstall DESTDIR="$dest" > "$TMPD/log" 2>&1 \
  || { cat "$TMPD/log"; fail "make uninstall DESTDIR=... failed"; }
left=$(cd "$dest" && find . -type f)
[ -z "$left" ] || fail "make uninstall left files: $left"

# An override of the completion directory at make time.
dest=$TMPD/root2
"$make" -s -C "$top_builddir" install DESTDIR="$dest" bashcompletiondir=/etc/bash_completion.d \
  > "$TMPD/log" 2>&1 || { cat "$TMPD/log"; fail "make install bashcompletiondir=... failed"; }
[ -f "$dest/etc/bash_completion.d/ipmerge" ] || fail "bashcompletiondir=... not honoured"
"$make" -s -C "$top_builddir" uninstall DESTDIR="$dest" bashcompletiondir=/etc/bash_completion.d \
  > "$TMPD/log" 2>&1 || { cat "$TMPD/log"; fail "make uninstall bashcompletiondir=... failed"; }
left=$(cd "$dest" && find . -type f)
[ -z "$left" ] || fail "make uninstall left files: $left"
echo "install: make install/uninstall with DESTDIR and bashcompletiondir"

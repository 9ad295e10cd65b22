#!/bin/sh
# Faults: every I/O failure is a clean error (exit 2, a message on stderr,
# nothing half-written), and with -o the old FILE is byte-identical and no
# temporary file is left after any failure.
#   - standard output: /dev/full, a failing write or fsync; a pipe whose
#     reader has gone (| head -1) ends quietly with status 2;
#   - layers: unreadable (a non-root user on a mode-000 file; an open that
#     fails; a read that fails with EIO), a directory (as a layer, as stdin);
#   - -o FILE: a failing write (at once, or after a short write), fsync,
#     close, rename, backup link (tests/faults/failio.so, an LD_PRELOAD
#     shim), a full tmpfs and a read-only folder (in a private mount
#     namespace: root only);
#   - -o FILE --backup: FILE~ keeps the original across runs, numbered
#     backups, a symbolic link kept (its target replaced), a loop of links;
#   - standard input on a terminal (script(1)): a hint on stderr;
#   - memory: numbers in the input (rule numbers, counters, table sizes)
#     never size an allocation: each run stays under a small address-space
#     limit.
. "$top_srcdir/tests/lib.sh"
tmpdir_setup
s=$top_srcdir/samples
FAILIO=$top_builddir/tests/faults/failio.so
[ -f "$FAILIO" ] || { echo "faults: $FAILIO not built (make check builds it)" >&2; exit 99; }
# an ASan build links the shim against libasan too; preloaded, it would come
# before the runtime in the library list, which ASan refuses by default
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
export ASAN_OPTIONS
cd "$TMPD" || exit 99

merge () {
  "$IPMERGE" "$@" "$s/docker-ref.rules" "$s/policy-9999.rules" < "$s/broken-host.rules"
}

# expect_error WHAT PATTERN: the last run (out, err, $st) failed cleanly
expect_error () {
  [ "$st" = 2 ] || fail "$1: exit $st, expected 2 (stderr: $(cat err))"
  [ -s out ] && fail "$1: wrote to stdout: $(head -3 out)"
  grep -q -e "$2" err || fail "$1: expected '$2' on stderr, got: $(cat err)"
  [ "$(grep -c '^ipmerge: ' err)" -ge 1 ] || fail "$1: no 'ipmerge:' message"
  return 0
}

merge > want || fail "the sample merge failed"

# ---- standard output -------------------------------------------------------

for mode in "$s/docker-ref.rules" "--delta $s/docker-ref.rules" --canonical; do
  # shellcheck disable=SC2086 # MODE is words
  "$IPMERGE" $mode < "$s/broken-host.rules" > /dev/full 2> err
  st=$?
  : > out
  expect_error "'$mode' > /dev/full" 'standard output: write error: No space left on device'
done
"$IPMERGE" --diff "$s/broken-host.rules" "$s/expected-merged.rules" > /dev/full 2> err
st=$?; : > out
expect_error "--diff > /dev/full" 'write error: No space left on device'

# a reader that has gone: the output is larger than any pipe buffer, so the
# write fails with EPIPE whatever the scheduling
awk 'BEGIN { print "*filter"; print ":INPUT ACCEPT [0:0]"; print ":FORWARD ACCEPT [0:0]"
  print ":OUTPUT ACCEPT [0:0]"
  for (i = 0; i < 60000; i++)
    printf "-A INPUT -s 10.%d.%d.%d/32 -p tcp -m tcp --dport %d -j ACCEPT\n", i / 65536, i / 256 % 256, i % 256, i % 65536
  print "COMMIT" }' > big.rules
# a reader that stopped reading: no message (the user knows), status 2
for mode in --canonical "--diff /dev/null" --textconv; do
  # shellcheck disable=SC2086 # MODE is words
  { "$IPMERGE" $mode big.rules 2> err; echo $? > status; } | head -1 > first
  [ "$(cat status)" = 2 ] || fail "'$mode' | head -1: exit $(cat status), expected 2"
  [ -s err ] && fail "'$mode' | head -1: a message on stderr: $(cat err)"
  [ -s first ] || fail "'$mode' | head -1 did not get a line"
done
[ "$(cat first)" = '*filter' ] || fail "| head -1 did not get the first line: $(cat first)"

# a failing write or fsync on stdout (a regular file on a failing disk)
FAILIO_FD=1 FAILIO_WRITE=EIO LD_PRELOAD=$FAILIO merge > out 2> err
st=$?; : > out
expect_error "stdout write EIO" 'standard output: write error: Input/output error'
FAILIO_FD=1 FAILIO_FSYNC=EIO LD_PRELOAD=$FAILIO merge > stdout-file 2> err
st=$?; : > out
expect_error "stdout fsync EIO" 'standard output: write error: Input/output error'

# ---- layers ----------------------------------------------------------------

cp "$s/docker-ref.rules" layer.rules
# an open that fails, as for a file root cannot read (NFS root_squash, LSM)
FAILIO_OPEN="EACCES:layer.rules" LD_PRELOAD=$FAILIO \
  "$IPMERGE" layer.rules < "$s/broken-host.rules" > out 2> err
st=$?
expect_error "unopenable layer" 'layer.rules: cannot open: Permission denied'
# a non-root user and a mode-000 file: the real permission check
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1 &&
   setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$IPMERGE" 2>/dev/null; then
  mkdir -m 755 perm && cp "$s/docker-ref.rules" perm/layer.rules && chmod 000 perm/layer.rules
  chmod 755 "$TMPD"
  setpriv --reuid=65534 --regid=65534 --clear-groups \
    "$IPMERGE" perm/layer.rules < "$s/broken-host.rules" > out 2> err
  st=$?
  chmod 700 "$TMPD"
  expect_error "mode-000 layer (as nobody)" 'perm/layer.rules: cannot open: Permission denied'
else
  echo "note: mode-000 layer as a non-root user not tested (needs root, setpriv, an ipmerge nobody can run)"
fi
# a read that fails: /proc/self/mem opens, but reading offset 0 is EIO
if [ -r /proc/self/mem ]; then
  "$IPMERGE" /proc/self/mem < "$s/broken-host.rules" > out 2> err
  st=$?
  expect_error "layer read error" '/proc/self/mem: read error: Input/output error'
fi
# a directory, as a layer, as --canonical's file, as stdin
mkdir adir
"$IPMERGE" adir < "$s/broken-host.rules" > out 2> err
st=$?
expect_error "layer is a directory" 'adir: is a directory'
"$IPMERGE" --canonical adir > out 2> err
st=$?
expect_error "--canonical DIR" 'adir: is a directory'
"$IPMERGE" --diff adir "$s/broken-host.rules" > out 2> err
st=$?
expect_error "--diff DIR FILE" 'adir: is a directory'
"$IPMERGE" "$s/docker-ref.rules" < adir > out 2> err
st=$?
expect_error "stdin is a directory" '<stdin>: read error: Is a directory'
# a missing layer
"$IPMERGE" no-such.rules < "$s/broken-host.rules" > out 2> err
st=$?
expect_error "missing layer" 'no-such.rules: cannot open: No such file or directory'

# ---- -o FILE: injected faults ----------------------------------------------

# check_untouched WHAT: etc/ holds exactly the old iptables and iptables~
check_untouched () {
  cmp -s old etc/iptables || fail "$1: the -o file changed"
  cmp -s oldbak etc/iptables~ || fail "$1: the backup changed"
  [ "$(ls -A etc | wc -l)" = 2 ] || fail "$1: files left behind: $(ls -A etc | tr '\n' ' ')"
}
mkdir etc
printf '*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n' > old
echo 'old backup' > oldbak
for fault in "FAILIO_WRITE=ENOSPC" "FAILIO_WRITE=EDQUOT FAILIO_WRITE_AFTER=100" \
             "FAILIO_WRITE=EIO FAILIO_WRITE_AFTER=4096" "FAILIO_FSYNC=EIO" \
             "FAILIO_CLOSE=EIO" "FAILIO_RENAME=EIO" "FAILIO_LINK=EIO"; do
  for backup in "" --backup; do
    cp old etc/iptables; cp oldbak etc/iptables~
    chmod 640 etc/iptables
    # shellcheck disable=SC2086 # FAULT is assignments, BACKUP a word or none
    env $fault LD_PRELOAD="$FAILIO" "$IPMERGE" -o etc/iptables $backup \
      "$s/docker-ref.rules" "$s/policy-9999.rules" < "$s/broken-host.rules" > out 2> err
    st=$?
    case $fault in
      FAILIO_LINK=*) [ -z "$backup" ] && { [ $st = 0 ] || fail "link fault without --backup: exit $st"; continue; }
                     pattern='cannot keep the backup' ;;
      FAILIO_WRITE=*) pattern='etc/iptables: write error' ;;
      FAILIO_FSYNC=*) pattern='etc/iptables: fsync failed' ;;
      FAILIO_CLOSE=*) pattern='etc/iptables: close failed' ;;
      FAILIO_RENAME=*) pattern='etc/iptables: \(rename failed\|cannot keep the backup\)' ;;
    esac
    expect_error "-o $backup with $fault" "$pattern"
    grep -q 'etc/iptables is unchanged' err || fail "-o with $fault: the message does not say the file is unchanged: $(cat err)"
    grep -q '\.iptables\.' err && fail "-o with $fault: the message names the temporary file: $(cat err)"
    check_untouched "-o $backup with $fault"
    [ "$(stat -c %a etc/iptables)" = 640 ] || fail "-o with $fault: the mode changed"
  done
done
# a new file: after a failure there is no FILE and no temporary file
rm -f etc/iptables etc/iptables~
FAILIO_WRITE=ENOSPC LD_PRELOAD=$FAILIO merge -o etc/iptables > out 2> err
st=$?
expect_error "-o new file, write fault" 'etc/iptables: write error: No space left on device (etc/iptables was not created)'
[ -z "$(ls -A etc)" ] || fail "-o new file: left $(ls -A etc)"
# without a fault the same commands work (the shim itself changes nothing)
LD_PRELOAD=$FAILIO merge -o etc/iptables --backup > out 2> err || fail "-o under the shim, no fault: $(cat err)"
cmp -s want etc/iptables || fail "-o under the shim wrote something else"

# ---- -o FILE --backup: what is kept across runs ------------------------------

rm -rf bk && mkdir bk
printf '*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n' > bk/orig
cp bk/orig bk/iptables
# simple: the first run keeps the original as FILE~ ...
merge -o bk/iptables --backup > out 2> err || fail "--backup run 1: $(cat err)"
cmp -s bk/orig bk/iptables~ || fail "--backup run 1: FILE~ is not the original"
cmp -s want bk/iptables || fail "--backup run 1: wrong FILE"
# ... a second run with the same output keeps it, and so does one with
# another output: FILE is ipmerge's own, untouched
merge -o bk/iptables --backup > out 2> err || fail "--backup run 2: $(cat err)"
cmp -s bk/orig bk/iptables~ || fail "--backup run 2 (same output): FILE~ replaced by ipmerge's own output"
"$IPMERGE" -o bk/iptables --backup "$s/docker-ref.rules" < "$s/broken-host.rules" > out 2> err \
  || fail "--backup run 3: $(cat err)"
# (ipmerge knows its output by an extended attribute: where the folder
# keeps none, FILE is backed up as any other)
: > bk/probe
if command -v setfattr >/dev/null 2>&1 && setfattr -n user.probe -v 1 bk/probe 2>/dev/null; then
  cmp -s bk/orig bk/iptables~ || fail "--backup run 3 (other output): FILE~ replaced by ipmerge's own output"
  getfattr -n user.ipmerge.sha256 bk/iptables 2>/dev/null | grep -q '^user.ipmerge.sha256="[0-9a-f]\{64\}"$' \
    || fail "--backup: FILE has no user.ipmerge.sha256"
else
  echo "note: $TMPD keeps no extended attributes (or setfattr, Debian package attr, is missing): FILE~ after a changed output not tested"
fi
rm -f bk/probe
# an edit of FILE is worth a backup: the edited file becomes FILE~
printf '# edited by hand\n' >> bk/iptables
cp bk/iptables bk/edited
merge -o bk/iptables --backup > out 2> err || fail "--backup after an edit: $(cat err)"
cmp -s bk/edited bk/iptables~ || fail "--backup after an edit: FILE~ is not the edited file"
[ "$(ls -A bk | sort | tr '\n' ' ')" = "edited iptables iptables~ orig " ] \
  || fail "--backup: files left: $(ls -A bk | tr '\n' ' ')"
# numbered: FILE.~1~, FILE.~2~, ...; a run that changes nothing adds none
rm -f bk/iptables~ && cp bk/orig bk/iptables
merge -o bk/iptables --backup=numbered > out 2> err || fail "--backup=numbered 1: $(cat err)"
merge -o bk/iptables --backup=numbered > out 2> err || fail "--backup=numbered 2: $(cat err)"
"$IPMERGE" -o bk/iptables --backup=numbered "$s/docker-ref.rules" < "$s/broken-host.rules" > out 2> err \
  || fail "--backup=numbered 3: $(cat err)"
cmp -s bk/orig 'bk/iptables.~1~' && cmp -s want 'bk/iptables.~2~' \
  || fail "--backup=numbered: not FILE.~1~ (original), FILE.~2~ (first output): $(ls -A bk | tr '\n' ' ')"
[ -e 'bk/iptables.~3~' ] || [ -e bk/iptables~ ] && fail "--backup=numbered: one backup too many: $(ls -A bk | tr '\n' ' ')"
# existing: numbered here (there are numbered backups)
merge -o bk/iptables --backup=existing > out 2> err || fail "--backup=existing: $(cat err)"
[ -e 'bk/iptables.~3~' ] && [ ! -e bk/iptables~ ] || fail "--backup=existing: $(ls -A bk | tr '\n' ' ')"
# --backup FILE is the flag and a layer, not a CONTROL; a wrong CONTROL
merge -o bk/iptables --backup=sometimes > out 2> err
st=$?
expect_error "--backup=sometimes" "--backup takes simple (FILE~), numbered (FILE.~N~) or existing"

# a symbolic link stays a link; the file it leads to is replaced, its
# backup next to it
rm -rf lk && mkdir lk lk/real
cp old lk/real/iptables
ln -s real/iptables lk/iptables
merge -o lk/iptables --backup > out 2> err || fail "-o through a symlink: $(cat err)"
[ -L lk/iptables ] || fail "-o through a symlink: the link was replaced"
[ "$(readlink lk/iptables)" = real/iptables ] || fail "-o through a symlink: the link changed"
cmp -s want lk/real/iptables || fail "-o through a symlink: the target has not the output"
cmp -s old lk/real/iptables~ || fail "-o through a symlink: no backup next to the target"
[ "$(ls -A lk | tr '\n' ' ')" = "iptables real " ] || fail "-o through a symlink: files left: $(ls -A lk)"
# a dangling link: the file it names is created
ln -s real/new.rules lk/new
merge -o lk/new > out 2> err || fail "-o through a dangling symlink: $(cat err)"
[ -L lk/new ] && cmp -s want lk/real/new.rules || fail "-o through a dangling symlink: wrong result"
# a fault through the link: target and link untouched, nothing left behind
cp old lk/real/iptables; rm -f lk/real/iptables~
FAILIO_RENAME=EIO LD_PRELOAD=$FAILIO merge -o lk/iptables --backup > out 2> err
st=$?
expect_error "-o through a symlink, rename fault" 'cannot keep the backup lk/real/iptables~: Input/output error (lk/iptables is unchanged)'
cmp -s old lk/real/iptables && [ -L lk/iptables ] || fail "-o through a symlink, rename fault: target changed"
[ "$(ls -A lk/real | sort | tr '\n' ' ')" = "iptables new.rules " ] \
  || fail "-o through a symlink, rename fault: files left: $(ls -A lk/real | tr '\n' ' ')"
# a loop of links is an error, not a hang
ln -s loop2 lk/loop1 && ln -s loop1 lk/loop2
merge -o lk/loop1 > out 2> err
st=$?
expect_error "-o into a loop of symlinks" 'too many levels of symbolic links'

# ---- standard input on a terminal --------------------------------------------

if command -v script >/dev/null 2>&1 && script -qec true /dev/null >/dev/null 2>&1; then
  # script(1) gives ipmerge a terminal on stdin; Ctrl-D (EOF) is sent at once
  printf '\004' | script -qec "'$IPMERGE' '$s/docker-ref.rules' 2> tty-err" /dev/null > /dev/null 2>&1
  grep -q 'ipmerge: reading the host dump (iptables-save | ipmerge LAYER...) from standard input (a terminal); .*Ctrl-D' tty-err \
    || fail "terminal stdin: no hint on stderr: $(cat tty-err)"
  printf '\004' | script -qec "'$IPMERGE' --canonical 2> tty-err" /dev/null > /dev/null 2>&1
  grep -q 'reading a rules file from standard input' tty-err || fail "terminal stdin, --canonical: $(cat tty-err)"
  # a file argument: stdin is not read, nothing said
  printf '\004' | script -qec "'$IPMERGE' --canonical '$s/docker-ref.rules' > /dev/null 2> tty-err" /dev/null > /dev/null 2>&1
  [ -s tty-err ] && fail "terminal stdin not read, yet a hint: $(cat tty-err)"
else
  echo "note: script(1) not available, the terminal hint is not tested"
fi
# not a terminal: no hint
merge > out 2> err || fail "merge from a file"
[ -s err ] && fail "stdin from a file: messages: $(cat err)"

# ---- memory: hostile numbers -----------------------------------------------

# Under ASan the address space is reserved up front; elsewhere 256 MB of
# address space is far more than these tiny inputs need.
limit=""
if ! ldd "$IPMERGE" 2>/dev/null | grep -q 'lib[a-z]*san'; then limit="ulimit -v 262144;"; fi
printf '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A INPUT -j ACCEPT\nCOMMIT\n' > host.rules
hostile () {   # hostile STATUS LINE: a layer with LINE merged into host.rules
  printf '*filter\n%s\nCOMMIT\n' "$2" > hostile.rules
  sh -c "$limit exec \"\$0\" hostile.rules < host.rules > out 2> err" "$IPMERGE"
  st=$?
  [ "$st" = "$1" ] || fail "hostile '$2': exit $st, expected $1: $(cat err)"
  [ "$st" = 2 ] && [ -s out ] && fail "hostile '$2': error with output"
  return 0
}
hostile 2 '-I INPUT 4000000000 -j DROP'
grep -q "invalid rule number '4000000000'" err || fail "-I INPUT 4000000000: $(cat err)"
hostile 2 '-I INPUT 2147483647 -j DROP'
hostile 2 '-I INPUT 99999999999999999999999999 -j DROP'
hostile 2 '-D INPUT 2147483647'
hostile 2 '-R INPUT 4294967296 -j DROP'
hostile 0 '[18446744073709551615:18446744073709551615] -A INPUT -j DROP'
hostile 2 '[18446744073709551616:1] -A INPUT -j DROP'
hostile 0 '-A INPUT -m hashlimit --hashlimit-upto 1/sec --hashlimit-name x --hashlimit-htable-size 4294967295 --hashlimit-htable-max 4294967295 --hashlimit-htable-expire 4294967295 -j DROP'
hostile 0 '-A INPUT -m limit --limit-burst 4294967295 -j DROP'
hostile 0 '-A INPUT -m recent --rcheck --hitcount 4294967295 --seconds 4294967295 -j DROP'
hostile 0 '-A INPUT -m statistic --mode nth --every 4294967295 --packet 4294967294 -j DROP'
hostile 0 '-A INPUT -m connlimit --connlimit-above 4294967295 -j DROP'
hostile 2 '-A INPUT -m length --length 0:4294967296 -j DROP'
hostile 0 '-A INPUT -j NFQUEUE --queue-balance 0:65535'
# a host whose counters and chain counters are at the maximum
printf '*filter\n:INPUT ACCEPT [18446744073709551615:18446744073709551615]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n[18446744073709551615:18446744073709551615] -A INPUT -j ACCEPT\nCOMMIT\n' > host.rules
hostile 0 '-A INPUT -j DROP'

# ---- -o FILE: a full tmpfs and a read-only folder (root) ---------------------

if [ "$(id -u)" != 0 ] || ! unshare -m true 2>/dev/null; then
  skip "-o on a full or read-only file system needs root (unshare -m); the rest passed"
fi
cp want merged
mkdir mnt
# shellcheck disable=SC2016 # expanded by the inner shell
unshare -m -- sh -c '
  set -u
  ipmerge=$1 s=$2
  fail () { echo "FAIL: $*" >&2; exit 1; }
  mount -t tmpfs -o size=64k,mode=755 tmpfs mnt || exit 3
  cp old mnt/iptables && cp oldbak mnt/iptables~ || exit 3
  # fill it: the write of the temporary file gets ENOSPC
  dd if=/dev/zero of=mnt/fill bs=4096 2>/dev/null
  "$ipmerge" -o mnt/iptables --backup "$s/docker-ref.rules" "$s/policy-9999.rules" \
    < "$s/broken-host.rules" > out 2> err
  st=$?
  [ $st = 2 ] || fail "full tmpfs: exit $st: $(cat err)"
  [ -s out ] && fail "full tmpfs: wrote to stdout"
  grep -q "mnt/iptables: write error: No space left on device (mnt/iptables is unchanged)" err ||
    fail "full tmpfs: message: $(cat err)"
  cmp -s old mnt/iptables || fail "full tmpfs: the -o file changed"
  cmp -s oldbak mnt/iptables~ || fail "full tmpfs: the backup changed"
  [ "$(ls -A mnt | sort | tr "\n" " ")" = "fill iptables iptables~ " ] ||
    fail "full tmpfs: files left: $(ls -A mnt)"
  # room again: the same run succeeds
  rm -f mnt/fill
  "$ipmerge" -o mnt/iptables --backup "$s/docker-ref.rules" "$s/policy-9999.rules" \
    < "$s/broken-host.rules" 2> err || fail "tmpfs with room: $(cat err)"
  cmp -s merged mnt/iptables || fail "tmpfs with room: wrong content"
  cmp -s old mnt/iptables~ || fail "tmpfs with room: the backup is not the old file"
  # read-only: tmpfs remounted ro, and a read-only bind mount of a folder
  cp old mnt/iptables
  mount -o remount,ro mnt || exit 3
  "$ipmerge" -o mnt/iptables "$s/docker-ref.rules" < "$s/broken-host.rules" > out 2> err
  st=$?
  [ $st = 2 ] && [ ! -s out ] || fail "read-only tmpfs: exit $st"
  grep -q "mnt/iptables: cannot create a temporary file in mnt: Read-only file system (mnt/iptables is unchanged)" err ||
    fail "read-only tmpfs: message: $(cat err)"
  cmp -s old mnt/iptables || fail "read-only tmpfs: the -o file changed"
  mkdir ro && cp old ro/iptables && mount --bind ro ro && mount -o remount,bind,ro ro || exit 3
  "$ipmerge" -o ro/iptables "$s/docker-ref.rules" < "$s/broken-host.rules" > out 2> err
  st=$?
  [ $st = 2 ] && [ ! -s out ] || fail "read-only bind mount: exit $st"
  grep -q "Read-only file system" err || fail "read-only bind mount: message: $(cat err)"
  cmp -s old ro/iptables || fail "read-only bind mount: the -o file changed"
  [ "$(ls -A ro)" = iptables ] || fail "read-only bind mount: files left: $(ls -A ro)"
  exit 0' sh "$IPMERGE" "$s"
st=$?
[ $st = 3 ] && skip "cannot mount a tmpfs in a private mount namespace"
[ $st = 0 ] || exit 1
echo "faults: all passed"

# time (-m time).
# Rows: SPEC ; EXPECTED (= as written) or SPEC ; FAIL [@COL] MESSAGE.
# Format and sources: tests/canon/README.

# libxt_time's save: --timestart and --timestop together when either
# differs from the whole day (00:00:00 to 23:59:59), --monthdays and
# --weekdays as the days they match ("!" stored as the other days, all
# days as none), --datestart unless 1970-01-01T00:00:00, --datestop always
# (2038-01-19T03:14:07 when not given), --kerneltz (--localtz is its old
# name), --contiguous.  --utc is the default and never printed.  Day
# numbers are C numbers (07, 0x7); libxt_time reads only the first 2 bytes
# of a day of the month and 3 of a weekday ("010" is day 1), so a longer
# number keeps the list as written (tests/unit/test-canon.c).
*filter
:INPUT,FORWARD,USER1
-m time --timestart 8:00 ; -m time --timestart 08:00:00 --timestop 23:59:59 --datestop 2038-01-19T03:14:07
-m time --timestop 17:00:05 --weekdays Sat,Mo,3 ; -m time --timestart 00:00:00 --timestop 17:00:05 --weekdays Mon,Wed,Sat --datestop 2038-01-19T03:14:07
-m time ! --weekdays Mon --monthdays 31,2,1 ; -m time --monthdays 1,2,31 --weekdays Tue,Wed,Thu,Fri,Sat,Sun --datestop 2038-01-19T03:14:07
-m time ! --monthdays 2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31 ; -m time --monthdays 1 --datestop 2038-01-19T03:14:07
-m time --datestart 2024-02-31 --datestop 2030 ; -m time --datestart 2024-03-02T00:00:00 --datestop 2030-01-01T00:00:00
-m time --datestart 2024-06-01T12:30 --datestop 2024-06-30T23:59:59 ; -m time --datestart 2024-06-01T12:30:00 --datestop 2024-06-30T23:59:59
-m time --kerneltz --contiguous --timestart 22:00 --timestop 06:00 ; -m time --timestart 22:00:00 --timestop 06:00:00 --datestop 2038-01-19T03:14:07 --kerneltz --contiguous
-m time --timestart 00:00 --timestop 23:59:59 ; -m time --datestop 2038-01-19T03:14:07
-m time --localtz ; -m time --datestop 2038-01-19T03:14:07 --kerneltz
-m time --utc --weekdays 1,2,3,4,5,6,7 ; -m time --datestop 2038-01-19T03:14:07
-m time --datestart 1970-01-01 ; -m time --datestop 2038-01-19T03:14:07
-m time --timestart 09:00:00 --timestop 17:00:00 --weekdays Mon,Tue,Wed,Thu,Fri --datestop 2038-01-19T03:14:07 -j ACCEPT ; =
-m time --timestart 00:00 ; -m time --datestop 2038-01-19T03:14:07
-m time --timestop 23:59:59 -j DROP ; -m time --datestop 2038-01-19T03:14:07 -j DROP
-m time --weekdays Monday,Tuesday ; -m time --weekdays Mon,Tue --datestop 2038-01-19T03:14:07
-m time --weekdays 0x7,07 ; -m time --weekdays Sun --datestop 2038-01-19T03:14:07
-m time --monthdays 09 ; FAIL --monthdays: '09' is not a list of days of the month
-m time --timestart 24:00 ; FAIL --timestart: '24:00' is not a time of day
-m time --weekdays Mon,Funday ; FAIL --weekdays: 'Mon,Funday' is not a list of weekdays
-m time --monthdays 32 ; FAIL --monthdays: '32' is not a list of days of the month
-m time --datestart 1969 ; FAIL --datestart: '1969' is not a date
-6
-m time --timestart 08:00 --timestop 12:00 ; -m time --timestart 08:00:00 --timestop 12:00:00 --datestop 2038-01-19T03:14:07

/* gk-json-time.c: times in the canonical JSON form
 *
 * Every item has two times, so both ways are written out for the form
 * Gongkai writes, "2024-05-06T07:08:09.123456Z", and give exactly what
 * GDateTime gives, which still handles any other form.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "gk-json-time.h"

/* "-2147483648-12-31T23:59:59.999999Z" and its NUL fit. */
/* Writes @n as @width digits at @p. */
static char *
put_digits (char  *p,
            guint  n,
            guint  width)
{
  for (guint i = width; i > 0; i--)
    {
      p[i - 1] = (char) ('0' + n % 10);
      n /= 10;
    }

  return p + width;
}

/* Year, month and day of @days after 1970-01-01 (≥ 0), proleptic
 * Gregorian, as GDateTime counts. */
static void
civil_from_days (gint64  days,
                 int    *year,
                 int    *month,
                 int    *day)
{
  gint64 z = days + 719468;
  gint64 era = z / 146097;
  gint64 day_of_era = z - era * 146097;
  gint64 year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524
                        - day_of_era / 146096) / 365;
  gint64 day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  gint64 mp = (5 * day_of_year + 2) / 153;

  *day = (int) (day_of_year - (153 * mp + 2) / 5 + 1);
  *month = (int) (mp < 10 ? mp + 3 : mp - 9);
  *year = (int) (year_of_era + era * 400 + (*month <= 2));
}

/**
 * gk_json_time_format:
 *
 * Writes @usec as "2024-05-06T07:08:09.123456Z" into @buffer, what
 * g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S.%fZ") gives; FALSE where
 * GDateTime has no such time. Every item has two: from 1970 to 9999 the
 * fields are computed here, without two GDateTimes and a printf. */
gboolean
gk_json_time_format (gint64 usec,
                     char   buffer[GK_JSON_TIME_BUFFER_SIZE])
{
  g_autoptr(GDateTime) seconds = NULL;
  g_autoptr(GDateTime) dt = NULL;
  gint64 secs = usec / G_USEC_PER_SEC;
  gint64 rest = usec % G_USEC_PER_SEC;
  int year, month, day;
  char *p = buffer;

  if (rest < 0)
    {
      secs -= 1;
      rest += G_USEC_PER_SEC;
    }
  if (secs >= 0 && secs <= G_GINT64_CONSTANT (253402300799))
    {
      guint of_day = (guint) (secs % 86400);

      civil_from_days (secs / 86400, &year, &month, &day);
      p = put_digits (p, (guint) year, 4);
      *p++ = '-';
      p = put_digits (p, (guint) month, 2);
      *p++ = '-';
      p = put_digits (p, (guint) day, 2);
      *p++ = 'T';
      p = put_digits (p, of_day / 3600, 2);
      *p++ = ':';
      p = put_digits (p, of_day / 60 % 60, 2);
      *p++ = ':';
      p = put_digits (p, of_day % 60, 2);
      *p++ = '.';
      p = put_digits (p, (guint) rest, 6);
      *p++ = 'Z';
      *p = '\0';
      return TRUE;
    }

  seconds = g_date_time_new_from_unix_utc (secs);
  if (seconds == NULL)
    return FALSE;
  dt = g_date_time_add (seconds, rest);
  if (dt == NULL)
    return FALSE;
  g_date_time_get_ymd (dt, &year, &month, &day);
  g_snprintf (buffer, GK_JSON_TIME_BUFFER_SIZE, "%d-%02d-%02dT%02d:%02d:%02d.%06dZ",
              year, month, day, g_date_time_get_hour (dt), g_date_time_get_minute (dt),
              g_date_time_get_second (dt), g_date_time_get_microsecond (dt));

  return TRUE;
}

static int
digits_value (const char *text,
              guint       n)
{
  int value = 0;

  for (guint i = 0; i < n; i++)
    value = value * 10 + (text[i] - '0');

  return value;
}

/* Days from 1970-01-01 to @year-@month-@day, proleptic Gregorian. */
static gint64
days_since_epoch (int year,
                  int month,
                  int day)
{
  int y = month <= 2 ? year - 1 : year;
  int era = y / 400;
  int year_of_era = y - era * 400;
  int day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  int day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;

  return (gint64) era * 146097 + day_of_era - 719468;
}

/* What g_date_time_new_from_iso8601() makes of the form Gongkai writes,
 * "2024-05-06T07:08:09.123456Z", without a GDateTime and a GTimeZone twice
 * per item. The microseconds go through the same double as in GLib, so
 * the result is the same to the microsecond. FALSE for any other form. */
static gboolean
parse_canonical_time (const char *text,
                      gint64     *usec)
{
  static const char form[] = "dddd-dd-ddTdd:dd:dd.ddddddZ";
  static const guint8 month_days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  int year, month, day, hour, minute, second;
  double seconds;
  gint64 micro;

  for (guint i = 0; i < sizeof form - 1; i++)
    {
      if (form[i] == 'd' ? !g_ascii_isdigit (text[i]) : text[i] != form[i])
        return FALSE;
    }
  if (text[sizeof form - 1] != '\0')
    return FALSE;
  year = digits_value (text, 4);
  month = digits_value (text + 5, 2);
  day = digits_value (text + 8, 2);
  hour = digits_value (text + 11, 2);
  minute = digits_value (text + 14, 2);
  second = digits_value (text + 17, 2);
  if (year < 1 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59)
    return FALSE;
  if (day > month_days[month - 1] + (month == 2 && g_date_is_leap_year ((GDateYear) year)))
    return FALSE;

  /* As g_date_time_new(): see https://bugzilla.gnome.org/show_bug.cgi?id=697715 */
  seconds = (double) (second * 1000000 + digits_value (text + 20, 6)) / 1000000;
  micro = (gint64) (seconds * 1000000);
  if ((micro + 1) * 1e-6 <= seconds)
    micro++;
  *usec = ((days_since_epoch (year, month, day) * 24 + hour) * 60 + minute) * 60 * G_USEC_PER_SEC
          + (gint64) seconds * G_USEC_PER_SEC + micro % G_USEC_PER_SEC;

  return TRUE;
}

/**
 * gk_json_time_parse:
 *
 * Reads an ISO 8601 time, the canonical form without a GDateTime.
 *
 * Returns: whether @text is a time GDateTime accepts
 */
gboolean
gk_json_time_parse (const char *text,
                    gint64     *usec)
{
  g_autoptr(GDateTime) dt = NULL;

  if (parse_canonical_time (text, usec))
    return TRUE;
  dt = g_date_time_new_from_iso8601 (text, NULL);
  if (dt == NULL)
    return FALSE;
  *usec = g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);

  return TRUE;
}

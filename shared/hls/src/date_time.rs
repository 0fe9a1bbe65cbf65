//! ISO/IEC 8601:2004 date-times as used by EXT-X-PROGRAM-DATE-TIME and EXT-X-DATERANGE
//! (RFC 8216bis §4.4.4.6, §4.4.5.1): `YYYY-MM-DDThh:mm:ss[.fff…](Z|±hh:mm|±hhmm|±hh)`.
//! A time zone is required: the spec says "SHOULD indicate a time zone", and guessing one
//! would silently shift every date, so a date-time without one is an error.

use crate::error::ValueError;

/// A parsed date-time. Keeps the text so output stays byte-identical.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateTime<'a> {
    /// The text as written.
    pub raw: &'a str,
    /// Milliseconds since 1970-01-01T00:00:00Z (sub-millisecond digits are truncated).
    pub unix_millis: i64,
}

impl<'a> DateTime<'a> {
    /// Parses `raw`.
    pub fn parse(raw: &'a str) -> Result<Self, ValueError> {
        let err = || ValueError::new("ISO 8601 date-time with time zone", raw);
        let b = raw.as_bytes();
        let num = |r: std::ops::Range<usize>| -> Option<i64> {
            let s = raw.get(r)?;
            if s.is_empty() || !s.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            s.parse().ok()
        };
        let sep = |i: usize, c: u8| b.get(i) == Some(&c);
        if !(sep(4, b'-')
            && sep(7, b'-')
            && (sep(10, b'T') || sep(10, b't'))
            && sep(13, b':')
            && sep(16, b':'))
        {
            return Err(err());
        }
        let year = num(0..4).ok_or_else(err)?;
        let month = num(5..7).ok_or_else(err)?;
        let day = num(8..10).ok_or_else(err)?;
        let hour = num(11..13).ok_or_else(err)?;
        let minute = num(14..16).ok_or_else(err)?;
        let second = num(17..19).ok_or_else(err)?;
        if !(1..=12).contains(&month)
            || day < 1
            || day > days_in_month(year, month)
            || hour > 23
            || minute > 59
            || second > 60
        {
            return Err(err());
        }
        let mut i = 19;
        let mut millis = 0i64;
        if sep(i, b'.') || sep(i, b',') {
            i += 1;
            let start = i;
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            if i == start {
                return Err(err());
            }
            let frac = raw.get(start..i).unwrap_or("");
            let mut scale = 100;
            for d in frac.bytes().take(3) {
                millis += i64::from(d - b'0') * scale;
                scale /= 10;
            }
        }
        let rest = raw.get(i..).ok_or_else(err)?;
        let offset_minutes = match rest {
            "Z" | "z" => 0,
            _ => {
                let sign = match rest.as_bytes().first() {
                    Some(b'+') => 1,
                    Some(b'-') => -1,
                    _ => return Err(err()),
                };
                let tz = rest.get(1..).ok_or_else(err)?;
                let (h, m) = match tz.len() {
                    2 => (tz, "00"),
                    4 => (tz.get(..2).ok_or_else(err)?, tz.get(2..).ok_or_else(err)?),
                    5 if tz.as_bytes().get(2) == Some(&b':') => {
                        (tz.get(..2).ok_or_else(err)?, tz.get(3..).ok_or_else(err)?)
                    }
                    _ => return Err(err()),
                };
                let h: i64 = crate::attr::parse_decimal_integer(h)
                    .and_then(|v| i64::try_from(v).ok())
                    .ok_or_else(err)?;
                let m: i64 = crate::attr::parse_decimal_integer(m)
                    .and_then(|v| i64::try_from(v).ok())
                    .ok_or_else(err)?;
                if h > 23 || m > 59 {
                    return Err(err());
                }
                sign * (h * 60 + m)
            }
        };
        let days = days_from_civil(year, month, day);
        let secs = days * 86_400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
        Ok(DateTime {
            raw,
            unix_millis: secs * 1000 + millis,
        })
    }
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(y) => 29,
        _ => 28,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `unix_ms` as an ISO 8601 / RFC 3339 UTC date-time with milliseconds,
/// `2026-01-01T00:00:00.000Z` (RFC 8216bis §4.4.4.6 and xs:dateTime both read it).
pub fn format_unix_millis(unix_ms: i64) -> String {
    let secs = unix_ms.div_euclid(1000);
    let ms = unix_ms.rem_euclid(1000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{ms:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Proleptic Gregorian date of a day count since 1970-01-01 (the inverse of the usual
/// days-from-civil formula, 400-year eras of 146 097 days).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

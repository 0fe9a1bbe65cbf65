//! ISO 8601 durations as used by MPD attributes (`xs:duration`, XML Schema 1.0 Part 2
//! §3.2.6; ISO/IEC 23009-1 uses it for `@mediaPresentationDuration`, `Period@start`, …).
//!
//! The components that were written are kept (`PT0S` stays `PT0S`, `P0D` stays `P0D`), and
//! so are the fraction digits of the seconds (`PT4.080S` formats back to `PT4.080S`).

use core::fmt;
use core::str::FromStr;

use crate::error::Error;

/// Seconds with an exact decimal fraction of up to nine digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Seconds {
    /// Whole seconds.
    pub whole: u64,
    /// Fraction in nanoseconds.
    pub nanos: u32,
    /// How many fraction digits are written (0 = no decimal point).
    pub fraction_digits: u8,
}

/// An ISO 8601 duration `[-]PnYnMnWnDTnHnMnS`; a component is `None` when not written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct IsoDuration {
    /// A leading `-`.
    pub negative: bool,
    /// `nY`.
    pub years: Option<u64>,
    /// `nM` before `T`.
    pub months: Option<u64>,
    /// `nW` (ISO 8601; not in `xs:duration`).
    pub weeks: Option<u64>,
    /// `nD`.
    pub days: Option<u64>,
    /// `nH`.
    pub hours: Option<u64>,
    /// `nM` after `T`.
    pub minutes: Option<u64>,
    /// `n[.fff]S`.
    pub seconds: Option<Seconds>,
}

impl IsoDuration {
    /// A duration of whole and fractional seconds written as `PTn.fffS` (milliseconds
    /// precision, trailing zeros dropped).
    pub fn from_millis(millis: u64) -> Self {
        let whole = millis / 1000;
        let ms = u32::try_from(millis % 1000).unwrap_or(0);
        let (nanos, fraction_digits) = match ms {
            0 => (0, 0),
            m if m % 100 == 0 => (m * 1_000_000, 1),
            m if m % 10 == 0 => (m * 1_000_000, 2),
            m => (m * 1_000_000, 3),
        };
        IsoDuration {
            seconds: Some(Seconds {
                whole,
                nanos,
                fraction_digits,
            }),
            ..IsoDuration::default()
        }
    }

    /// The length as a [`core::time::Duration`], if it is positive and has no years or months
    /// (whose length depends on the calendar). Weeks are 7 days, days 86 400 s.
    pub fn to_std(&self) -> Option<core::time::Duration> {
        if self.negative || self.years.is_some() || self.months.is_some() {
            return None;
        }
        let secs = [
            (self.weeks, 7 * 86_400),
            (self.days, 86_400),
            (self.hours, 3_600),
            (self.minutes, 60),
        ]
        .iter()
        .try_fold(0u64, |acc, (v, unit)| {
            acc.checked_add(v.unwrap_or(0).checked_mul(*unit)?)
        })?;
        let s = self.seconds.unwrap_or_default();
        Some(core::time::Duration::new(
            secs.checked_add(s.whole)?,
            s.nanos,
        ))
    }

    /// The length in seconds as a float (years as 365 days, months as 30 days; negative if
    /// signed). For display and rough arithmetic only.
    pub fn as_secs_f64(&self) -> f64 {
        let s = self.seconds.unwrap_or_default();
        let total = self.years.unwrap_or(0) as f64 * 365.0 * 86_400.0
            + self.months.unwrap_or(0) as f64 * 30.0 * 86_400.0
            + self.weeks.unwrap_or(0) as f64 * 7.0 * 86_400.0
            + self.days.unwrap_or(0) as f64 * 86_400.0
            + self.hours.unwrap_or(0) as f64 * 3_600.0
            + self.minutes.unwrap_or(0) as f64 * 60.0
            + s.whole as f64
            + f64::from(s.nanos) / 1e9;
        if self.negative { -total } else { total }
    }
}

fn invalid(value: &str, reason: &'static str) -> Error {
    Error::InvalidDuration {
        value: value.to_owned(),
        reason,
    }
}

fn take_number(s: &str) -> (&str, &str) {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    s.split_at(end)
}

impl FromStr for IsoDuration {
    type Err = Error;

    fn from_str(value: &str) -> Result<Self, Error> {
        let mut d = IsoDuration::default();
        let mut rest = value;
        if let Some(r) = rest.strip_prefix('-') {
            d.negative = true;
            rest = r;
        }
        rest = rest
            .strip_prefix('P')
            .ok_or_else(|| invalid(value, "does not start with P"))?;
        let (date, time) = match rest.split_once('T') {
            Some((date, time)) => {
                if time.is_empty() {
                    return Err(invalid(value, "T without a time component"));
                }
                (date, Some(time))
            }
            None => (rest, None),
        };
        let mut order = 0u8;
        let mut any = false;
        let mut part = date;
        while !part.is_empty() {
            let (digits, after) = take_number(part);
            let n: u64 = digits
                .parse()
                .map_err(|_| invalid(value, "expected a number"))?;
            let mut chars = after.chars();
            let (slot, rank) = match chars.next() {
                Some('Y') => (&mut d.years, 1),
                Some('M') => (&mut d.months, 2),
                Some('W') => (&mut d.weeks, 3),
                Some('D') => (&mut d.days, 4),
                _ => return Err(invalid(value, "expected Y, M, W or D after a number")),
            };
            if rank <= order {
                return Err(invalid(value, "date components out of order or repeated"));
            }
            order = rank;
            *slot = Some(n);
            any = true;
            part = chars.as_str();
        }
        if let Some(time) = time {
            let mut order = 0u8;
            let mut part = time;
            while !part.is_empty() {
                let (digits, after) = take_number(part);
                let n: u64 = digits
                    .parse()
                    .map_err(|_| invalid(value, "expected a number"))?;
                if let Some(frac_and_rest) = after.strip_prefix('.') {
                    let (frac, after_frac) = take_number(frac_and_rest);
                    if after_frac != "S" {
                        return Err(invalid(value, "a fraction is only supported on seconds"));
                    }
                    if frac.is_empty() || frac.len() > 9 {
                        return Err(invalid(value, "seconds fraction must have 1 to 9 digits"));
                    }
                    if order >= 3 {
                        return Err(invalid(value, "time components out of order or repeated"));
                    }
                    let scaled: u32 = frac.parse().map_err(|_| invalid(value, "bad fraction"))?;
                    let digits = u32::try_from(frac.len()).unwrap_or(9);
                    d.seconds = Some(Seconds {
                        whole: n,
                        nanos: scaled * 10u32.pow(9 - digits),
                        fraction_digits: u8::try_from(digits).unwrap_or(9),
                    });
                    any = true;
                    break;
                }
                let mut chars = after.chars();
                let rank = match chars.next() {
                    Some('H') => 1,
                    Some('M') => 2,
                    Some('S') => 3,
                    _ => return Err(invalid(value, "expected H, M or S after a number")),
                };
                if rank <= order {
                    return Err(invalid(value, "time components out of order or repeated"));
                }
                order = rank;
                match rank {
                    1 => d.hours = Some(n),
                    2 => d.minutes = Some(n),
                    _ => {
                        d.seconds = Some(Seconds {
                            whole: n,
                            ..Seconds::default()
                        });
                    }
                }
                any = true;
                part = chars.as_str();
            }
        }
        if !any {
            return Err(invalid(value, "no components"));
        }
        Ok(d)
    }
}

impl fmt::Display for IsoDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.negative {
            f.write_str("-")?;
        }
        f.write_str("P")?;
        for (v, unit) in [
            (self.years, 'Y'),
            (self.months, 'M'),
            (self.weeks, 'W'),
            (self.days, 'D'),
        ] {
            if let Some(n) = v {
                write!(f, "{n}{unit}")?;
            }
        }
        let has_time = self.hours.is_some() || self.minutes.is_some() || self.seconds.is_some();
        let has_date = self.years.is_some()
            || self.months.is_some()
            || self.weeks.is_some()
            || self.days.is_some();
        if has_time || !has_date {
            f.write_str("T")?;
        }
        if let Some(n) = self.hours {
            write!(f, "{n}H")?;
        }
        if let Some(n) = self.minutes {
            write!(f, "{n}M")?;
        }
        match self.seconds {
            Some(s) if s.fraction_digits > 0 => {
                let digits = u32::from(s.fraction_digits.min(9));
                let frac = s.nanos / 10u32.pow(9 - digits);
                write!(f, "{}.{:0width$}S", s.whole, frac, width = digits as usize)?;
            }
            Some(s) => write!(f, "{}S", s.whole)?,
            None if !has_time && !has_date => f.write_str("0S")?,
            None => {}
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for s in [
            "PT260.266S",
            "PT4.080S",
            "PT0S",
            "P0D",
            "P1Y2M3DT4H5M6.5S",
            "-PT1M",
            "PT1H",
            "P2W",
            "PT0.000000001S",
            "P1DT0S",
        ] {
            let d: IsoDuration = s.parse().unwrap();
            assert_eq!(d.to_string(), s);
        }
    }

    #[test]
    fn values() {
        let d: IsoDuration = "PT4.080S".parse().unwrap();
        assert_eq!(d.to_std(), Some(core::time::Duration::from_millis(4080)));
        let d: IsoDuration = "P1DT1H1M1S".parse().unwrap();
        assert_eq!(d.to_std().unwrap().as_secs(), 90_061);
        assert_eq!(d.as_secs_f64(), 90_061.0);
        assert_eq!(IsoDuration::from_millis(1500).to_string(), "PT1.5S");
        assert_eq!(IsoDuration::from_millis(60_000).to_string(), "PT60S");
        assert!("P1Y".parse::<IsoDuration>().unwrap().to_std().is_none());
    }

    #[test]
    fn rejects() {
        for s in [
            "",
            "P",
            "PT",
            "1S",
            "PT1.S",
            "PT1.5M",
            "PT1S1M",
            "P1D1Y",
            "PTS",
            "P-1D",
            "PT1.1234567890S",
        ] {
            assert!(s.parse::<IsoDuration>().is_err(), "{s}");
        }
    }
}

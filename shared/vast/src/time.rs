//! VAST times: `Duration` and time offsets `HH:MM:SS` or `HH:MM:SS.mmm` (VAST 4.3 §3.9.1, "time
//! format"), and offsets that may instead be a percentage `n%` (`skipoffset`, progress
//! `Tracking@offset`, §3.9.2 / §3.14.1).

/// A time offset into a creative.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offset {
    /// From the start, in milliseconds.
    Millis(u64),
    /// A share of the creative's duration, in thousandths of a percent (`12.5%` = 12 500).
    Percent(u32),
}

impl Offset {
    /// Reads `HH:MM:SS[.mmm]` or `n[.n]%`; `None` when it is neither.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        if let Some(number) = text.strip_suffix('%') {
            let milli = decimal_thousandths(number.trim())?;
            let milli = u32::try_from(milli).ok().filter(|m| *m <= 100_000)?;
            return Some(Self::Percent(milli));
        }
        parse_clock(text).map(Self::Millis)
    }

    /// In milliseconds, for a creative of `duration_ms`.
    pub fn to_millis(self, duration_ms: u64) -> u64 {
        match self {
            Self::Millis(ms) => ms,
            Self::Percent(p) => duration_ms.saturating_mul(u64::from(p)) / 100_000,
        }
    }
}

/// `HH:MM:SS` or `HH:MM:SS.mmm` (any number of fraction digits, rounded down to ms) in ms.
pub fn parse_clock(text: &str) -> Option<u64> {
    let mut parts = text.trim().split(':');
    let (h, m, s) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let h: u64 = digits(h)?;
    let m: u64 = digits(m)?;
    let (whole, fraction) = s.split_once('.').unwrap_or((s, ""));
    let s: u64 = digits(whole)?;
    if m > 59 || s > 59 {
        return None;
    }
    let ms = thousandths(fraction)?;
    h.checked_mul(3_600_000)?
        .checked_add(m * 60_000 + s * 1000 + ms)
}

fn digits(text: &str) -> Option<u64> {
    if text.is_empty() || text.len() > 9 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// `12`, `12.5` → thousandths (12 000, 12 500).
fn decimal_thousandths(text: &str) -> Option<u64> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    digits(whole)?
        .checked_mul(1000)?
        .checked_add(thousandths(fraction)?)
}

/// The digits after a decimal point as thousandths, rounded down (`""` → 0, `5` → 500,
/// `0004` → 0); `None` if one is not a digit.
fn thousandths(fraction: &str) -> Option<u64> {
    if !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut padded: String = fraction.chars().take(3).collect();
    while padded.len() < 3 {
        padded.push('0');
    }
    padded.parse().ok()
}

/// Milliseconds in the VAST time format, `HH:MM:SS.mmm` (the inverse of [`parse_clock`]).
pub fn format_clock(ms: u64) -> String {
    let (h, m, s) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60);
    format!("{h:02}:{m:02}:{s:02}.{:03}", ms % 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_times_and_percentages() {
        assert_eq!(parse_clock("00:00:16"), Some(16_000));
        assert_eq!(parse_clock("00:00:15.133"), Some(15_133));
        assert_eq!(parse_clock("01:02:03.5"), Some(3_723_500));
        assert_eq!(parse_clock(" 00:00:30.0004 "), Some(30_000));
        for bad in [
            "",
            "16",
            "00:60:00",
            "00:00:61",
            "a:b:c",
            "00:00:01.x",
            "1:2:3:4",
            "-1:00:00",
        ] {
            assert_eq!(parse_clock(bad), None, "{bad:?}");
        }
        assert_eq!(Offset::parse("25%"), Some(Offset::Percent(25_000)));
        assert_eq!(Offset::parse("12.5%"), Some(Offset::Percent(12_500)));
        assert_eq!(Offset::parse("101%"), None);
        assert_eq!(Offset::parse("00:00:05"), Some(Offset::Millis(5000)));
        assert_eq!(Offset::Percent(25_000).to_millis(16_000), 4000);
        for ms in [0, 15_133, 3_723_045, 99 * 3_600_000] {
            assert_eq!(parse_clock(&format_clock(ms)), Some(ms));
        }
    }
}

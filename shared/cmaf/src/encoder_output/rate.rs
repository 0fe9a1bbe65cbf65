//! Frame rates as exact fractions, and the time base of the output.

use serde::{Deserialize, Serialize};

/// A frame rate `num / den` frames per second (both non-zero).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rational {
    /// Numerator.
    pub num: u32,
    /// Denominator.
    pub den: u32,
}

/// Common broadcast rates a measured rate snaps to.
const COMMON: [(u32, u32); 8] = [
    (24_000, 1001),
    (24, 1),
    (25, 1),
    (30_000, 1001),
    (30, 1),
    (50, 1),
    (60_000, 1001),
    (60, 1),
];

/// Highest accepted frame rate.
pub const MAX_FPS: u32 = 240;

impl Rational {
    /// `num / den`; a zero denominator is treated as 1.
    #[must_use]
    pub const fn new(num: u32, den: u32) -> Self {
        Self {
            num,
            den: if den == 0 { 1 } else { den },
        }
    }

    /// Parses `30`, `30000/1001` or `29.97` (decimals snap to a common rate within 0.1%,
    /// else to the nearest 1/1000). Returns `None` for zero, negative or > [`MAX_FPS`].
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let rate = if let Some((n, d)) = text.split_once('/') {
            Self::new(n.trim().parse().ok()?, d.trim().parse().ok()?)
        } else if let Ok(n) = text.parse::<u32>() {
            Self::new(n, 1)
        } else {
            Self::from_f64(text.parse().ok()?)?
        };
        (rate.num > 0 && rate.as_f64() <= f64::from(MAX_FPS)).then_some(rate)
    }

    /// The closest common rate within 0.1% of `fps`, else `fps` rounded to 1/1000.
    #[must_use]
    pub fn from_f64(fps: f64) -> Option<Self> {
        if !fps.is_finite() || fps <= 0.0 || fps > f64::from(MAX_FPS) {
            return None;
        }
        for (num, den) in COMMON {
            let r = Self::new(num, den);
            if ((r.as_f64() - fps) / fps).abs() < 0.001 {
                return Some(r);
            }
        }
        if (fps - fps.round()).abs() < 1e-6 {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            return Some(Self::new(fps.round() as u32, 1));
        }
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        Some(Self::new((fps * 1000.0).round() as u32, 1000))
    }

    /// Frames per second as a float.
    #[must_use]
    pub fn as_f64(self) -> f64 {
        f64::from(self.num) / f64::from(self.den)
    }

    /// Media time of frame `index` in whole milliseconds (rounded down).
    #[must_use]
    pub fn frames_to_millis(self, index: u64) -> u64 {
        let v = u128::from(index) * 1000 * u128::from(self.den) / u128::from(self.num.max(1));
        u64::try_from(v).unwrap_or(u64::MAX)
    }

    /// The output time base: 90 kHz when a frame lasts a whole number of 90 kHz ticks
    /// (24, 25, 30, 30000/1001, 50, 60, …), else `num` (a frame then lasts `den` ticks).
    /// Returns `(timescale, frame_duration)`.
    #[must_use]
    pub fn timescale(self) -> (u32, u32) {
        let num = u64::from(self.num.max(1));
        let ticks = 90_000 * u64::from(self.den);
        if ticks.is_multiple_of(num)
            && let Ok(d) = u32::try_from(ticks / num)
        {
            return (90_000, d);
        }
        (self.num.max(1), self.den)
    }

    /// How many whole frames `seconds` holds, rounded to the nearest frame
    /// (4 s at 30000/1001 is 120 frames, 4.004 s). `None` if that is under one frame.
    #[must_use]
    pub fn frames_in(self, seconds: f64) -> Option<u64> {
        let frames = (seconds * self.as_f64()).round();
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        (1.0..1e12).contains(&frames).then_some(frames as u64)
    }

    /// Seconds that `frames` frames last.
    #[must_use]
    pub fn seconds(self, frames: u64) -> f64 {
        frames as f64 / self.as_f64()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_forms() {
        assert_eq!(Rational::parse("30"), Some(Rational::new(30, 1)));
        assert_eq!(
            Rational::parse("30000/1001"),
            Some(Rational::new(30_000, 1001))
        );
        assert_eq!(Rational::parse("29.97"), Some(Rational::new(30_000, 1001)));
        assert_eq!(Rational::parse("12.5"), Some(Rational::new(12_500, 1000)));
        assert_eq!(Rational::parse("0"), None);
        assert_eq!(Rational::parse("-5"), None);
        assert_eq!(Rational::parse("1000"), None);
        assert_eq!(Rational::parse("abc"), None);
    }

    #[test]
    fn timescales() {
        assert_eq!(Rational::new(30, 1).timescale(), (90_000, 3000));
        assert_eq!(Rational::new(30_000, 1001).timescale(), (90_000, 3003));
        assert_eq!(Rational::new(25, 1).timescale(), (90_000, 3600));
        assert_eq!(Rational::new(7, 1).timescale(), (7, 1));
    }

    #[test]
    fn whole_frames_and_millis() {
        let r = Rational::new(30_000, 1001);
        assert_eq!(r.frames_in(4.0), Some(120));
        assert_eq!(r.frames_in(0.01), None);
        assert_eq!(Rational::new(30, 1).frames_in(2.0), Some(60));
        assert!((r.seconds(120) - 4.004).abs() < 1e-9);
        assert_eq!(r.frames_to_millis(30), 1001);
    }
}

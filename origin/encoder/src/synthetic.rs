//! The built-in synthetic source: a moving test pattern with a burnt-in frame number
//! and clock, and a large solid-colour area a browser test can sample.
//!
//! Layout, in fractions of the picture so it holds at every rendition size:
//!
//! ```text
//!  x: 0 ............ 0.5 ............. 1
//!    +---------------+-----------------+ y = 0
//!    |               |  frame number   |
//!    |  SOLID COLOUR |  hh:mm:ss.mmm   |
//!    |  (--color)    |  moving box     |
//!    |               +-----------------+ y = 0.5
//!    |               |  scrolling      |
//!    |               |  colour bars    |
//!    +---------------+-----------------+ y = 1
//! ```
//!
//! The solid area is the whole left half, `x < 0.5 * width`. Sample it away from the
//! edge, where scaling and 4:2:0 chroma do not blend in the neighbour: any point with
//! `0.05 <= x/width <= 0.45` and `0.05 <= y/height <= 0.95`; the documented probe is
//! **(0.25, 0.5)**.

use crate::font;
use crate::frame::{Rgb, Yuv420};
use crate::rate::Rational;

/// Default colour of the solid area (`--color`).
pub const DEFAULT_COLOR: Rgb = Rgb {
    r: 0x20,
    g: 0x40,
    b: 0xC0,
};

/// Where a test should sample the solid colour, as fractions of width and height.
pub const PROBE: (f64, f64) = (0.25, 0.5);

/// Colour bars of the lower right quadrant (75% bars, ITU-R BT.801 order).
const BARS: [Rgb; 7] = [
    Rgb {
        r: 191,
        g: 191,
        b: 191,
    },
    Rgb {
        r: 191,
        g: 191,
        b: 0,
    },
    Rgb {
        r: 0,
        g: 191,
        b: 191,
    },
    Rgb { r: 0, g: 191, b: 0 },
    Rgb {
        r: 191,
        g: 0,
        b: 191,
    },
    Rgb { r: 191, g: 0, b: 0 },
    Rgb { r: 0, g: 0, b: 191 },
];
const PANEL: Rgb = Rgb {
    r: 24,
    g: 24,
    b: 24,
};
const WHITE: Rgb = Rgb {
    r: 235,
    g: 235,
    b: 235,
};
const BOX: Rgb = Rgb {
    r: 255,
    g: 200,
    b: 0,
};

/// Renders synthetic frames of one size.
#[derive(Debug, Clone)]
pub struct Synthetic {
    width: usize,
    height: usize,
    color: Rgb,
    frame_rate: Rational,
    clock_origin_ms: u64,
    background: Yuv420,
}

impl Synthetic {
    /// A source of `width x height` (even) frames at `frame_rate`; the solid area has `color`.
    /// The burnt-in clock shows `clock_origin_ms` (milliseconds since midnight, e.g. the
    /// wall-clock time the encode started; 0 shows media time) plus the frame's media time.
    #[must_use]
    pub fn new(
        width: usize,
        height: usize,
        color: Rgb,
        frame_rate: Rational,
        clock_origin_ms: u64,
    ) -> Self {
        let mut background = Yuv420::filled(width, height, PANEL);
        background.fill_rect((0, 0), (width / 2, height), color.to_yuv());
        Self {
            width,
            height,
            color,
            frame_rate,
            clock_origin_ms,
            background,
        }
    }

    /// The solid area's colour.
    #[must_use]
    pub fn color(&self) -> Rgb {
        self.color
    }

    /// Renders frame `index` into `out` (reusing its buffers).
    pub fn render(&self, index: u64, out: &mut Yuv420) {
        out.clone_from(&self.background);
        let (w, h) = (self.width, self.height);
        let half = w / 2;
        let right = w - half;
        let ms = self.frame_rate.frames_to_millis(index);

        // Scrolling colour bars, lower right quadrant: one bar width per second.
        let bar_w = (right / BARS.len()).max(1);
        let period = bar_w * BARS.len();
        let shift = usize::try_from(ms * bar_w as u64 / 1000).unwrap_or(0) % period;
        let mut x = 0;
        while x < right {
            let phase = (x + shift) % period;
            let bar = phase / bar_w;
            let run = (bar_w - phase % bar_w).min(right - x);
            if let Some(colour) = BARS.get(bar) {
                out.fill_rect((half + x, h / 2), (half + x + run, h), colour.to_yuv());
            }
            x += run;
        }

        // Burnt-in counters, upper right quadrant.
        let clock = format_clock(self.clock_origin_ms + ms);
        let frame = format!("{index:06}");
        let chars = clock.len().max(frame.len());
        let scale = ((right * 9 / 10) / (chars * font::ADVANCE))
            .min(h * 2 / 5 / (2 * (font::GLYPH_HEIGHT + 2)))
            .max(1);
        let x0 = half + right / 20;
        let y0 = h / 20;
        for (line, text) in [frame, clock].iter().enumerate() {
            let top = y0 + line * (font::GLYPH_HEIGHT + 2) * scale;
            font::for_each_pixel(text, |fx, fy| {
                let (px, py) = (x0 + fx * scale, top + fy * scale);
                out.fill_rect((px, py), (px + scale, py + scale), WHITE.to_yuv());
            });
        }

        // A box bouncing left and right across the upper right quadrant, two seconds a sweep.
        let side = (h / 12).max(2);
        let travel = right.saturating_sub(side).max(1);
        let t = usize::try_from(ms % 4000).unwrap_or(0);
        let pos = if t < 2000 {
            t * travel / 2000
        } else {
            (4000 - t) * travel / 2000
        };
        let top = h / 2 - side - h / 40;
        out.fill_rect(
            (half + pos, top),
            (half + pos + side, top + side),
            BOX.to_yuv(),
        );
    }
}

/// `hh:mm:ss.mmm` of milliseconds, wrapping at 24 h.
#[must_use]
pub fn format_clock(ms: u64) -> String {
    let ms = ms % 86_400_000;
    format!(
        "{:02}:{:02}:{:02}.{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_format() {
        assert_eq!(format_clock(0), "00:00:00.000");
        assert_eq!(format_clock(3_723_045), "01:02:03.045");
        assert_eq!(format_clock(86_400_001), "00:00:00.001");
    }

    #[test]
    fn solid_area_holds_the_colour_and_frames_move() {
        let color = Rgb::from_hex("C04020").unwrap();
        let src = Synthetic::new(320, 180, color, Rational::new(30, 1), 0);
        let mut a = Yuv420::filled(2, 2, color);
        let mut b = a.clone();
        src.render(0, &mut a);
        src.render(15, &mut b);
        assert_eq!(a.rgb_at(80, 90), b.rgb_at(80, 90));
        let probe = a.rgb_at(80, 90).unwrap();
        assert!(
            probe.r.abs_diff(0xC0) <= 2
                && probe.g.abs_diff(0x40) <= 2
                && probe.b.abs_diff(0x20) <= 2
        );
        assert_ne!(a, b, "the pattern must move");
        // The left half is uniform.
        for y in (0..180).step_by(7) {
            for x in (0..160).step_by(5) {
                assert_eq!(a.rgb_at(x, y), Some(probe));
            }
        }
    }
}

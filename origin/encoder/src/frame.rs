//! Planar YUV 4:2:0 pictures (I420, tightly packed) and the BT.709 colour conversion
//! used to paint them.
//!
//! The encoder signals BT.709, limited ("TV") range in the SPS VUI (H.264 Annex E,
//! `colour_primaries = transfer_characteristics = matrix_coefficients = 1`,
//! `video_full_range_flag = 0`), so a player turns the pixels back into the same RGB.

use openh264::formats::YUVSource;

/// An 8-bit RGB colour, parsed from and printed as `RRGGBB` hex.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb {
    /// Red, 0-255.
    pub r: u8,
    /// Green, 0-255.
    pub g: u8,
    /// Blue, 0-255.
    pub b: u8,
}

impl Rgb {
    /// Parses `RRGGBB` (an optional leading `#` is accepted).
    #[must_use]
    pub fn from_hex(text: &str) -> Option<Self> {
        let mut rgb = [0u8; 3];
        hex::decode_to_slice(text.strip_prefix('#').unwrap_or(text), &mut rgb).ok()?;
        let [r, g, b] = rgb;
        Some(Self { r, g, b })
    }

    /// `RRGGBB`, upper case.
    #[must_use]
    pub fn to_hex(self) -> String {
        hex::encode_upper([self.r, self.g, self.b])
    }

    /// BT.709 limited-range Y′CbCr of this colour: `(y, cb, cr)`.
    #[must_use]
    pub fn to_yuv(self) -> (u8, u8, u8) {
        let (r, g, b) = (
            f64::from(self.r) / 255.0,
            f64::from(self.g) / 255.0,
            f64::from(self.b) / 255.0,
        );
        // Rec. ITU-R BT.709-6 §3.2/3.3: Kr = 0.2126, Kb = 0.0722.
        let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        let cb = (b - y) / 1.8556;
        let cr = (r - y) / 1.5748;
        (
            quantise(16.0 + 219.0 * y),
            quantise(128.0 + 224.0 * cb),
            quantise(128.0 + 224.0 * cr),
        )
    }

    /// The inverse of [`Rgb::to_yuv`] (BT.709, limited range), clamped to 0-255.
    #[must_use]
    pub fn from_yuv(y: u8, cb: u8, cr: u8) -> Self {
        let y = (f64::from(y) - 16.0) / 219.0;
        let cb = (f64::from(cb) - 128.0) / 224.0;
        let cr = (f64::from(cr) - 128.0) / 224.0;
        let r = y + 1.5748 * cr;
        let b = y + 1.8556 * cb;
        let g = (y - 0.2126 * r - 0.0722 * b) / 0.7152;
        Self {
            r: quantise(r * 255.0),
            g: quantise(g * 255.0),
            b: quantise(b * 255.0),
        }
    }
}

fn quantise(v: f64) -> u8 {
    // The clamp keeps the value in 0..=255, so the cast cannot truncate.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let q = v.round().clamp(0.0, 255.0) as u8;
    q
}

/// One I420 picture: a full-resolution luma plane and two chroma planes of
/// `ceil(width/2) x ceil(height/2)`, rows packed without padding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Yuv420 {
    width: usize,
    height: usize,
    y: Vec<u8>,
    u: Vec<u8>,
    v: Vec<u8>,
}

impl Yuv420 {
    /// A picture filled with one colour.
    #[must_use]
    pub fn filled(width: usize, height: usize, colour: Rgb) -> Self {
        let (y, u, v) = colour.to_yuv();
        let (cw, ch) = chroma_size(width, height);
        Self {
            width,
            height,
            y: vec![y; width * height],
            u: vec![u; cw * ch],
            v: vec![v; cw * ch],
        }
    }

    /// Copies a picture out of planes with row strides (as decoders hand them out).
    /// Missing bytes (short planes) are filled with black rather than panicking.
    #[must_use]
    pub fn from_strided(
        (width, height): (usize, usize),
        (y, u, v): (&[u8], &[u8], &[u8]),
        (sy, su, sv): (usize, usize, usize),
    ) -> Self {
        let (cw, ch) = chroma_size(width, height);
        Self {
            width,
            height,
            y: copy_plane(y, sy, width, height, 16),
            u: copy_plane(u, su, cw, ch, 128),
            v: copy_plane(v, sv, cw, ch, 128),
        }
    }

    /// Luma width.
    #[must_use]
    pub fn width(&self) -> usize {
        self.width
    }

    /// Luma height.
    #[must_use]
    pub fn height(&self) -> usize {
        self.height
    }

    /// Chroma plane width and height.
    #[must_use]
    pub fn chroma_size(&self) -> (usize, usize) {
        chroma_size(self.width, self.height)
    }

    /// The planes `(y, u, v)`.
    #[must_use]
    pub fn planes(&self) -> (&[u8], &[u8], &[u8]) {
        (&self.y, &self.u, &self.v)
    }

    /// The planes `(y, u, v)`, mutable.
    pub fn planes_mut(&mut self) -> (&mut [u8], &mut [u8], &mut [u8]) {
        (&mut self.y, &mut self.u, &mut self.v)
    }

    /// The colour at luma position `(x, y)` (BT.709 limited range → RGB), if inside.
    #[must_use]
    pub fn rgb_at(&self, x: usize, y: usize) -> Option<Rgb> {
        let cw = self.chroma_size().0;
        let luma = *self.y.get(y.checked_mul(self.width)?.checked_add(x)?)?;
        let ci = (y / 2) * cw + x / 2;
        Some(Rgb::from_yuv(luma, *self.u.get(ci)?, *self.v.get(ci)?))
    }

    /// Fills the luma rectangle `[x0, x1) x [y0, y1)` (clipped to the picture) with a
    /// colour; chroma samples whose top-left luma sample is inside are painted too.
    pub fn fill_rect(
        &mut self,
        (x0, y0): (usize, usize),
        (x1, y1): (usize, usize),
        colour: (u8, u8, u8),
    ) {
        let (x1, y1) = (x1.min(self.width), y1.min(self.height));
        if x0 >= x1 || y0 >= y1 {
            return;
        }
        for row in self.y.chunks_exact_mut(self.width).skip(y0).take(y1 - y0) {
            if let Some(span) = row.get_mut(x0..x1) {
                span.fill(colour.0);
            }
        }
        let cw = self.chroma_size().0;
        let (cx0, cy0, cx1, cy1) = (
            x0.div_ceil(2),
            y0.div_ceil(2),
            x1.div_ceil(2),
            y1.div_ceil(2),
        );
        if cx0 >= cx1 || cy0 >= cy1 {
            return;
        }
        for (plane, value) in [(&mut self.u, colour.1), (&mut self.v, colour.2)] {
            for row in plane.chunks_exact_mut(cw).skip(cy0).take(cy1 - cy0) {
                if let Some(span) = row.get_mut(cx0..cx1) {
                    span.fill(value);
                }
            }
        }
    }
}

/// Chroma plane size of a 4:2:0 picture.
#[must_use]
pub fn chroma_size(width: usize, height: usize) -> (usize, usize) {
    (width.div_ceil(2), height.div_ceil(2))
}

fn copy_plane(src: &[u8], stride: usize, width: usize, height: usize, fill: u8) -> Vec<u8> {
    let mut out = vec![fill; width * height];
    if stride == 0 {
        return out;
    }
    for (dst, row) in out.chunks_exact_mut(width.max(1)).zip(src.chunks(stride)) {
        let n = dst.len().min(row.len());
        if let (Some(d), Some(s)) = (dst.get_mut(..n), row.get(..n)) {
            d.copy_from_slice(s);
        }
    }
    out
}

impl YUVSource for Yuv420 {
    fn dimensions(&self) -> (usize, usize) {
        (self.width, self.height)
    }

    fn strides(&self) -> (usize, usize, usize) {
        let cw = self.chroma_size().0;
        (self.width, cw, cw)
    }

    fn y(&self) -> &[u8] {
        &self.y
    }

    fn u(&self) -> &[u8] {
        &self.u
    }

    fn v(&self) -> &[u8] {
        &self.v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trip() {
        let c = Rgb::from_hex("2040C0").unwrap();
        assert_eq!(
            c,
            Rgb {
                r: 0x20,
                g: 0x40,
                b: 0xC0
            }
        );
        assert_eq!(c.to_hex(), "2040C0");
        assert_eq!(Rgb::from_hex("#ff0000").unwrap().r, 255);
        assert!(Rgb::from_hex("12345").is_none());
        assert!(Rgb::from_hex("12345G").is_none());
    }

    #[test]
    fn bt709_reference_points() {
        // BT.709 limited range: white (235,128,128), black (16,128,128).
        assert_eq!(
            Rgb {
                r: 255,
                g: 255,
                b: 255
            }
            .to_yuv(),
            (235, 128, 128)
        );
        assert_eq!(Rgb { r: 0, g: 0, b: 0 }.to_yuv(), (16, 128, 128));
        // Pure red: Y = 16 + 219*0.2126 = 62.6, Cr = 128 + 112 = 240.
        assert_eq!(Rgb { r: 255, g: 0, b: 0 }.to_yuv(), (63, 102, 240));
    }

    #[test]
    fn yuv_rgb_round_trip_is_close() {
        for hex in ["2040C0", "C04020", "808080", "10E010"] {
            let c = Rgb::from_hex(hex).unwrap();
            let (y, u, v) = c.to_yuv();
            let back = Rgb::from_yuv(y, u, v);
            for (a, b) in [(c.r, back.r), (c.g, back.g), (c.b, back.b)] {
                assert!(a.abs_diff(b) <= 2, "{hex}: {c:?} -> {back:?}");
            }
        }
    }

    #[test]
    fn fill_rect_paints_luma_and_chroma() {
        let mut f = Yuv420::filled(8, 6, Rgb { r: 0, g: 0, b: 0 });
        f.fill_rect((2, 2), (6, 4), (200, 90, 60));
        assert_eq!(f.planes().0[2 * 8 + 2], 200);
        assert_eq!(f.planes().0[2 * 8 + 1], 16);
        assert_eq!(f.planes().1[4 + 1], 90);
        assert_eq!(f.planes().2[4 + 2], 60);
        assert_eq!(f.planes().2[4], 128);
    }
}

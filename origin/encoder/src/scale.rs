//! A small separable YUV 4:2:0 scaler: area averaging when shrinking an axis,
//! bilinear when growing it.
//!
//! Why no crate: the well-kept scalers (`fast_image_resize`, `image`) work on packed
//! RGB(A) or single planes with their own pixel types and pull in SIMD back ends and
//! features we do not need; we scale three 8-bit planes to a handful of fixed ladder
//! sizes, which is ~100 lines with precomputed taps. Area averaging is what video
//! downscalers use to avoid aliasing on the moving test pattern's fine edges.

use crate::frame::Yuv420;

/// Fixed-point precision of the filter weights.
const SHIFT: u32 = 14;
const ONE: i32 = 1 << SHIFT;

/// Taps for one axis: for each output sample, the first source index and `count`
/// weights (zero-padded so every output has the same number, stored flat).
#[derive(Debug, Clone)]
struct Taps {
    starts: Vec<usize>,
    count: usize,
    weights: Vec<i32>,
}

impl Taps {
    fn new(src: usize, dst: usize) -> Self {
        let scale = src as f64 / dst as f64;
        let per_output: Vec<(usize, Vec<i32>)> = (0..dst)
            .map(|i| {
                let (start, w) = if scale > 1.0 {
                    area_taps(i, scale, src)
                } else {
                    bilinear_taps(i, scale, src)
                };
                (start, normalise(&w))
            })
            .collect();
        let count = per_output
            .iter()
            .map(|(_, w)| w.len())
            .max()
            .unwrap_or(1)
            .max(1);
        let mut starts = Vec::with_capacity(dst);
        let mut weights = Vec::with_capacity(dst * count);
        for (start, w) in per_output {
            // Pull the window left at the right edge so `count` samples stay in the source.
            let shifted = start.min(src.saturating_sub(count));
            let pad_front = start - shifted;
            starts.push(shifted);
            weights.extend(std::iter::repeat_n(0, pad_front));
            weights.extend_from_slice(&w);
            weights.extend(std::iter::repeat_n(
                0,
                count - pad_front - w.len().min(count - pad_front),
            ));
        }
        Self {
            starts,
            count,
            weights,
        }
    }

    /// One row: `out[x] = sum_k src[starts[x] + k] * w[x][k]`.
    fn apply(&self, src: &[u8], out: &mut [u8]) {
        for ((o, &start), w) in out
            .iter_mut()
            .zip(&self.starts)
            .zip(self.weights.chunks_exact(self.count))
        {
            let mut acc = 0i32;
            if let Some(window) = src.get(start..start + self.count) {
                for (&s, &k) in window.iter().zip(w) {
                    acc += i32::from(s) * k;
                }
            }
            *o = round_shift(acc);
        }
    }
}

fn round_shift(acc: i32) -> u8 {
    let v = (acc + ONE / 2) >> SHIFT;
    // Clamped to 0..=255 first, so the narrowing is exact.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let b = v.clamp(0, 255) as u8;
    b
}

/// Coverage of source samples by the output sample's footprint `[i*scale, (i+1)*scale)`.
fn area_taps(i: usize, scale: f64, src: usize) -> (usize, Vec<f64>) {
    let lo = i as f64 * scale;
    let hi = lo + scale;
    // Floor/ceil of non-negative, bounded values: the casts are exact.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let (first, last) = (lo.floor() as usize, (hi.ceil() as usize).min(src));
    let w = (first..last)
        .map(|s| {
            let s = s as f64;
            (hi.min(s + 1.0) - lo.max(s)).max(0.0)
        })
        .collect();
    (first, w)
}

/// Two taps around the output sample's centre, mapped into the source (centres aligned).
fn bilinear_taps(i: usize, scale: f64, src: usize) -> (usize, Vec<f64>) {
    let pos = ((i as f64 + 0.5) * scale - 0.5).clamp(0.0, (src - 1) as f64);
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let first = pos.floor() as usize;
    let frac = pos - first as f64;
    if first + 1 < src {
        (first, vec![1.0 - frac, frac])
    } else {
        (first, vec![1.0])
    }
}

/// Weights in fixed point summing exactly to `ONE` (the rounding error goes to the largest tap).
fn normalise(w: &[f64]) -> Vec<i32> {
    let total: f64 = w.iter().sum();
    #[allow(clippy::cast_possible_truncation)]
    let mut q: Vec<i32> = w
        .iter()
        .map(|&x| (x / total * f64::from(ONE)).round() as i32)
        .collect();
    let diff = ONE - q.iter().sum::<i32>();
    if let Some(max) = q.iter_mut().max_by_key(|v| **v) {
        *max += diff;
    }
    q
}

/// Scales one plane of `sw x sh` to `dw x dh`.
#[derive(Debug, Clone)]
struct PlaneScaler {
    sw: usize,
    dw: usize,
    dh: usize,
    horizontal: Taps,
    vertical: Taps,
}

impl PlaneScaler {
    fn new((sw, sh): (usize, usize), (dw, dh): (usize, usize)) -> Self {
        Self {
            sw,
            dw,
            dh,
            horizontal: Taps::new(sw, dw),
            vertical: Taps::new(sh, dh),
        }
    }

    fn scale(&self, src: &[u8], dst: &mut [u8], tmp: &mut Vec<u8>, acc: &mut Vec<i32>) {
        let (sw, dw) = (self.sw.max(1), self.dw.max(1));
        // Vertical pass first (it shrinks the rows the horizontal pass must visit):
        // each of the dh rows is a weighted sum of `count` source rows of width sw.
        tmp.clear();
        tmp.resize(self.dh * sw, 0);
        acc.clear();
        acc.resize(sw, 0);
        let taps = &self.vertical;
        for (out, (&start, weights)) in tmp.chunks_exact_mut(sw).zip(
            taps.starts
                .iter()
                .zip(taps.weights.chunks_exact(taps.count)),
        ) {
            acc.fill(0);
            for (row, &k) in src.chunks_exact(sw).skip(start).zip(weights) {
                if k == 0 {
                    continue;
                }
                for (a, &p) in acc.iter_mut().zip(row) {
                    *a += i32::from(p) * k;
                }
            }
            for (o, &a) in out.iter_mut().zip(acc.iter()) {
                *o = round_shift(a);
            }
        }
        // Horizontal pass: dh rows of sw → dh rows of dw.
        for (row, out) in tmp.chunks_exact(sw).zip(dst.chunks_exact_mut(dw)) {
            self.horizontal.apply(row, out);
        }
    }
}

/// Scales I420 pictures of one size to another; build once per rendition, reuse per frame.
#[derive(Debug, Clone)]
pub struct Scaler {
    src: (usize, usize),
    dst: (usize, usize),
    luma: PlaneScaler,
    chroma: PlaneScaler,
    tmp: Vec<u8>,
    acc: Vec<i32>,
}

impl Scaler {
    /// A scaler from `src` to `dst` luma size (both non-zero).
    #[must_use]
    pub fn new(src: (usize, usize), dst: (usize, usize)) -> Self {
        let c = |(w, h): (usize, usize)| crate::frame::chroma_size(w, h);
        Self {
            src,
            dst,
            luma: PlaneScaler::new(src, dst),
            chroma: PlaneScaler::new(c(src), c(dst)),
            tmp: Vec::new(),
            acc: Vec::new(),
        }
    }

    /// Scales `input` (which must be `src` sized; otherwise a new scaler is built for its size)
    /// into `output`, which is resized to `dst`.
    pub fn scale(&mut self, input: &Yuv420, output: &mut Yuv420) {
        let size = (input.width(), input.height());
        if size != self.src {
            *self = Self::new(size, self.dst);
        }
        if output.width() != self.dst.0 || output.height() != self.dst.1 {
            *output = Yuv420::filled(
                self.dst.0,
                self.dst.1,
                crate::frame::Rgb { r: 0, g: 0, b: 0 },
            );
        }
        let (sy, su, sv) = input.planes();
        let (dy, du, dv) = output.planes_mut();
        self.luma.scale(sy, dy, &mut self.tmp, &mut self.acc);
        self.chroma.scale(su, du, &mut self.tmp, &mut self.acc);
        self.chroma.scale(sv, dv, &mut self.tmp, &mut self.acc);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frame::Rgb;

    #[test]
    fn solid_colour_survives_any_scale() {
        let colour = Rgb::from_hex("2040C0").unwrap();
        let src = Yuv420::filled(1280, 720, colour);
        for (w, h) in [(416, 234), (960, 540), (1920, 1080), (18, 16)] {
            let mut out = Yuv420::filled(2, 2, colour);
            Scaler::new((1280, 720), (w, h)).scale(&src, &mut out);
            assert_eq!((out.width(), out.height()), (w, h));
            assert_eq!(out, Yuv420::filled(w, h, colour), "{w}x{h}");
        }
    }

    #[test]
    fn area_average_of_a_step() {
        // 4 luma columns 0,0,200,200 → 2 columns 0,200; 3 columns → 0,100,200.
        let mut src = Yuv420::filled(4, 2, Rgb { r: 0, g: 0, b: 0 });
        src.planes_mut()
            .0
            .copy_from_slice(&[0, 0, 200, 200, 0, 0, 200, 200]);
        let mut out = Yuv420::filled(2, 2, Rgb { r: 0, g: 0, b: 0 });
        Scaler::new((4, 2), (2, 2)).scale(&src, &mut out);
        assert_eq!(out.planes().0, &[0, 200, 0, 200]);
        Scaler::new((4, 2), (3, 2)).scale(&src, &mut out);
        assert_eq!(out.planes().0, &[0, 100, 200, 0, 100, 200]);
    }

    #[test]
    fn bilinear_upscale_interpolates() {
        let mut src = Yuv420::filled(2, 2, Rgb { r: 0, g: 0, b: 0 });
        src.planes_mut().0.copy_from_slice(&[0, 200, 0, 200]);
        let mut out = Yuv420::filled(2, 2, Rgb { r: 0, g: 0, b: 0 });
        Scaler::new((2, 2), (4, 2)).scale(&src, &mut out);
        assert_eq!(&out.planes().0[..4], &[0, 50, 150, 200]);
    }
}

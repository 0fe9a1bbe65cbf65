//! A 5x7 bitmap font for the burnt-in counters: digits, `:` and `.` only.
//!
//! Drawn for ottedge (each row is 5 bits, most significant bit = leftmost pixel).

/// Glyph width in font pixels.
pub const GLYPH_WIDTH: usize = 5;
/// Glyph height in font pixels.
pub const GLYPH_HEIGHT: usize = 7;
/// Horizontal advance per character, in font pixels (glyph + one column of space).
pub const ADVANCE: usize = GLYPH_WIDTH + 1;

/// The rows of a glyph, or `None` for characters the font lacks.
#[must_use]
pub fn glyph(c: char) -> Option<[u8; GLYPH_HEIGHT]> {
    Some(match c {
        '0' => [0x0E, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0E],
        '1' => [0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E],
        '2' => [0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F],
        '3' => [0x1F, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0E],
        '4' => [0x02, 0x06, 0x0A, 0x12, 0x1F, 0x02, 0x02],
        '5' => [0x1F, 0x10, 0x1E, 0x01, 0x01, 0x11, 0x0E],
        '6' => [0x06, 0x08, 0x10, 0x1E, 0x11, 0x11, 0x0E],
        '7' => [0x1F, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08],
        '8' => [0x0E, 0x11, 0x11, 0x0E, 0x11, 0x11, 0x0E],
        '9' => [0x0E, 0x11, 0x11, 0x0F, 0x01, 0x02, 0x0C],
        ':' => [0x00, 0x0C, 0x0C, 0x00, 0x0C, 0x0C, 0x00],
        '.' => [0x00, 0x00, 0x00, 0x00, 0x00, 0x0C, 0x0C],
        ' ' => [0; GLYPH_HEIGHT],
        _ => return None,
    })
}

/// Calls `pixel(x, y)` for every lit font pixel of `text` (unknown characters are skipped
/// but still advance), in font-pixel coordinates relative to the text's top-left corner.
pub fn for_each_pixel(text: &str, mut pixel: impl FnMut(usize, usize)) {
    for (i, c) in text.chars().enumerate() {
        let Some(rows) = glyph(c) else { continue };
        for (y, bits) in rows.iter().enumerate() {
            for x in 0..GLYPH_WIDTH {
                if bits & (0x10 >> x) != 0 {
                    pixel(i * ADVANCE + x, y);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_counter_character_has_a_distinct_glyph() {
        let chars: Vec<char> = "0123456789:.".chars().collect();
        for (i, a) in chars.iter().enumerate() {
            let ga = glyph(*a).unwrap();
            assert!(ga.iter().any(|r| *r != 0), "{a} is blank");
            assert!(ga.iter().all(|r| *r < 0x20), "{a} wider than 5");
            for b in chars.iter().skip(i + 1) {
                assert_ne!(ga, glyph(*b).unwrap(), "{a} looks like {b}");
            }
        }
        assert!(glyph('x').is_none());
    }

    #[test]
    fn pixels_advance_per_character() {
        let mut xs = Vec::new();
        for_each_pixel("1.", |x, y| xs.push((x, y)));
        // '1' top row 0x04 → x=2; '.' bottom-right block starts at 6+1.
        assert!(xs.contains(&(2, 0)));
        assert!(xs.contains(&(ADVANCE + 1, 5)));
        assert_eq!(xs.iter().filter(|(x, _)| *x >= ADVANCE).count(), 4);
    }
}

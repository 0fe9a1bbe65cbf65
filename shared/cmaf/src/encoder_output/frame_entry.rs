//! `<id>.frames.json` entries.

use serde::{Deserialize, Serialize};

/// One entry of `<id>.frames.json`: where access unit `n` is in `<id>.h264` and when it plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrameEntry {
    /// Presentation time in `timescale` ticks.
    pub pts: u64,
    /// Decode time in `timescale` ticks (equal to `pts`: no B-frames).
    pub dts: u64,
    /// Duration in ticks.
    pub duration: u32,
    /// Byte offset of the access unit's first start code in the `.h264` file.
    pub offset: u64,
    /// Access unit size in bytes (start codes included).
    pub size: u64,
    /// IDR access unit (it begins with SPS and PPS).
    pub keyframe: bool,
}

#[cfg(test)]
mod tests {
    use super::FrameEntry;

    #[test]
    fn frame_index_lines() {
        let line =
            r#"{"pts":3000,"dts":3000,"duration":3000,"offset":4334,"size":1195,"keyframe":false}"#;
        let f: FrameEntry = serde_json::from_str(line).unwrap();
        assert_eq!(
            (f.pts, f.offset, f.size, f.keyframe),
            (3000, 4334, 1195, false)
        );
        assert_eq!(serde_json::to_string(&f).unwrap(), line);
        assert!(serde_json::from_str::<FrameEntry>(r#"{"pts":0}"#).is_err());
    }
}

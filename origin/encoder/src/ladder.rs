//! The ABR ladder: which renditions to encode.
//!
//! A ladder file is JSON: either an array of rungs or an object `{"renditions": [...]}`,
//! each rung `{"id": "720p", "width": 1280, "height": 720, "bitrate_kbps": 3000}`.
//! Unknown keys are refused so that a typo (`"bitrate"`) is not silently ignored.

use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use crate::error::EncodeError;

/// Most rungs a ladder may have.
pub const MAX_RUNGS: usize = 16;
/// OpenH264's largest picture side (its README: up to 3840x2160 or 2160x3840).
pub const MAX_SIDE: u32 = 3840;
/// OpenH264's largest picture short side.
pub const MAX_SHORT_SIDE: u32 = 2160;
/// Smallest accepted picture side (one macroblock).
pub const MIN_SIDE: u32 = 16;
/// Accepted bitrate range in kbit/s.
pub const BITRATE_KBPS: std::ops::RangeInclusive<u32> = 50..=100_000;

/// One rendition of the ladder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rung {
    /// Rendition id, also the output file stem (`<id>.h264`): ASCII letters, digits, `-`, `_`.
    pub id: String,
    /// Luma width in pixels (even).
    pub width: u32,
    /// Luma height in pixels (even).
    pub height: u32,
    /// Target bitrate in kbit/s (OpenH264 bitrate rate control).
    pub bitrate_kbps: u32,
}

/// An ordered, validated set of rungs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ladder {
    rungs: Vec<Rung>,
}

impl Ladder {
    /// The default ladder: four 16:9 rungs up to 720p.
    ///
    /// | id | size | kbit/s |
    /// |---|---|---|
    /// | `720p` | 1280x720 | 3000 |
    /// | `540p` | 960x540 | 1800 |
    /// | `360p` | 640x360 | 800 |
    /// | `234p` | 416x234 | 400 |
    #[must_use]
    pub fn default_ladder() -> Self {
        let rung = |id: &str, width, height, bitrate_kbps| Rung {
            id: id.to_owned(),
            width,
            height,
            bitrate_kbps,
        };
        Self {
            rungs: vec![
                rung("720p", 1280, 720, 3000),
                rung("540p", 960, 540, 1800),
                rung("360p", 640, 360, 800),
                rung("234p", 416, 234, 400),
            ],
        }
    }

    /// Builds a ladder from rungs, checking every rung (see [`Ladder::from_json`] for the rules).
    ///
    /// # Errors
    /// [`EncodeError::Ladder`] naming the rung and field at fault.
    pub fn new(rungs: Vec<Rung>) -> Result<Self, EncodeError> {
        validate(&rungs, None)?;
        Ok(Self { rungs })
    }

    /// Parses a JSON ladder. `file` only names the source in errors.
    ///
    /// Rules: 1 to [`MAX_RUNGS`] rungs; unique ids of ASCII letters, digits, `-`, `_`;
    /// even width and height between [`MIN_SIDE`] and OpenH264's 3840x2160 limit;
    /// bitrate within [`BITRATE_KBPS`].
    ///
    /// # Errors
    /// [`EncodeError::Ladder`] naming the file, the rung index and the field.
    pub fn from_json(text: &str, file: Option<&Path>) -> Result<Self, EncodeError> {
        let err =
            |entry: Option<usize>, field: &'static str, problem: String| EncodeError::Ladder {
                file: file.map(Path::to_path_buf),
                entry,
                field,
                problem,
            };
        let value: Value = serde_json::from_str(text).map_err(|e| {
            err(
                None,
                "",
                format!("not JSON (line {}, column {}): {e}", e.line(), e.column()),
            )
        })?;
        let list = match &value {
            Value::Array(list) => list,
            Value::Object(map) => match map.get("renditions") {
                Some(Value::Array(list)) => list,
                _ => {
                    return Err(err(
                        None,
                        "renditions",
                        "expected an array of rungs or an object with a `renditions` array".into(),
                    ));
                }
            },
            _ => {
                return Err(err(
                    None,
                    "",
                    "expected an array of rungs or an object with a `renditions` array".into(),
                ));
            }
        };
        if list.len() > MAX_RUNGS {
            return Err(err(
                None,
                "",
                format!("{} rungs, at most {MAX_RUNGS} allowed", list.len()),
            ));
        }
        let mut rungs = Vec::with_capacity(list.len());
        for (i, item) in list.iter().enumerate() {
            let Value::Object(map) = item else {
                return Err(err(Some(i), "", "a rung must be a JSON object".into()));
            };
            if let Some(unknown) = map
                .keys()
                .find(|k| !["id", "width", "height", "bitrate_kbps"].contains(&k.as_str()))
            {
                return Err(err(
                    Some(i),
                    "",
                    format!("unknown key `{unknown}` (expected id, width, height, bitrate_kbps)"),
                ));
            }
            let id = match map.get("id") {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Number(n)) => n.to_string(),
                Some(_) => return Err(err(Some(i), "id", "must be a string".into())),
                None => return Err(err(Some(i), "id", "missing".into())),
            };
            let number = |field: &'static str| -> Result<u32, EncodeError> {
                let v = map
                    .get(field)
                    .ok_or_else(|| err(Some(i), field, "missing".into()))?;
                v.as_u64()
                    .and_then(|n| u32::try_from(n).ok())
                    .ok_or_else(|| {
                        err(
                            Some(i),
                            field,
                            format!("must be a positive integer, got {v}"),
                        )
                    })
            };
            rungs.push(Rung {
                id,
                width: number("width")?,
                height: number("height")?,
                bitrate_kbps: number("bitrate_kbps")?,
            });
        }
        validate(&rungs, file)?;
        Ok(Self { rungs })
    }

    /// The rungs, in file order.
    #[must_use]
    pub fn rungs(&self) -> &[Rung] {
        &self.rungs
    }

    /// The largest width and height over all rungs.
    #[must_use]
    pub fn max_dimensions(&self) -> (u32, u32) {
        self.rungs
            .iter()
            .fold((0, 0), |(w, h), r| (w.max(r.width), h.max(r.height)))
    }
}

fn validate(rungs: &[Rung], file: Option<&Path>) -> Result<(), EncodeError> {
    let err = |entry: Option<usize>, field: &'static str, problem: String| EncodeError::Ladder {
        file: file.map(Path::to_path_buf),
        entry,
        field,
        problem,
    };
    if rungs.is_empty() {
        return Err(err(None, "", "the ladder has no rungs".into()));
    }
    if rungs.len() > MAX_RUNGS {
        return Err(err(
            None,
            "",
            format!("{} rungs, at most {MAX_RUNGS} allowed", rungs.len()),
        ));
    }
    for (i, rung) in rungs.iter().enumerate() {
        let id_ok = !rung.id.is_empty()
            && rung.id.len() <= 64
            && rung
                .id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !id_ok {
            return Err(err(
                Some(i),
                "id",
                format!(
                    "{:?}: use 1-64 ASCII letters, digits, '-' or '_' (it names the output files)",
                    rung.id
                ),
            ));
        }
        if rungs.iter().take(i).any(|r| r.id == rung.id) {
            return Err(err(Some(i), "id", format!("duplicate id {:?}", rung.id)));
        }
        for (field, value) in [("width", rung.width), ("height", rung.height)] {
            if value % 2 != 0 {
                return Err(err(
                    Some(i),
                    field,
                    format!("{value} is odd; 4:2:0 video needs even dimensions"),
                ));
            }
            if !(MIN_SIDE..=MAX_SIDE).contains(&value) {
                return Err(err(
                    Some(i),
                    field,
                    format!("{value} is outside {MIN_SIDE}..={MAX_SIDE}"),
                ));
            }
        }
        if rung.width.min(rung.height) > MAX_SHORT_SIDE {
            return Err(err(
                Some(i),
                "height",
                format!(
                    "{}x{} exceeds OpenH264's 3840x2160 limit",
                    rung.width, rung.height
                ),
            ));
        }
        if !BITRATE_KBPS.contains(&rung.bitrate_kbps) {
            return Err(err(
                Some(i),
                "bitrate_kbps",
                format!(
                    "{} is outside {}..={}",
                    rung.bitrate_kbps,
                    BITRATE_KBPS.start(),
                    BITRATE_KBPS.end()
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_ladder_is_valid() {
        let ladder = Ladder::default_ladder();
        assert!(Ladder::new(ladder.rungs().to_vec()).is_ok());
        assert_eq!(ladder.max_dimensions(), (1280, 720));
    }

    #[test]
    fn object_and_array_forms_agree() {
        let rung = r#"{"id":"a","width":320,"height":180,"bitrate_kbps":300}"#;
        let a = Ladder::from_json(&format!("[{rung}]"), None).unwrap();
        let b = Ladder::from_json(&format!(r#"{{"renditions":[{rung}]}}"#), None).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.rungs()[0].width, 320);
    }
}

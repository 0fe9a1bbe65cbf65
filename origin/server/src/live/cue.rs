//! The body of `POST /live/<id>/cue`: `{"duration": <seconds>, "signal": "splice_insert" |
//! "time_signal"}` (`signal` optional: the channel's `--signal` by default).
//!
//! Every refusal names the member at fault ([`CueFieldError::field`]), so the 400 problem's
//! `detail` starts with it: `duration: must be greater than 0 (got -3)`. Unknown members are
//! refused too, so a typo (`"durration"`) is not silently a default.

use ottedge_live::{MAX_CUE_MS, SignalKind};
use serde_json::Value;

/// A cue request, checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CueRequest {
    /// Requested break length, in ms (seconds × 1000 rounded up).
    pub duration_ms: i64,
    /// Signalling asked for, if any.
    pub signal: Option<SignalKind>,
}

/// A member of the cue body that was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct CueFieldError {
    /// The JSON member (`body` for the document as a whole).
    pub field: String,
    /// Why.
    pub reason: String,
}

fn refuse(field: &str, reason: impl Into<String>) -> CueFieldError {
    CueFieldError {
        field: field.to_owned(),
        reason: reason.into(),
    }
}

/// The `signal` spelling of a [`SignalKind`] (the CLI's `--signal` values too).
pub fn signal_name(kind: SignalKind) -> &'static str {
    match kind {
        SignalKind::SpliceInsert => "splice_insert",
        SignalKind::TimeSignal => "time_signal",
    }
}

/// The [`SignalKind`] spelled `name`.
pub fn parse_signal(name: &str) -> Option<SignalKind> {
    [SignalKind::SpliceInsert, SignalKind::TimeSignal]
        .into_iter()
        .find(|k| signal_name(*k) == name)
}

/// Parses and checks a cue body.
pub fn parse_cue(body: &[u8]) -> Result<CueRequest, CueFieldError> {
    let value: Value =
        serde_json::from_slice(body).map_err(|e| refuse("body", format!("not JSON: {e}")))?;
    let Value::Object(members) = value else {
        return Err(refuse("body", "must be a JSON object"));
    };
    if let Some(unknown) = members
        .keys()
        .find(|k| !matches!(k.as_str(), "duration" | "signal"))
    {
        return Err(refuse(
            unknown,
            "unknown member (expected duration, signal)",
        ));
    }
    let max_s = MAX_CUE_MS / 1000;
    let seconds = match members.get("duration") {
        None => return Err(refuse("duration", "is required (seconds, a number > 0)")),
        Some(Value::Number(n)) => n.as_f64().unwrap_or(f64::NAN),
        Some(other) => {
            return Err(refuse(
                "duration",
                format!("must be a number of seconds (got {other})"),
            ));
        }
    };
    if seconds.is_nan() || seconds <= 0.0 {
        return Err(refuse(
            "duration",
            format!("must be greater than 0 (got {seconds})"),
        ));
    }
    if seconds > max_s as f64 {
        return Err(refuse(
            "duration",
            format!("must be at most {max_s} seconds (got {seconds})"),
        ));
    }
    // In (0, 600]: the product is at most 600 000 and the cast exact.
    #[allow(
        clippy::cast_possible_truncation,
        reason = "bounded to (0, 600000] above"
    )]
    let duration_ms = (seconds * 1000.0).ceil() as i64;
    let signal = match members.get("signal") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(parse_signal(s).ok_or_else(|| {
            refuse(
                "signal",
                format!("must be \"splice_insert\" or \"time_signal\" (got {s:?})"),
            )
        })?),
        Some(other) => {
            return Err(refuse(
                "signal",
                format!("must be a string, \"splice_insert\" or \"time_signal\" (got {other})"),
            ));
        }
    };
    Ok(CueRequest {
        duration_ms,
        signal,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;

    #[test]
    fn accepts_seconds_and_rounds_up_to_ms() {
        let c = parse_cue(br#"{"duration": 30, "signal": "time_signal"}"#).unwrap();
        assert_eq!(c.duration_ms, 30_000);
        assert_eq!(c.signal, Some(SignalKind::TimeSignal));
        let c = parse_cue(br#"{"duration": 0.0015}"#).unwrap();
        assert_eq!((c.duration_ms, c.signal), (2, None));
    }

    #[test]
    fn each_refusal_names_its_field() {
        let cases: [(&[u8], &str); 10] = [
            (b"{", "body"),
            (b"[1]", "body"),
            (b"{}", "duration"),
            (br#"{"duration": "30"}"#, "duration"),
            (br#"{"duration": 0}"#, "duration"),
            (br#"{"duration": -5}"#, "duration"),
            (br#"{"duration": 601}"#, "duration"),
            (br#"{"duration": 30, "signal": "splice_out"}"#, "signal"),
            (br#"{"duration": 30, "signal": 1}"#, "signal"),
            (br#"{"duration": 30, "durration": 1}"#, "durration"),
        ];
        for (body, field) in cases {
            let err = parse_cue(body).unwrap_err();
            assert_eq!(err.field, field, "{}", String::from_utf8_lossy(body));
            assert!(err.to_string().starts_with(&format!("{field}: ")));
        }
    }
}

//! Ladder files: the fixtures parse, and bad entries name the file, entry and field.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};

use ottedge_encoder::{EncodeError, Ladder, Rung};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/encoder")
        .join(name)
}

#[test]
fn default_ladder_fixture_equals_the_built_in_one() {
    let path = fixture("ladder-default.json");
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        Ladder::from_json(&text, Some(&path)).unwrap(),
        Ladder::default_ladder()
    );
}

#[test]
fn small_ladder_fixture() {
    let path = fixture("ladder-small.json");
    let ladder = Ladder::from_json(&std::fs::read_to_string(&path).unwrap(), Some(&path)).unwrap();
    assert_eq!(
        ladder.rungs()[1],
        Rung {
            id: "180p".into(),
            width: 320,
            height: 180,
            bitrate_kbps: 250
        }
    );
    // Serialising the rungs and parsing them again gives the same ladder.
    let json = serde_json::to_string(ladder.rungs()).unwrap();
    assert_eq!(Ladder::from_json(&json, None).unwrap(), ladder);
}

fn error(text: &str) -> (EncodeError, String) {
    let err = Ladder::from_json(text, Some(Path::new("my-ladder.json"))).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("my-ladder.json"), "names the file: {msg}");
    (err, msg)
}

#[test]
fn bad_entries_name_entry_and_field() {
    let ok = r#"{"id":"a","width":320,"height":180,"bitrate_kbps":300}"#;
    let cases = [
        (
            format!(r#"[{ok},{{"id":"b","width":321,"height":180,"bitrate_kbps":300}}]"#),
            Some(1),
            "width",
            "odd",
        ),
        (
            format!(r#"[{ok},{{"id":"b","width":320,"height":181,"bitrate_kbps":300}}]"#),
            Some(1),
            "height",
            "odd",
        ),
        (
            r#"[{"id":"a","width":320,"height":180}]"#.to_owned(),
            Some(0),
            "bitrate_kbps",
            "missing",
        ),
        (
            r#"[{"id":"a","width":320,"height":180,"bitrate":3}]"#.to_owned(),
            Some(0),
            "",
            "unknown key `bitrate`",
        ),
        (format!("[{ok},{ok}]"), Some(1), "id", "duplicate"),
        (
            r#"[{"id":"a/b","width":320,"height":180,"bitrate_kbps":300}]"#.to_owned(),
            Some(0),
            "id",
            "letters",
        ),
        (
            r#"[{"id":"a","width":-2,"height":180,"bitrate_kbps":300}]"#.to_owned(),
            Some(0),
            "width",
            "positive integer",
        ),
        (
            r#"[{"id":"a","width":8,"height":180,"bitrate_kbps":300}]"#.to_owned(),
            Some(0),
            "width",
            "outside",
        ),
        (
            r#"[{"id":"a","width":4096,"height":2304,"bitrate_kbps":300}]"#.to_owned(),
            Some(0),
            "width",
            "outside",
        ),
        (
            r#"[{"id":"a","width":320,"height":180,"bitrate_kbps":1}]"#.to_owned(),
            Some(0),
            "bitrate_kbps",
            "outside",
        ),
        (
            r#"[{"id":"a","width":3840,"height":2176,"bitrate_kbps":300}]"#.to_owned(),
            Some(0),
            "height",
            "3840x2160",
        ),
        (r#"[1]"#.to_owned(), Some(0), "", "object"),
    ];
    for (text, want_entry, want_field, want_text) in cases {
        let (err, msg) = error(&text);
        let EncodeError::Ladder { entry, field, .. } = err else {
            panic!("not a ladder error: {msg}")
        };
        assert_eq!((entry, field), (want_entry, want_field), "{text}: {msg}");
        assert!(msg.contains(want_text), "{text}: {msg}");
    }
}

#[test]
fn bad_documents() {
    assert!(error("").1.contains("not JSON"));
    assert!(error("{").1.contains("line 1"));
    assert!(error("[]").1.contains("no rungs"));
    assert!(error(r#"{"rungs":[]}"#).1.contains("renditions"));
    assert!(error("42").1.contains("array"));
    let many = format!(
        "[{}]",
        vec![r#"{"id":"x","width":16,"height":16,"bitrate_kbps":50}"#; 17].join(",")
    );
    assert!(error(&many).1.contains("at most 16"));
}

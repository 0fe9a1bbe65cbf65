//! Every playlist in testdata/hls round-trips byte-identical: as it is, with every LF turned
//! into CRLF, without its final newline, both, with a BOM, and with mixed line endings.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: a panic is a failure

mod common;

use ottedge_hls::{LineEnding, Playlist};

fn assert_round_trip(name: &str, variant: &str, text: &str) {
    let p = Playlist::parse(text).unwrap_or_else(|e| panic!("{name} ({variant}): {e}"));
    assert_eq!(
        p.to_string(),
        text,
        "{name} ({variant}) does not round-trip"
    );
    // Owned copies and a second pass are identical too.
    let owned = p.clone().into_owned();
    assert_eq!(owned.to_string(), text);
    assert_eq!(Playlist::parse(&p.to_string()).unwrap(), p);
}

#[test]
fn every_test_playlist_round_trips_in_every_line_ending_form() {
    let all = common::playlists();
    for (name, text) in &all {
        let crlf = text.replace('\n', "\r\n");
        let no_final = text.strip_suffix('\n').unwrap_or(text);
        let crlf_no_final = crlf.strip_suffix("\r\n").unwrap_or(&crlf);
        assert_round_trip(name, "as is", text);
        assert_round_trip(name, "CRLF", &crlf);
        assert_round_trip(name, "no final newline", no_final);
        assert_round_trip(name, "CRLF, no final newline", crlf_no_final);
        assert_round_trip(name, "BOM", &format!("\u{feff}{text}"));
        // Alternate LF and CRLF line by line.
        let mixed: String = text
            .split_inclusive('\n')
            .enumerate()
            .map(|(i, l)| {
                if i % 2 == 1 {
                    l.replace('\n', "\r\n")
                } else {
                    l.to_owned()
                }
            })
            .collect();
        assert_round_trip(name, "mixed endings", &mixed);
    }
    println!("round-tripped {} playlists in 6 forms each", all.len());
}

#[test]
fn line_endings_are_recorded_per_line() {
    let p = Playlist::parse("#EXTM3U\r\n#EXTINF:1,\nа.ts\r\n\n#EXT-X-ENDLIST").unwrap();
    let endings: Vec<LineEnding> = p.lines().iter().map(|l| l.ending()).collect();
    use LineEnding::*;
    assert_eq!(endings, vec![CrLf, Lf, CrLf, Lf, None]);
    assert!(!p.has_bom());
    assert!(Playlist::parse("\u{feff}#EXTM3U\n").unwrap().has_bom());
}

#[test]
fn oddities_are_kept() {
    // Trailing whitespace, lone CRs inside a line, comments, unknown tags, tabs, odd spacing.
    let text = "#EXTM3U \n# comment\n#EXT-X-FOO:bar=\"baz, qux\"\n\t\n#EXTINF:10 ,\tt\r\n a.ts \r\n#EXT-X-X\rY\n#EXT-X-ENDLIST\r";
    let p = Playlist::parse(text).unwrap();
    assert_eq!(p.to_string(), text);
    let segs = p.segments().unwrap();
    assert_eq!(segs.segments.len(), 1);
    assert_eq!(segs.segments[0].uri, "a.ts");
}

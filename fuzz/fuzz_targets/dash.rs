//! cargo-fuzz target for `ottedge-dash`: decode → encode must give the input bytes back, and
//! decode of that → the same tree; the edge edits must keep the document parseable.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ottedge_dash::Mpd;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(mut mpd) = Mpd::parse(text) else {
        return;
    };
    let out = mpd.to_xml();
    assert_eq!(out, text);
    let again = Mpd::parse(&out).expect("serialized MPD must parse");
    assert_eq!(again, mpd);
    let _ = mpd.canonical_infoset();
    mpd.retain_representations(|r| r.bandwidth().ok().flatten().is_none_or(|b| b < 1_000_000));
    mpd.set_content_steering("https://steer.example/x.dcsm?a=1&b=2", Some("a"), Some(true));
    let edited = mpd.to_xml();
    let reparsed = Mpd::parse(&edited).expect("edited MPD must parse");
    assert_eq!(reparsed.to_xml(), edited);
});

//! An encrypted channel's manifests: every window segment of every refresh is under the
//! channel's `EXT-X-KEY` (SAMPLE-AES, ClearKey, the KID in the data URI) and the MPD's video
//! AdaptationSet signals cbcs with the same KID, a common `pssh` listing it and the license URL
//! — read back with the workspace's HLS, DASH and ISO BMFF parsers.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: a panic is a failure

mod common;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use common::{AST, SEG};
use ottedge_cmaf::{BoxCodec, Pssh};
use ottedge_dash::Mpd;
use ottedge_hls::{Key, KeyMethod, Playlist};
use ottedge_live::{Channel, Protection, SignalKind};

const KID: [u8; 16] = *b"\x10\x32\x54\x76\x98\xba\xdc\xfe\x01\x23\x45\x67\x89\xab\xcd\xef";
const LAURL: &str = "https://edge.example/v1/license/clearkey?x=1&y=2";

fn encrypted(identity: bool) -> Channel {
    let mut spec = common::spec(SignalKind::SpliceInsert);
    spec.protection = Some(Protection {
        kid: KID,
        license_url: LAURL.into(),
        hls_identity_key: identity,
    });
    Channel::new(spec).unwrap()
}

fn kid_of(key: &Key<'_>) -> [u8; 16] {
    let uri = key.uri().unwrap().unwrap();
    let b64 = uri.strip_prefix("data:text/plain;base64,").unwrap();
    STANDARD.decode(b64).unwrap().try_into().unwrap()
}

#[test]
fn every_window_segment_is_under_the_channel_key_on_every_refresh() {
    let channel = encrypted(true);
    let mut segments_seen = 0;
    for step in 0..120 {
        let now = AST + SEG + step * SEG / 2 * 3;
        let text = channel.hls_media("v540", now).unwrap();
        let playlist = Playlist::parse(&text).unwrap();
        let window = playlist.segments().unwrap();
        assert!(!window.segments.is_empty());
        for segment in &window.segments {
            let keys: Vec<Key<'_>> = segment
                .keys
                .iter()
                .map(|&i| playlist.tag(i).unwrap())
                .collect();
            let formats: Vec<&str> = keys.iter().map(|k| k.keyformat().unwrap()).collect();
            assert_eq!(formats, ["org.w3.clearkey", "identity"], "at {now}");
            for key in &keys {
                assert_eq!(key.method().unwrap(), KeyMethod::SampleAes);
                assert_eq!(kid_of(key), KID);
            }
            segments_seen += 1;
        }
    }
    assert!(segments_seen > 1000, "{segments_seen}");
}

#[test]
fn without_identity_only_the_clearkey_line_is_written() {
    let text = encrypted(false).hls_media("v1080", AST + 40_000).unwrap();
    assert_eq!(text.matches("#EXT-X-KEY:").count(), 1, "{text}");
    let clear = common::channel(SignalKind::SpliceInsert);
    assert!(
        !clear
            .hls_media("v1080", AST + 40_000)
            .unwrap()
            .contains("EXT-X-KEY")
    );
    assert!(
        !clear
            .mpd(AST + 40_000)
            .unwrap()
            .contains("ContentProtection")
    );
}

#[test]
fn the_mpd_signals_cbcs_the_kid_its_pssh_and_the_license_url() {
    let text = encrypted(false).mpd(AST + 40_000).unwrap();
    let mpd = Mpd::parse(&text).unwrap();
    let period = mpd.periods().next().unwrap();
    let set = period.adaptation_sets().next().unwrap();
    let cps: Vec<_> = set.content_protections().collect();
    assert_eq!(cps.len(), 3, "{text}");
    assert_eq!(
        cps[0].scheme_id_uri().as_deref(),
        Some("urn:mpeg:dash:mp4protection:2011")
    );
    assert_eq!(cps[0].value().as_deref(), Some("cbcs"));
    assert_eq!(
        cps[0].default_kid().as_deref(),
        Some("10325476-98ba-dcfe-0123-456789abcdef")
    );
    let pssh = STANDARD.decode(cps[1].pssh().unwrap()).unwrap();
    let (pssh, used) = Pssh::decode(&pssh).unwrap();
    assert_eq!(used, STANDARD.decode(cps[1].pssh().unwrap()).unwrap().len());
    assert_eq!(pssh.key_ids, Some(vec![KID]));
    assert_eq!(cps[2].value().as_deref(), Some("ClearKey1.0"));
    assert_eq!(
        cps[2].laurl().as_deref(),
        Some(LAURL),
        "escaped in the XML, the URL again once parsed"
    );
    assert!(text.contains("?x=1&amp;y=2"));
}

#[test]
fn a_license_url_with_a_quote_or_space_is_refused_naming_the_field() {
    let mut spec = common::spec(SignalKind::SpliceInsert);
    spec.protection = Some(Protection {
        kid: KID,
        license_url: "https://a.example/x y".into(),
        hls_identity_key: false,
    });
    let err = Channel::new(spec).unwrap_err();
    assert_eq!(err.field(), "protection.license_url", "{err}");
}

#[test]
fn text_elements_are_not_indented() {
    let text = encrypted(false).mpd(AST + 40_000).unwrap();
    assert!(
        text.contains(&format!(
            "<dashif:Laurl>{}</dashif:Laurl>",
            LAURL.replace('&', "&amp;")
        )),
        "{text}"
    );
    assert!(text.contains("<cenc:pssh>AAAA"), "{text}");
}

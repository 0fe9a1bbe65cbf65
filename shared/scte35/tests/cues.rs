//! Whole real cues (testdata/scte35/cues.txt, from the threefive project) round-trip
//! byte-exact through binary and JSON.

// Helpers outside #[test] fns panic on bad fixtures on purpose: that is a test failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use ottedge_scte35::{Error, SpliceInfoSection, cue_bytes};

/// The one cue in cues.txt whose CRC_32 is wrong (threefive does not check CRCs).
const BAD_CRC: &str = "/DAgAAAAAAAAAP/wDwUA2h/mf//+ADS8AMAAAAAAAORhJCQ=";

/// Decodes a cue of cues.txt: with the CRC check, except for [`BAD_CRC`].
mod common;

fn cues() -> Vec<String> {
    common::cue_lines()
}

fn decode(cue: &str) -> SpliceInfoSection {
    let bytes = cue_bytes(cue).unwrap();
    if cue == BAD_CRC {
        SpliceInfoSection::decode_with(&bytes, common::lenient()).unwrap()
    } else {
        SpliceInfoSection::decode(&bytes).unwrap()
    }
}

#[test]
fn every_cue_round_trips_byte_exact() {
    let cues = cues();
    assert_eq!(cues.len(), 37);
    let mut failures = Vec::new();
    for cue in &cues {
        let bytes = cue_bytes(cue).unwrap();
        match decode(cue).encode() {
            Ok(out) if out == bytes => {}
            Ok(out) => failures.push(format!(
                "{cue}: re-encoded differently: {}",
                ottedge_scte35::json::to_hex(&out)
            )),
            Err(e) => failures.push(format!("{cue}: {e}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_cue_round_trips_through_json() {
    for cue in cues() {
        let section = decode(&cue);
        let json = serde_json::to_string(&section).unwrap();
        let back: SpliceInfoSection = serde_json::from_str(&json).unwrap();
        assert_eq!(back.encode().unwrap(), cue_bytes(&cue).unwrap(), "{cue}");
    }
}

#[test]
fn bad_crc_is_rejected_by_default_and_kept_when_allowed() {
    let bytes = cue_bytes(BAD_CRC).unwrap();
    assert_eq!(
        SpliceInfoSection::decode(&bytes),
        Err(Error::CrcMismatch {
            stored: 0xE461_2424,
            computed: 0x956C_CF7C
        })
    );
    let mut section = decode(BAD_CRC);
    assert_eq!(section.invalid_crc_32, Some(0xE461_2424));
    section.invalid_crc_32 = None;
    let fixed = section.encode().unwrap();
    assert_eq!(fixed[..fixed.len() - 4], bytes[..bytes.len() - 4]);
    assert_eq!(fixed[fixed.len() - 4..], [0x95, 0x6C, 0xCF, 0x7C]);
}

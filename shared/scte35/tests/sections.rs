//! Whole-section forms the real cues do not cover (vectors written for ottedge): encrypted
//! bodies, private and unknown commands, alignment stuffing, the legacy 0xFFF command length,
//! and the errors that name offsets and fields.

// Helpers outside #[test] fns panic on bad fixtures on purpose: that is a test failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use ottedge_scte35::json::{from_hex, to_hex};
use ottedge_scte35::{
    ClearBody, Error, PrivateCommand, SectionBody, SpliceCommand, SpliceInfoSection, crc32_mpeg2,
    parse_cue,
};

/// A section from the hex after `section_length` (protocol_version onwards, no CRC): writes
/// table_id 0xFC, flags 0x3 (sap_type 3), the section_length and a correct CRC_32.
fn section(hex: &str) -> Vec<u8> {
    let rest = from_hex(&hex.replace([' ', '_'], "")).unwrap();
    let len = rest.len() + 4;
    let mut b = vec![0xFC, 0x30 | (len >> 8) as u8, len as u8];
    b.extend_from_slice(&rest);
    let crc = crc32_mpeg2(&b);
    b.extend_from_slice(&crc.to_be_bytes());
    b
}

fn round_trip(bytes: &[u8]) -> SpliceInfoSection {
    let s = SpliceInfoSection::decode(bytes).unwrap();
    assert_eq!(s.encode().unwrap(), bytes);
    let json = serde_json::to_string(&s).unwrap();
    let back: SpliceInfoSection = serde_json::from_str(&json).unwrap();
    assert_eq!(back.encode().unwrap(), bytes, "{json}");
    s
}

#[test]
fn encrypted_body_is_kept_raw() {
    // encrypted_packet=1, encryption_algorithm=1 (DES ECB), cw_index 7, command length 5,
    // then 12 "encrypted" bytes (command type … E_CRC_32).
    let bytes = section("00 8200000000 07 fff005 0102030405060708090a0b0c");
    let s = round_trip(&bytes);
    assert!(s.encrypted_packet());
    assert_eq!(s.encryption_algorithm, 1);
    assert_eq!(s.cw_index, 7);
    assert_eq!(s.splice_command(), None);
    assert!(s.descriptors().is_empty());
    let SectionBody::Encrypted {
        splice_command_length,
        encrypted_bytes,
    } = &s.body
    else {
        panic!()
    };
    assert_eq!(*splice_command_length, 5);
    assert_eq!(to_hex(encrypted_bytes), "0102030405060708090a0b0c");
    let json = serde_json::to_value(&s).unwrap();
    assert_eq!(json["encrypted_packet"], true);
    assert_eq!(json["encrypted_bytes"], "0102030405060708090a0b0c");
}

#[test]
fn private_and_unknown_commands_and_stuffing() {
    // private_command: identifier "CUEI" + 3 private bytes; then 2 bytes of stuffing.
    let bytes = section("00 0000000000 ff fff007 ff 43554549aabbcc 0000 ffff");
    let s = round_trip(&bytes);
    assert_eq!(
        s.splice_command(),
        Some(&SpliceCommand::PrivateCommand(PrivateCommand {
            identifier: 0x4355_4549,
            private_bytes: vec![0xAA, 0xBB, 0xCC]
        }))
    );
    let SectionBody::Clear(ClearBody {
        alignment_stuffing, ..
    }) = &s.body
    else {
        panic!()
    };
    assert_eq!(alignment_stuffing, &[0xFF, 0xFF]);
    // Reserved command type 0x42 with two bytes.
    let bytes = section("00 0000000000 ff fff002 42 0102 0000");
    let s = round_trip(&bytes);
    assert_eq!(
        s.splice_command(),
        Some(&SpliceCommand::Unknown {
            splice_command_type: 0x42,
            command_bytes: vec![1, 2]
        })
    );
    assert_eq!(
        serde_json::to_value(&s).unwrap()["splice_command"]["splice_command_name"],
        "reserved"
    );
}

#[test]
fn legacy_command_length_is_kept() {
    // The two "0xFC3011…FFFFFF…" cues of cues.txt: splice_null with splice_command_length 0xFFF.
    let s = parse_cue("0xFC301100000000000000FFFFFF0000004F253396").unwrap();
    let SectionBody::Clear(b) = &s.body else {
        panic!()
    };
    assert!(b.legacy_command_length);
    assert_eq!(
        serde_json::to_value(&s).unwrap()["splice_command_length"],
        4095
    );
    assert_eq!(
        s.to_hex().unwrap(),
        "0xFC301100000000000000FFFFFF0000004F253396"
    );
    let mut fixed = s.clone();
    if let SectionBody::Clear(b) = &mut fixed.body {
        b.legacy_command_length = false;
    }
    assert_eq!(&fixed.encode().unwrap()[10..13], &[0xFF, 0xF0, 0x00]);
}

#[test]
fn errors_name_offsets_and_fields() {
    assert!(matches!(
        SpliceInfoSection::decode(&[]),
        Err(Error::Truncated {
            offset: 0,
            field: "table_id"
        })
    ));
    assert!(matches!(
        SpliceInfoSection::decode(&[0xFB, 0x30, 0x11]),
        Err(Error::Malformed {
            offset: 0,
            field: "table_id",
            ..
        })
    ));
    // section_length says 0x25 bytes follow, only 3 do.
    assert!(matches!(
        SpliceInfoSection::decode(&[0xFC, 0x30, 0x25, 0, 0, 0]),
        Err(Error::Truncated { .. })
    ));
    // splice_insert cut short inside its command (length 4 < what the flags need).
    let bytes = section("00 0000000000 ff fff004 05 00000001 0000");
    assert!(matches!(
        SpliceInfoSection::decode(&bytes),
        Err(Error::Truncated {
            offset: 18,
            field: "splice_event_cancel_indicator"
        })
    ));
    // A descriptor whose body is longer than the avail_descriptor syntax.
    let bytes = section("00 0000000000 ff fff000 00 000c 00 0a 43554549 00000135 0000");
    let err = SpliceInfoSection::decode(&bytes).unwrap_err();
    assert!(
        matches!(
            err,
            Error::Malformed {
                field: "descriptor_length",
                ..
            }
        ),
        "{err}"
    );
    assert!(matches!(parse_cue("not a cue!"), Err(Error::Text(_))));
    // Encode names the field that does not fit.
    let mut s = SpliceInfoSection::new(SpliceCommand::SpliceNull, vec![]);
    s.sap_type = 4;
    assert!(matches!(
        s.encode(),
        Err(Error::Encode {
            field: "sap_type",
            ..
        })
    ));
}

#[test]
fn json_errors_name_the_field() {
    let err = serde_json::from_str::<SpliceInfoSection>(
        r#"{"splice_command": {"splice_command_type": 5, "splice_event_id": "x"}}"#,
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("(splice_insert) splice_event_id: invalid type"),
        "{err}"
    );
    let err = serde_json::from_str::<SpliceInfoSection>(r#"{"tier": 1}"#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("splice_command"), "{err}");
    let err = serde_json::from_str::<SpliceInfoSection>(
        r#"{"splice_command": {"splice_command_type": 6, "splice_time": {"time_specified_flag": true}}}"#,
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("pts_time is missing"), "{err}");
    // A minimal JSON document encodes with the documented defaults.
    let s: SpliceInfoSection = serde_json::from_str(
        r#"{"splice_command": {"splice_command_type": 6, "splice_time": {"pts_time": 90000}}}"#,
    )
    .unwrap();
    assert_eq!(
        s.to_base64().unwrap(),
        SpliceInfoSection::new(
            SpliceCommand::TimeSignal(ottedge_scte35::TimeSignal::at(90_000)),
            vec![]
        )
        .to_base64()
        .unwrap()
    );
}

#[test]
fn json_paths_in_section_from_json() {
    let err = ottedge_scte35::json::section_from_json(
        r#"{"splice_command":{"splice_command_type":6,"splice_time":{"pts_time":1}},"descriptors":[{"splice_descriptor_tag":2,"segmentation_upid":"zz"}]}"#,
    )
    .unwrap_err();
    assert!(
        err.starts_with(
            "at descriptors[0]: (segmentation_descriptor) segmentation_upid: not a hex digit pair"
        ),
        "{err}"
    );
    let err = ottedge_scte35::json::section_from_json(r#"{"tier":"a"}"#).unwrap_err();
    assert!(err.starts_with("at tier: invalid type"), "{err}");
}

//! Per-box round trips (value → bytes → value) and hex fixtures (bytes → value → bytes) from
//! testdata/cmaf/boxes.txt, whose layouts were typed in from the specs separately
//! (testdata/cmaf/make_box_hex.py).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "test helpers over fixed fixtures: a failure must fail the test"
)]

use ottedge_cmaf::*;
use std::fmt::Debug;

fn fixture(name: &str) -> Vec<u8> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/cmaf/boxes.txt");
    let text = std::fs::read_to_string(path).unwrap();
    let line = text
        .lines()
        .find_map(|l| l.strip_prefix(name).and_then(|r| r.strip_prefix(' ')))
        .unwrap_or_else(|| panic!("no fixture {name}"));
    hex::decode(line.trim()).unwrap()
}

/// bytes → value → bytes, returning the value for field checks.
fn hex_case<T: BoxCodec + Debug + PartialEq>(name: &str) -> T {
    let bytes = fixture(name);
    let (v, used) = T::decode(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(used, bytes.len(), "{name}");
    assert_eq!(v.to_bytes(), bytes, "{name}: re-encoded bytes differ");
    v
}

/// value → bytes → value; also through `AnyBox`.
fn round_trip<T: BoxCodec + Debug + PartialEq + Clone + Into<AnyBox>>(v: &T) {
    let bytes = v.to_bytes();
    let (back, used) = T::decode(&bytes).unwrap_or_else(|e| panic!("{v:?}: {e}"));
    assert_eq!(used, bytes.len());
    assert_eq!(&back, v);
    assert_eq!(back.to_bytes(), bytes);
    let any = read_boxes(&bytes).unwrap();
    assert_eq!(any, vec![v.clone().into()]);
}

const KID: [u8; 16] = [7; 16];

#[test]
fn emsg_v0_and_v1() {
    let v0: Emsg = hex_case("emsg_v0");
    assert_eq!(v0.scheme_id_uri, "urn:scte:scte35:2013:bin");
    assert_eq!(v0.value, "1");
    assert_eq!(v0.timescale, 90000);
    assert_eq!(v0.time, EmsgTime::Delta(4500));
    assert_eq!(v0.event_duration, 0xFFFF_FFFF);
    assert_eq!(v0.id, 7);
    assert_eq!(v0.message_data[0], 0xFC, "a splice_info_section");
    let v1: Emsg = hex_case("emsg_v1");
    assert_eq!(v1.time, EmsgTime::Absolute(0x1_0000_0000));
    assert_eq!(v1.event_duration, 270000);
    assert_eq!(v1.value, "");
    assert_eq!(v1.message_data, v0.message_data);
}

#[test]
fn pssh_v0_and_v1() {
    let v0: Pssh = hex_case("pssh_v0");
    assert_eq!(v0.key_ids, None);
    assert_eq!(v0.system_id[0], 0xed);
    assert_eq!(v0.data, vec![8, 1, 0x12, 0]);
    let v1: Pssh = hex_case("pssh_v1");
    assert_eq!(v1.system_id, COMMON_SYSTEM_ID);
    let kids = v1.key_ids.as_ref().unwrap();
    assert_eq!(kids.len(), 2);
    assert_eq!(kids[1][0], 16);
    assert_eq!(v1, Pssh::common(kids.clone()));
}

#[test]
fn largesize_and_size_zero() {
    let bytes = fixture("mdat_large");
    let (m, used) = Mdat::decode(&bytes).unwrap();
    assert_eq!(used, 20);
    assert_eq!(m.data, vec![0xde, 0xad, 0xbe, 0xef]);
    // Written back compactly (32-bit size), and that decodes to the same value.
    assert_eq!(
        m.to_bytes(),
        hex::decode("0000000c6d646174deadbeef").unwrap()
    );
    let bytes = fixture("free_size0");
    let boxes = read_boxes(&bytes).unwrap();
    assert_eq!(
        boxes,
        vec![AnyBox::Unknown(UnknownBox {
            box_type: FourCC(*b"free"),
            payload: b"to the end".to_vec()
        })]
    );
}

#[test]
fn trun_v1_flags_from_fields() {
    let t: Trun = hex_case("trun_v1");
    assert_eq!(t.version, 1);
    assert_eq!(t.data_offset, Some(120));
    assert_eq!(t.first_sample_flags, Some(0x0200_0000));
    assert_eq!(
        t.samples,
        vec![
            TrunSample {
                duration: Some(3000),
                size: Some(500),
                flags: None,
                composition_time_offset: Some(-3000)
            },
            TrunSample {
                duration: Some(3000),
                size: Some(400),
                flags: None,
                composition_time_offset: Some(0)
            },
        ]
    );
    // Dropping every duration clears the sample-duration-present flag (0x100).
    let mut t2 = t.clone();
    for s in &mut t2.samples {
        s.duration = None;
    }
    let b = t2.to_bytes();
    assert_eq!(&b[8..12], &[1, 0, 0x0a, 0x05]);
    assert_eq!(b.len(), t.to_bytes().len() - 8);
}

#[test]
fn tfhd_all_fields() {
    let t: Tfhd = hex_case("tfhd_all");
    assert_eq!(t.track_id, 7);
    assert_eq!(t.base_data_offset, Some(1 << 33));
    assert_eq!(t.sample_description_index, Some(1));
    assert_eq!(t.default_sample_duration, Some(1001));
    assert_eq!(t.default_sample_size, Some(2048));
    assert_eq!(t.default_sample_flags, Some(0x0101_0000));
    assert!(t.duration_is_empty);
    assert!(!t.default_base_is_moof);
}

#[test]
fn elst_sidx_saio_saiz_sbgp() {
    let e: Elst = hex_case("elst_v1");
    assert_eq!(e.entries[0].media_time, -1);
    assert_eq!(e.entries[1].edit_duration, 1 << 40);
    let s: Sidx = hex_case("sidx_v0");
    assert_eq!(s.earliest_presentation_time, 1234);
    assert_eq!(s.references[0].referenced_size, 5000);
    assert!(s.references[0].starts_with_sap);
    assert_eq!(s.references[0].sap_type, 1);
    assert!(s.references[1].reference_type);
    assert_eq!(s.references[1].referenced_size, 300);
    assert_eq!(s.references[1].sap_type, 2);
    assert_eq!(s.references[1].sap_delta_time, 16);
    let o: Saio = hex_case("saio_v1");
    assert_eq!(o.aux_info_type, Some((FourCC(*b"cenc"), 0)));
    assert_eq!(o.offsets, vec![1 << 32]);
    let z: Saiz = hex_case("saiz_per_sample");
    assert_eq!(z.sizes, AuxInfoSizes::PerSample(vec![8, 14, 20]));
    let g: Sbgp = hex_case("sbgp_v1");
    assert_eq!(g.grouping_type_parameter, Some(3));
    assert_eq!(g.entries[1].group_description_index, 0x10001);
}

#[test]
fn sgpd_seig_and_tenc_v0() {
    let g: Sgpd = hex_case("sgpd_seig");
    assert_eq!(g.default_length, 0);
    let seig = g.seig_entries().unwrap();
    assert_eq!(seig.len(), 2);
    assert_eq!(
        seig[0].pattern,
        Some(Pattern {
            crypt_byte_block: 1,
            skip_byte_block: 9
        })
    );
    assert_eq!(
        seig[0].constant_iv.as_deref(),
        Some(&(0..16).collect::<Vec<u8>>()[..])
    );
    assert_eq!(seig[1].per_sample_iv_size, 8);
    assert_eq!(seig[1].constant_iv, None);
    assert_eq!(Sgpd::seig(&seig), g);
    let t: Tenc = hex_case("tenc_v0");
    assert_eq!(t.defaults.pattern, None);
    assert_eq!(t.defaults.per_sample_iv_size, 16);
    assert_eq!(t.defaults.kid[15], 15);
}

#[test]
fn sample_tables_and_others() {
    let z: Stsz = hex_case("stsz_per_sample");
    assert_eq!(z.sizes, SampleSizes::PerSample(vec![100, 200]));
    let t: Stts = hex_case("stts");
    assert_eq!(t.entries, vec![(30, 1001)]);
    let m: Mehd = hex_case("mehd_v1");
    assert_eq!(m.fragment_duration, 1 << 35);
    let s: Schm = hex_case("schm_uri");
    assert_eq!(
        s.scheme_uri.as_deref(),
        Some(&b"https://example.invalid/\0"[..])
    );
    let d: Tfdt = hex_case("tfdt_v0");
    assert_eq!(d.version, 0);
    assert_eq!(d.base_media_decode_time, 900000);
}

#[test]
fn every_box_type_round_trips() {
    let defaults = EncryptionDefaults {
        pattern: Some(Pattern {
            crypt_byte_block: 1,
            skip_byte_block: 9,
        }),
        is_protected: 1,
        per_sample_iv_size: 0,
        kid: KID,
        constant_iv: Some(vec![9; 16]),
    };
    round_trip(&Ftyp {
        major_brand: FourCC(*b"iso6"),
        minor_version: 1,
        compatible_brands: vec![FourCC(*b"cmfc"), FourCC(*b"iso6")],
    });
    round_trip(&Styp {
        major_brand: FourCC(*b"cmfs"),
        minor_version: 0,
        compatible_brands: vec![FourCC(*b"msdh")],
    });
    round_trip(&Mvhd {
        version: 1,
        duration: 1 << 40,
        next_track_id: 3,
        ..Mvhd::default()
    });
    round_trip(&Tkhd {
        track_id: 2,
        width: 1280 << 16,
        height: 720 << 16,
        volume: 0x100,
        ..Tkhd::default()
    });
    round_trip(&Mdhd {
        timescale: 48000,
        language: *b"eng",
        duration: 12345,
        ..Mdhd::default()
    });
    round_trip(&Hdlr::new(FourCC(*b"soun"), "ottedge audio"));
    round_trip(&Vmhd::default());
    round_trip(&Smhd {
        flags: 0,
        balance: -256,
    });
    round_trip(&Dref::self_contained());
    round_trip(&Stsc {
        flags: 0,
        entries: vec![StscEntry {
            first_chunk: 1,
            samples_per_chunk: 30,
            sample_description_index: 1,
        }],
    });
    round_trip(&Stsz {
        flags: 0,
        sizes: SampleSizes::Constant { size: 4, count: 9 },
    });
    round_trip(&Stco {
        flags: 0,
        offsets: vec![48, 4096],
    });
    round_trip(&Trex {
        flags: 0,
        track_id: 1,
        default_sample_description_index: 1,
        default_sample_duration: 1001,
        default_sample_size: 0,
        default_sample_flags: 0x0101_0000,
    });
    round_trip(&Mfhd {
        flags: 0,
        sequence_number: 42,
    });
    round_trip(&Tfdt {
        version: 1,
        flags: 0,
        base_media_decode_time: 1 << 33,
    });
    round_trip(&Tenc {
        flags: 0,
        defaults: defaults.clone(),
    });
    round_trip(&Frma {
        data_format: FourCC(*b"avc1"),
    });
    round_trip(&Esds {
        flags: 0,
        es_descriptor: vec![3, 25, 0, 1, 0, 4, 17, 0x40, 0x15],
    });
    round_trip(&Saiz::from_sizes(&[16, 16, 16]));
    round_trip(&Senc::from_samples(&[SencSample {
        iv: vec![1; 8],
        subsamples: vec![Subsample {
            clear_bytes: 5,
            protected_bytes: 160,
        }],
    }]));
    round_trip(&Emsg {
        flags: 0,
        scheme_id_uri: "urn:scte:scte35:2013:bin".into(),
        value: String::new(),
        timescale: 90000,
        time: EmsgTime::Absolute(5),
        event_duration: 1,
        id: 2,
        message_data: vec![0xFC, 0x30],
    });
    round_trip(&Sgpd::seig(std::slice::from_ref(&defaults)));
    round_trip(&Sgpd {
        version: 0,
        flags: 0,
        grouping_type: FourCC(*b"roll"),
        default_length: 0,
        default_sample_description_index: 0,
        entries: SgpdEntries::Raw {
            entry_count: 1,
            bytes: vec![0xff, 0xff],
        },
    });
    let avcc = AvcC::from_parameter_sets(
        &[0x67, 0x64, 0x00, 0x1f, 0xac, 0xd9, 0x40, 0x50],
        &[0x68, 0xeb, 0xe3, 0xcb],
    )
    .unwrap();
    assert_eq!(avcc.codec_string(), "avc1.64001f");
    assert_eq!(
        avcc.ext,
        vec![0xFD, 0xF8, 0xF8, 0],
        "High profile: 4:2:0, 8 bit"
    );
    round_trip(&avcc);
    let sinf = Sinf::new(vec![
        Frma {
            data_format: FourCC(*b"avc1"),
        }
        .into(),
        Schm {
            scheme_type: FourCC(*b"cbcs"),
            scheme_version: 0x10000,
            scheme_uri: None,
        }
        .into(),
        Schi::new(vec![Tenc { flags: 0, defaults }.into()]).into(),
    ]);
    round_trip(&sinf);
    round_trip(&VisualSampleEntry {
        format: FourCC(*b"encv"),
        width: 640,
        height: 360,
        children: vec![avcc.into(), sinf.clone().into()],
        ..VisualSampleEntry::default()
    });
    round_trip(&AudioSampleEntry {
        format: FourCC(*b"enca"),
        children: vec![
            Esds {
                flags: 0,
                es_descriptor: vec![3, 0],
            }
            .into(),
            sinf.into(),
        ],
        ..AudioSampleEntry::default()
    });
    round_trip(&Moof::new(vec![
        Mfhd {
            flags: 0,
            sequence_number: 1,
        }
        .into(),
        Traf::new(vec![
            Tfhd {
                track_id: 1,
                default_base_is_moof: true,
                ..Tfhd::default()
            }
            .into(),
            UnknownBox {
                box_type: FourCC(*b"uuid"),
                payload: vec![0xA5; 20],
            }
            .into(),
        ])
        .into(),
    ]));
    round_trip(&Edts::new(vec![
        Elst {
            version: 0,
            flags: 0,
            entries: vec![ElstEntry {
                edit_duration: 0,
                media_time: 2002,
                media_rate_integer: 1,
                media_rate_fraction: 0,
            }],
        }
        .into(),
    ]));
    round_trip(&Mvex::new(vec![
        Mehd {
            version: 0,
            flags: 0,
            fragment_duration: 60_000,
        }
        .into(),
    ]));
}

#[test]
fn versions_follow_values() {
    // A 64-bit time forces version 1 even when version 0 was asked for.
    let t = Tfdt {
        version: 0,
        flags: 0,
        base_media_decode_time: 1 << 33,
    };
    assert_eq!(t.to_bytes()[8], 1);
    let (back, _) = Tfdt::decode(&t.to_bytes()).unwrap();
    assert_eq!(back.base_media_decode_time, 1 << 33);
    // pssh: Some(kids) (even empty) is version 1, None is version 0.
    let p = Pssh {
        key_ids: Some(vec![]),
        ..Pssh::default()
    };
    assert_eq!(p.to_bytes()[8], 1);
    assert_eq!(Pssh::default().to_bytes()[8], 0);
    // tenc: a pattern means version 1.
    let mut t = Tenc::default();
    assert_eq!(t.to_bytes()[8], 0);
    t.defaults.pattern = Some(Pattern::default());
    assert_eq!(t.to_bytes()[8], 1);
}

#[test]
fn errors_name_path_offset_and_kind() {
    // A trun inside moof/traf that claims 1000 samples but carries none.
    let mut trun = Vec::new();
    trun.extend_from_slice(&[0, 0, 0, 20]);
    trun.extend_from_slice(b"trun");
    trun.extend_from_slice(&[0, 0, 0x02, 0x00]);
    trun.extend_from_slice(&1000u32.to_be_bytes());
    trun.extend_from_slice(&[0, 0, 0, 0]);
    let traf = [&(8 + trun.len() as u32).to_be_bytes()[..], b"traf", &trun].concat();
    let moof = [&(8 + traf.len() as u32).to_be_bytes()[..], b"moof", &traf].concat();
    let err = read_boxes(&moof).unwrap_err();
    assert!(matches!(err, Error::Malformed { .. }), "{err}");
    assert_eq!(err.path(), "moof/traf/trun");
    assert_eq!(err.offset(), Some(32));
    assert!(err.to_string().contains("1000 entries"), "{err}");

    // An unknown version is unsupported, not malformed.
    let tfdt = hex::decode("000000107466647407000000000dbba0").unwrap();
    let err = read_boxes(&tfdt).unwrap_err();
    assert!(matches!(err, Error::Unsupported { .. }), "{err}");
    assert_eq!(err.path(), "tfdt");

    // Nesting deeper than MAX_DEPTH is a limit, not a crash.
    let mut b = Vec::new();
    for _ in 0..100 {
        b = [&(8 + b.len() as u32).to_be_bytes()[..], b"moov", &b].concat();
    }
    let err = read_boxes(&b).unwrap_err();
    assert!(matches!(err, Error::LimitExceeded { .. }), "{err}");

    // A box larger than the input.
    let err = read_boxes(&hex::decode("000000ff6d646174").unwrap()).unwrap_err();
    assert!(matches!(err, Error::Malformed { .. }), "{err}");
    assert_eq!(err.offset(), Some(0));

    // Trailing bytes in a leaf box.
    let err =
        Mfhd::decode(&hex::decode("000000116d66686400000000000000010a").unwrap()).unwrap_err();
    assert!(err.to_string().contains("trailing"), "{err}");

    // senc needs a valid IV size.
    let senc = Senc::from_samples(&[SencSample::default()]);
    assert!(matches!(senc.samples(3), Err(Error::InvalidInput { .. })));
}

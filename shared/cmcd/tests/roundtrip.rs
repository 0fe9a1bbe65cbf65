//! Round trips over the fixtures in `testdata/cmcd/`: per type, per fixture line, byte-exact
//! for canonical input.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: a panic is a failure

mod common;

use ottedge_cmcd::{
    ByteRange, Cmcd, CmcdError, Custom, ObjectType, Shard, StreamType, StreamingFormat, Value,
    find_query_value,
};

#[test]
fn canonical_queries_reencode_byte_exact() {
    let lines = common::lines("query_canonical.txt");
    assert_eq!(lines.len(), 13);
    for line in lines {
        let cmcd = Cmcd::from_query(&line).unwrap_or_else(|e| panic!("{line}: {e}"));
        let original = find_query_value(&line).unwrap();
        assert_eq!(cmcd.to_query_value(), original, "{line}");
        // Through the headers and back gives the same data.
        let again = Cmcd::from_headers(cmcd.to_headers()).unwrap();
        assert_eq!(again, cmcd, "{line}");
        assert!(Cmcd::from_query_lenient(&line).unwrap().problems.is_empty());
    }
}

#[test]
fn noncanonical_queries_are_stable_after_one_encode() {
    for line in common::lines("query_noncanonical.txt") {
        let cmcd = Cmcd::from_query(&line).unwrap_or_else(|e| panic!("{line}: {e}"));
        let encoded = cmcd.to_query_value();
        assert_ne!(
            find_query_value(&line).unwrap(),
            encoded,
            "{line} is canonical"
        );
        let again = Cmcd::from_query(&encoded).unwrap();
        assert_eq!(again, cmcd, "{line}");
        assert_eq!(again.to_query_value(), encoded, "{line}");
    }
}

#[test]
fn header_blocks_round_trip() {
    let blocks = common::header_blocks();
    assert_eq!(blocks.len(), 4);
    for (canonical, headers) in blocks {
        let cmcd = Cmcd::from_headers(headers.iter().map(|(n, v)| (n, v)))
            .unwrap_or_else(|e| panic!("{headers:?}: {e}"));
        let encoded = cmcd.to_headers();
        if canonical {
            let expected: Vec<(&str, &str)> = headers
                .iter()
                .map(|(n, v)| (n.as_str(), v.as_str()))
                .collect();
            let got: Vec<(&str, &str)> = encoded.iter().map(|(n, v)| (*n, v.as_str())).collect();
            assert_eq!(got, expected);
        }
        assert_eq!(Cmcd::from_headers(encoded).unwrap(), cmcd);
    }
}

#[test]
fn the_spec_example_decodes_to_typed_values() {
    let line = &common::lines("query_canonical.txt")[0];
    let cmcd = Cmcd::from_query(line).unwrap();
    let mut expected = Cmcd::default();
    expected.bl = Some(21300);
    expected.br = Some(3200);
    expected.bs = Some(true);
    expected.cid = Some("faec5fc2-ac30-11eabb37-0242ac130002".into());
    expected.d = Some(4004);
    expected.dl = Some(18500);
    expected.mtp = Some(48100);
    expected.nor = Some("..%2F300kbps%2Ftrack.m4v".into());
    expected.nrr = Some(ByteRange::Closed {
        start: 12323,
        end: 48763,
    });
    expected.ot = Some(ObjectType::Video);
    expected.pr = Some(1.08);
    expected.rtp = Some(12000);
    expected.sf = Some(StreamingFormat::Dash);
    expected.sid = Some("6e2fb550-c457-11e9-bb97-0800200c9a66".into());
    expected.st = Some(StreamType::Vod);
    expected.su = Some(true);
    expected.tb = Some(6000);
    assert_eq!(cmcd, expected);
    assert_eq!(cmcd.nor_path().as_deref(), Some("../300kbps/track.m4v"));
    assert!(cmcd.conformance_problems().is_empty());

    // The header example carries the same data.
    let (_, headers) = &common::header_blocks()[0];
    assert_eq!(
        Cmcd::from_headers(headers.iter().map(|(n, v)| (n, v))).unwrap(),
        cmcd
    );
}

#[test]
fn custom_keys_keep_type_and_header() {
    let (_, headers) = &common::header_blocks()[2];
    let cmcd = Cmcd::from_headers(headers.iter().map(|(n, v)| (n, v))).unwrap();
    let get = |k: &str| cmcd.other.get(k).unwrap();
    assert_eq!(
        get("com.example-objectKey"),
        &Custom::new(Value::Integer(5), Shard::Object)
    );
    assert_eq!(
        get("com.example-requestKey"),
        &Custom::new(Value::String("r".into()), Shard::Request)
    );
    assert_eq!(
        get("com.example-sessionKey"),
        &Custom::new(Value::Token("tok".into()), Shard::Session)
    );
    assert_eq!(
        get("com.example-statusKey"),
        &Custom::new(Value::Bool(false), Shard::Status)
    );
}

#[test]
fn typed_to_string_to_typed() {
    let mut cmcd = Cmcd::default();
    cmcd.br = Some(u64::MAX);
    cmcd.pr = Some(0.25);
    cmcd.cid = Some("quote \" backslash \\ comma , é".into());
    cmcd.nrr = Some(ByteRange::Suffix { length: 7 });
    cmcd.bs = Some(false);
    cmcd.other.insert(
        "com.example-list".into(),
        Custom::new(
            Value::InnerList(vec![Value::Decimal(2.0), Value::Token("a".into())]),
            Shard::Status,
        ),
    );
    // u64::MAX has more than 15 digits: the encoder writes it, the strict decoder refuses it.
    let err = Cmcd::from_query(&cmcd.to_query_value()).unwrap_err();
    assert!(matches!(err, CmcdError::Malformed { .. }), "{err}");
    cmcd.br = Some(999_999_999_999_999);
    let from_query = Cmcd::from_query(&cmcd.to_query_value()).unwrap();
    let mut expected = cmcd.clone();
    expected.other.get_mut("com.example-list").unwrap().shard = Shard::Request;
    assert_eq!(from_query, expected);
    assert_eq!(Cmcd::from_headers(cmcd.to_headers()).unwrap(), cmcd);
    assert_eq!(
        cmcd.to_payload(),
        "br=999999999999999,bs=?0,cid=\"quote \\\" backslash \\\\ comma , é\",\
         com.example-list=(2.0 a),nrr=\"-7\",pr=0.25"
    );
}

#[test]
fn every_invalid_line_names_its_problem() {
    let lines = common::lines("invalid.txt");
    assert_eq!(lines.len(), 18);
    for line in lines {
        let (input, expected) = line.split_once('\t').unwrap();
        let err = Cmcd::from_query(input).expect_err(input).to_string();
        assert!(
            err.contains(expected),
            "{input}: got `{err}`, want `{expected}`"
        );
        // Lenient decoding keeps going (except without an argument at all).
        match Cmcd::from_query_lenient(input) {
            Ok(lenient) => assert!(!lenient.problems.is_empty(), "{input}"),
            Err(e) => assert_eq!(e, CmcdError::MissingQueryArgument),
        }
    }
}

#[test]
fn lenient_keeps_mistyped_keys() {
    let lenient = Cmcd::from_query_lenient("CMCD=br%3D1.5%2Cot%3Dx%2Ctb%3D12ab%2Csu%2Csu").unwrap();
    let cmcd = &lenient.cmcd;
    assert_eq!(cmcd.br, None);
    assert_eq!(
        cmcd.other["br"],
        Custom::new(Value::Decimal(1.5), Shard::Object)
    );
    assert_eq!(
        cmcd.other["ot"],
        Custom::new(Value::Token("x".into()), Shard::Object)
    );
    assert_eq!(
        cmcd.other["tb"],
        Custom::new(Value::Raw("12ab".into()), Shard::Object)
    );
    assert_eq!(cmcd.su, Some(true));
    assert_eq!(lenient.problems.len(), 5, "{:?}", lenient.problems);
    assert_eq!(cmcd.to_payload(), "br=1.5,ot=x,su,tb=12ab");
    let again = Cmcd::from_query_lenient(&cmcd.to_query_value()).unwrap();
    assert_eq!(&again.cmcd, cmcd);
}

#[test]
fn conformance_problems_are_reported_not_fatal() {
    let cmcd = Cmcd::from_query(
        "CMCD=bl%3D21350%2Ccid%3D%2212345678901234567890123456789012345678901234567890123456789012345%22%2Cmtp%3D1234%2Cxyz%3D1",
    )
    .unwrap();
    let keys: Vec<String> = cmcd
        .conformance_problems()
        .into_iter()
        .map(|p| match p {
            CmcdError::Nonconforming { key, .. } => key,
            other => panic!("{other}"),
        })
        .collect();
    assert_eq!(keys, ["bl", "mtp", "cid", "xyz"]);
}

#[test]
fn json_uses_cmcd_key_names() {
    let line = &common::lines("query_canonical.txt")[7];
    let cmcd = Cmcd::from_query(line).unwrap();
    let json = serde_json::to_value(&cmcd).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "br": 800, "d": 4000, "ot": "v",
            "com.example-myNumericKey": 500,
            "com.example-myStringKey": "myStringValue"
        })
    );
    let spec = Cmcd::from_query(&common::lines("query_canonical.txt")[0]).unwrap();
    let json = serde_json::to_value(&spec).unwrap();
    assert_eq!(json["nrr"], "12323-48763");
    assert_eq!(json["pr"], 1.08);
    assert_eq!(json["bs"], true);
    assert_eq!(json["sf"], "d");
}

#[test]
fn headers_are_matched_ignoring_case_and_others_skipped() {
    let (_, headers) = &common::header_blocks()[3];
    let cmcd = Cmcd::from_headers(headers.iter().map(|(n, v)| (n, v))).unwrap();
    assert_eq!(cmcd.br, Some(800));
    assert_eq!(cmcd.sid.as_deref(), Some("moved"));
    assert_eq!(cmcd.su, Some(true));
    assert_eq!(
        cmcd.to_headers(),
        [
            ("CMCD-Object", "br=800,ot=v".to_owned()),
            ("CMCD-Request", "bl=21300,su".to_owned()),
            ("CMCD-Session", "sid=\"moved\"".to_owned()),
        ]
    );
    let dup = Cmcd::from_headers([("CMCD-Object", "br=1"), ("CMCD-Status", "br=2")]);
    assert!(matches!(dup, Err(CmcdError::DuplicateKey { .. })));
}

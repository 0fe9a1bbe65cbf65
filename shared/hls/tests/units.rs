//! Unit-level checks of the value readers and tag parsers (kept out of src/ so the library
//! sources carry no unwrap at all).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: a panic is a failure

use ottedge_hls::tag::TypedTag;
use ottedge_hls::*;

mod attr {
    use super::*;

    #[test]
    fn round_trips_odd_spelling() {
        for text in [
            "PROGRAM-ID=1, BANDWIDTH=1280000",
            "PROGRAM-ID=9,BANDWIDTH=300000,",
            "METHOD=AES-128,URI=\"/hls-key/key.bin\", IV=0X10ef8f758ca555115584bb5b3c687f52",
            "CHARACTERISTICS=\"a, b\",URI=\"x\"",
            "4,SpliceType=VOD_DAI,Action=REPLACE, PAID=example.com/2024073010700,Acds=BA",
            "",
            ",,",
            "\"unterminated,A=B",
        ] {
            assert_eq!(AttrList::parse(text).to_string(), text);
        }
    }

    #[test]
    fn quoted_commas_stay_in_the_value() {
        let l = AttrList::parse("CODECS=\"avc1.4d401f, mp4a.40.2\",BANDWIDTH=1");
        assert_eq!(
            l.get("CODECS").unwrap().quoted_string().unwrap(),
            "avc1.4d401f, mp4a.40.2"
        );
        assert_eq!(l.get("BANDWIDTH").unwrap().decimal_integer().unwrap(), 1);
    }

    #[test]
    fn set_keeps_the_rest() {
        let mut l = AttrList::parse("PROGRAM-ID=1, BANDWIDTH=1280000,");
        l.set("BANDWIDTH", "5");
        l.set_quoted("PATHWAY-ID", "B").unwrap();
        assert_eq!(l.to_string(), "PROGRAM-ID=1, BANDWIDTH=5,PATHWAY-ID=\"B\",");
        assert!(l.remove("PROGRAM-ID"));
        assert_eq!(l.to_string(), " BANDWIDTH=5,PATHWAY-ID=\"B\",");
        assert!(l.set_quoted("X", "a\"b").is_err());
    }

    #[test]
    fn value_types() {
        assert_eq!(AttrValue("0x1").hex_sequence().unwrap(), vec![1]);
        assert_eq!(
            AttrValue("0XcaFE").hex_sequence().unwrap(),
            vec![0xca, 0xfe]
        );
        assert!(AttrValue("0xFCINVALID").hex_sequence().is_err());
        assert!(AttrValue("[IV]").hex_sequence().is_err());
        assert_eq!(AttrValue("-10.5").signed_decimal_float().unwrap(), -10.5);
        assert!(AttrValue("-10.5").decimal_float().is_err());
        assert!(AttrValue("1e5").decimal_float().is_err());
        assert!(AttrValue("inf").decimal_float().is_err());
        assert!(AttrValue(".").decimal_float().is_err());
        assert_eq!(
            AttrValue("\"1x1\"").resolution().unwrap(),
            Resolution {
                width: 1,
                height: 1
            }
        );
        assert!(AttrValue("\"INVALIDBW\"").decimal_integer().is_err());
        assert!(
            AttrValue("99999999999999999999999")
                .decimal_integer()
                .is_err()
        );
        assert!(AttrValue("\"abc").quoted_string().is_err());
        assert_eq!(AttrValue("abc").quoted_string().unwrap(), "abc");
    }
}

mod date_time {
    use super::*;

    #[test]
    fn parses_the_forms_in_the_test_data() {
        let ms = |s| DateTime::parse(s).unwrap().unix_millis;
        assert_eq!(ms("1970-01-01T00:00:00Z"), 0);
        assert_eq!(ms("2015-06-18T23:22:10Z"), 1_434_669_730_000);
        assert_eq!(ms("2024-09-24T15:31:57.350+00:00"), 1_727_191_917_350);
        assert_eq!(ms("2014-08-13T13:36:33+00:00"), ms("2014-08-13T13:36:33Z"));
        assert_eq!(ms("2014-08-13T15:36:33+0200"), ms("2014-08-13T13:36:33Z"));
        assert_eq!(ms("2019-04-17T19:28:12.046Z"), 1_555_529_292_046);
    }

    #[test]
    fn rejects_bad_forms() {
        for s in [
            "",
            "2014-08-13",
            "2014-08-13T13:36:33",
            "2014-02-30T00:00:00Z",
            "2014-08-13T13:36:33.Z",
            "x014-08-13T13:36:33Z",
            "2014-08-13T13:36:33+2",
        ] {
            assert!(DateTime::parse(s).is_err(), "{s}");
        }
    }
}

mod cue {
    use super::*;

    #[test]
    fn vendor_forms() {
        let c = CueOut::from_value(Some("DURATION=366,ID=16777323,CUE=\"/DAl\""), 1).unwrap();
        assert_eq!(
            (c.duration, c.id(), c.cue()),
            (Some(366.0), Some("16777323"), Some("/DAl"))
        );
        let c = CueOut::from_value(
            Some("4,SpliceType=VOD_DAI,Action=REPLACE, PAID=example.com/2024073010700,Acds=BA"),
            1,
        )
        .unwrap();
        assert_eq!(c.duration, Some(4.0));
        assert_eq!(CueOut::from_value(None, 1).unwrap().duration, None);
        assert!(CueOut::from_value(Some("abc"), 1).is_err());
        let c = CueOutCont::from_value(Some("14.001/120.0"), 1).unwrap();
        assert_eq!((c.elapsed, c.duration), (Some(14.001), Some(120.0)));
        let c =
            CueOutCont::from_value(Some("ElapsedTime=2.000,Duration=30,SCTE35=/DAn"), 1).unwrap();
        assert_eq!(
            (c.elapsed, c.duration, c.scte35()),
            (Some(2.0), Some(30.0), Some("/DAn"))
        );
        let c = CueSpan::from_value(Some("TIMEFROMSIGNAL=PT1M10.5S,ID=1"), 1).unwrap();
        assert_eq!(c.elapsed, Some(70.5));
        assert_eq!(CueOut::new(30.0).to_tag_line(), "#EXT-X-CUE-OUT:30");
        assert_eq!(CueIn::new().to_tag_line(), "#EXT-X-CUE-IN");
    }
}

mod extinf {
    use super::*;

    #[test]
    fn forms() {
        let e = Extinf::parse("10.0000,").unwrap();
        assert_eq!((e.duration, e.title), (10.0, None));
        let e = Extinf::parse("2.002,338559").unwrap();
        assert_eq!(e.title.as_deref(), Some("338559"));
        let e = Extinf::parse("10").unwrap();
        assert_eq!(e.duration, 10.0);
        let e = Extinf::parse("-1 tvg-id=\"a,b\" group-title=\"G\",Channel1").unwrap();
        assert_eq!(e.duration, -1.0);
        assert_eq!(
            e.attributes.as_deref(),
            Some("tvg-id=\"a,b\" group-title=\"G\"")
        );
        assert_eq!(e.title.as_deref(), Some("Channel1"));
        assert!(Extinf::parse("abc,").is_err());
        assert!(Extinf::parse(",x").is_err());
        assert_eq!(Extinf::new(5.76).to_tag_line(), "#EXTINF:5.76,");
    }
}

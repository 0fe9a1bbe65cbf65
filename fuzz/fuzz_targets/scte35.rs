//! SCTE 35 decode → encode → decode: a decodable section re-encodes to the same bytes and
//! decodes to the same value; the XML form of it reads back to its `xml_view`. No input may
//! panic. The CRC check is off so that the fuzzer reaches the body parsers.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ottedge_scte35::{DecodeOptions, SpliceInfoSection, xml};

fuzz_target!(|data: &[u8]| {
    let mut options = DecodeOptions::default();
    options.verify_crc = false;
    let Ok(section) = SpliceInfoSection::decode_with(data, options) else {
        return;
    };
    let bytes = section.encode().expect("a decoded section encodes");
    assert_eq!(bytes, data, "byte-exact re-encode");
    let again = SpliceInfoSection::decode_with(&bytes, options).expect("re-decode");
    assert_eq!(again, section);
    if !section.encrypted_packet() {
        if let Ok(from_xml) = xml::parse(&xml::write(&section, "scte35")) {
            assert_eq!(from_xml, xml::xml_view(&section));
        }
    }
});

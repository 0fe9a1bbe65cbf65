//! CMCD decode → encode → decode must give equal values, for the query form and the headers,
//! strict and lenient; no input may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ottedge_cmcd::Cmcd;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(cmcd) = Cmcd::from_query(text) {
        let again = Cmcd::from_query(&cmcd.to_query_value()).expect("re-decode of own query");
        assert_eq!(again, cmcd);
        let via_headers = Cmcd::from_headers(cmcd.to_headers()).expect("re-decode of own headers");
        assert_eq!(via_headers.to_payload(), cmcd.to_payload());
    }
    if let Ok(lenient) = Cmcd::from_query_lenient(text) {
        let again = Cmcd::from_query_lenient(&lenient.cmcd.to_query_value()).expect("lenient");
        assert_eq!(again.cmcd, lenient.cmcd);
    }
    if let Ok(lenient) = Cmcd::from_headers_lenient([("CMCD-Request", text)]) {
        let again = Cmcd::from_headers_lenient(lenient.cmcd.to_headers()).expect("lenient");
        assert_eq!(again.cmcd, lenient.cmcd);
    }
});

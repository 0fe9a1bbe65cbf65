//! The bounded element tree (ottedge-xml) and the SCTE 35 XML reader on top of it: no input
//! may panic or exceed the limits, and an accepted tree reports offsets inside the input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fn check(e: &ottedge_xml::Element, len: u64, depth: usize) -> usize {
    assert!(e.offset < len.max(1), "offset {} outside {len}", e.offset);
    assert!(depth <= 16);
    1 + e
        .children
        .iter()
        .map(|c| check(c, len, depth + 1))
        .sum::<usize>()
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(root) = ottedge_xml::parse(text, ottedge_xml::Limits::default()) {
        assert!(check(&root, data.len() as u64, 1) <= 4096);
    }
    let _ = ottedge_scte35::xml::parse(text);
});

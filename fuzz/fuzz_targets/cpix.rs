//! CPIX import (the license service's key-exchange endpoint, ottedge-license): no input may
//! panic; a rejection is an error value naming the byte offset or element.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = ottedge_license::cpix::import(text);
});

//! cargo fuzz target: decode → encode → decode equal, every typed accessor and the edge's
//! edits without panicking. The property lives in `ottedge_hls::fuzzing::check`, which the
//! `fuzz_smoke` test also runs on mutated test playlists.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    ottedge_hls::fuzzing::check(data);
});
